import { UNKNOWN } from "../../src/model/values";
import { ACCELERATOR_LISTENER, ENDPOINT_GROUP, endpointTraffic } from "../../src/shapes/aws/accelerators";
import type { ResourceView } from "../../src/shapes/resource";
import { numbersText } from "../support/modelText";

/** What a Global Accelerator listener delivers to an endpoint group's endpoints, as the provider writes both after an update. */
const view = (type: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "r", props, propertyDependencies: {} });
const listener = (protocol: unknown, portRanges: unknown) => view(ACCELERATOR_LISTENER, { acceleratorArn: "arn:aws:globalaccelerator::1:accelerator/a", protocol, portRanges, clientAffinity: "NONE" });
const group = (portOverrides: unknown = []) => view(ENDPOINT_GROUP, { listenerArn: "arn:l", portOverrides, endpointConfigurations: [], healthCheckPort: 0 });
const read = (l: ResourceView, g: ResourceView) => {
  const t = endpointTraffic(l, g);
  return t && [numbersText(t.protocols), numbersText(t.ports), t.text];
};

test.each([
  ["one TCP port", listener("TCP", [{ fromPort: 443, toPort: 443 }]), group(), ["6", "443", "TCP 443"]],
  ["a UDP range", listener("UDP", [{ fromPort: 50000, toPort: 50010 }]), group(), ["17", "50000-50010", "UDP 50000-50010"]],
  ["a port override moves the port", listener("TCP", [{ fromPort: 443, toPort: 443 }]), group([{ listenerPort: 443, endpointPort: 50001 }]), ["6", "50001", "TCP 443 (443 to 50001)"]],
  ["overrides apply to listener ports, not to each other's endpoint ports", listener("TCP", [{ fromPort: 80, toPort: 81 }]), group([{ listenerPort: 80, endpointPort: 81 }, { listenerPort: 81, endpointPort: 50001 }]), ["6", "81,50001", "TCP 80-81 (80 to 81, 81 to 50001)"]],
  ["an override of a port the listener does not hold changes nothing", listener("TCP", [{ fromPort: 443, toPort: 443 }]), group([{ listenerPort: 8443, endpointPort: 50001 }]), ["6", "443", "TCP 443"]],
  ["a protocol unknown at preview: every port counts", listener(UNKNOWN, [{ fromPort: 443, toPort: 443 }]), group(), undefined],
  ["a port range unknown at preview", listener("TCP", UNKNOWN), group(), undefined],
  ["an override unknown at preview", listener("TCP", [{ fromPort: 443, toPort: 443 }]), group([{ listenerPort: 443, endpointPort: UNKNOWN }]), undefined],
])("%s", (_name, l, g, expected) => {
  expect(read(l, g)).toEqual(expected);
});
