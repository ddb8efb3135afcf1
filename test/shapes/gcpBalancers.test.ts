import { providerOutputs } from "../../harness/providerSchema";
import { UNKNOWN } from "../../src/model/values";
import { endpointInstances, readFrontend } from "../../src/shapes/gcp/balancers";
import type { ResourceView } from "../../src/shapes/resource";
import { GT } from "../support/gcp";
import { trafficText } from "../support/modelText";

/**
 * Regional forwarding rules read as what they forward to the hosts behind them: each row is the
 * props as the provider writes them after an update (every field; unset "", false, [], null) or as
 * they stand at preview (unknowns), and the reading expected. What cannot be read is carried whole,
 * and says so.
 */
const written = (props: Record<string, unknown>): ResourceView => ({ urn: "urn:fr", type: GT.forwardingRule, name: "edge-fr", props: providerOutputs(GT.forwardingRule, { name: "edge-fr", region: "europe-west1", ipAddress: "203.0.113.10", ...props }), propertyDependencies: {} });
const preview = (props: Record<string, unknown>): ResourceView => ({ urn: "urn:fr", type: GT.forwardingRule, name: "edge-fr", props: { name: "edge-fr", ipAddress: UNKNOWN, ipVersion: UNKNOWN, ...props }, propertyDependencies: {} });
const EXTERNAL = { loadBalancingScheme: "EXTERNAL", ipProtocol: "TCP" };
const V4 = "from 0.0.0.0/0";

const rows: [string, ResourceView, { scheme: string; forwards: string; carries: string[]; widened?: string[]; unknown?: boolean }][] = [
  ["a port range, as written after an update", written({ ...EXTERNAL, portRange: "50000-59999" }), { scheme: "external", forwards: "TCP 50000-59999 from any IPv4 address", carries: [`protocols 6 ports 50000-59999 ${V4}`] }],
  ["an unset scheme is EXTERNAL, an unset protocol TCP", written({ portRange: "443" }), { scheme: "external", forwards: "TCP 443 from any IPv4 address", carries: [`protocols 6 ports 443 ${V4}`] }],
  ["a ports list", written({ ...EXTERNAL, ports: ["50001", "50003"] }), { scheme: "external", forwards: "TCP 50001, 50003 from any IPv4 address", carries: [`protocols 6 ports 50001,50003 ${V4}`] }],
  ["allPorts", written({ ...EXTERNAL, allPorts: true }), { scheme: "external", forwards: "TCP every port (allPorts) from any IPv4 address", carries: [`protocols 6 ports 0-65535 ${V4}`] }],
  ["no ports, portRange or allPorts: every port", written(EXTERNAL), { scheme: "external", forwards: "TCP every port (no ports, portRange or allPorts) from any IPv4 address", carries: [`protocols 6 ports 0-65535 ${V4}`] }],
  ["UDP", written({ ...EXTERNAL, ipProtocol: "UDP", portRange: "50000-59999" }), { scheme: "external", forwards: "UDP 50000-59999 from any IPv4 address", carries: [`protocols 17 ports 50000-59999 ${V4}`] }],
  ["L3_DEFAULT forwards every protocol and port", written({ ...EXTERNAL, ipProtocol: "L3_DEFAULT", allPorts: true }), { scheme: "external", forwards: "every protocol (L3_DEFAULT) from any IPv4 address", carries: [`protocols 0-255 ports 0-65535 ${V4}`] }],
  ["ESP has no ports", written({ ...EXTERNAL, ipProtocol: "ESP" }), { scheme: "external", forwards: "ESP from any IPv4 address", carries: [`protocols 50 ports 0-65535 ${V4}`] }],
  ["IPv6 by ipVersion", written({ ...EXTERNAL, ipVersion: "IPV6", ipAddress: "2600:1900:4010::/96", portRange: "50001" }), { scheme: "external", forwards: "TCP 50001 from any IPv6 address", carries: ["protocols 6 ports 50001 from ::/0"] }],
  ["IPv6 by the address alone", written({ ...EXTERNAL, ipAddress: "2600:1900:4010::", portRange: "50001" }), { scheme: "external", forwards: "TCP 50001 from any IPv6 address", carries: ["protocols 6 ports 50001 from ::/0"] }],
  ["sourceIpRanges narrows the clients", written({ ...EXTERNAL, portRange: "50001", sourceIpRanges: ["198.51.100.0/24"] }), { scheme: "external", forwards: "TCP 50001 from 198.51.100.0/24 (sourceIpRanges)", carries: ["protocols 6 ports 50001 from 198.51.100.0/24"] }],
  ["INTERNAL", written({ ...EXTERNAL, loadBalancingScheme: "INTERNAL", ports: ["50001"] }), { scheme: "internal", forwards: "TCP 50001 from any IPv4 address", carries: [`protocols 6 ports 50001 ${V4}`] }],
  ["EXTERNAL_MANAGED is a proxy", written({ ...EXTERNAL, loadBalancingScheme: "EXTERNAL_MANAGED", portRange: "443" }), { scheme: "proxy", forwards: "TCP 443 from any IPv4 address", carries: [`protocols 6 ports 443 ${V4}`] }],
  [
    "a malformed port range is carried as every port",
    written({ ...EXTERNAL, portRange: "50000-" }),
    { scheme: "external", forwards: "TCP every port from any IPv4 address", carries: [`protocols 6 ports 0-65535 ${V4}`], widened: ['ForwardingRule "edge-fr": portRange is "50000-", not a port or a range ("50001", "50000-59999"), so every port is carried'] },
  ],
  [
    "a protocol it does not take is carried as every protocol",
    written({ ...EXTERNAL, ipProtocol: "GRE" }),
    { scheme: "external", forwards: "every protocol from any IPv4 address", carries: [`protocols 0-255 ports 0-65535 ${V4}`], widened: ['ForwardingRule "edge-fr": ipProtocol is "GRE", not a protocol a forwarding rule takes (TCP, UDP, ESP, AH, SCTP, ICMP, L3_DEFAULT), so every protocol is carried'] },
  ],
  [
    "preview: the address family unknown, every source",
    preview({ portRange: "50000-59999" }),
    { scheme: "external", forwards: "TCP 50000-59999 from every source address", carries: ["protocols 6 ports 50000-59999 from ::/0 0.0.0.0/0"], widened: ['ForwardingRule "edge-fr": ipVersion is not known until the update, so every source address is carried'], unknown: true },
  ],
  [
    "preview: the ports unknown, every port",
    preview({ ipVersion: "IPV4", portRange: UNKNOWN }),
    { scheme: "external", forwards: "TCP every port from any IPv4 address", carries: [`protocols 6 ports 0-65535 ${V4}`], widened: ['ForwardingRule "edge-fr": portRange is not known until the update, so every port is carried'], unknown: true },
  ],
  [
    "unreadable sourceIpRanges narrow nothing",
    written({ ...EXTERNAL, portRange: "50001", sourceIpRanges: ["198.51.100.0/24", "partners"] }),
    { scheme: "external", forwards: "TCP 50001 from any IPv4 address", carries: [`protocols 6 ports 50001 ${V4}`], widened: ['ForwardingRule "edge-fr": sourceIpRanges[1] is "partners", not an address range, so every source of any IPv4 address is carried'] },
  ],
  [
    "preview: sourceIpRanges unknown, every source of the family",
    preview({ ipVersion: "IPV4", portRange: "50001", sourceIpRanges: [UNKNOWN] }),
    { scheme: "external", forwards: "TCP 50001 from any IPv4 address", carries: [`protocols 6 ports 50001 ${V4}`], widened: ['ForwardingRule "edge-fr": sourceIpRanges is not known until the update, so every source of any IPv4 address is carried'], unknown: true },
  ],
  [
    "a malformed item of ports is carried as every port",
    written({ ...EXTERNAL, ports: ["50001", "5000x"] }),
    { scheme: "external", forwards: "TCP every port from any IPv4 address", carries: [`protocols 6 ports 0-65535 ${V4}`], widened: ['ForwardingRule "edge-fr": ports[1] is "5000x", not a port or a range ("50001", "50000-59999"), so every port is carried'] },
  ],
  ["preview: the scheme unknown", preview({ loadBalancingScheme: UNKNOWN, ipVersion: "IPV4", portRange: "443" }), { scheme: "unknown", forwards: "TCP 443 from any IPv4 address", carries: [`protocols 6 ports 443 ${V4}`] }],
];

test.each(rows)("%s", (_name, view, expected) => {
  const frontend = readFrontend(view);
  expect({ scheme: frontend.scheme, forwards: frontend.forwards, carries: trafficText(frontend.carries), widened: frontend.widened, unknown: frontend.unknown }).toEqual({ widened: [], unknown: false, ...expected });
});

/** The instances a NetworkEndpoint or NetworkEndpointList adds to its group, as the provider writes them and at preview. */
const endpointRows: [string, ResourceView, { path: string; value: unknown }[]][] = [
  ["a NetworkEndpoint after an update", { ...written({}), type: GT.endpoint, props: providerOutputs(GT.endpoint, { zone: "europe-west1-b", networkEndpointGroup: "edge-neg", instance: "edge-1", ipAddress: "10.0.0.2" }) }, [{ path: "instance", value: "edge-1" }]],
  [
    "a NetworkEndpointList after an update",
    { ...written({}), type: GT.endpointList, props: providerOutputs(GT.endpointList, { zone: "europe-west1-b", networkEndpointGroup: "edge-neg", networkEndpoints: [{ instance: "edge-1", ipAddress: "10.0.0.2", port: 0 }, { instance: "edge-2", ipAddress: "10.0.0.3", port: 0 }] }) },
    [
      { path: "networkEndpoints[0].instance", value: "edge-1" },
      { path: "networkEndpoints[1].instance", value: "edge-2" },
    ],
  ],
  ["a NetworkEndpointList with no endpoints (the provider writes [])", { ...written({}), type: GT.endpointList, props: providerOutputs(GT.endpointList, { networkEndpointGroup: "edge-neg" }) }, []],
  ["a NetworkEndpoint at preview", { ...preview({}), type: GT.endpoint, props: { networkEndpointGroup: UNKNOWN, instance: UNKNOWN } }, [{ path: "instance", value: UNKNOWN }]],
  ["a NetworkEndpointList unknown as a whole at preview: followed by its dependencies", { ...preview({}), type: GT.endpointList, props: { networkEndpointGroup: UNKNOWN, networkEndpoints: UNKNOWN } }, [{ path: "networkEndpoints", value: UNKNOWN }]],
];

test.each(endpointRows)("%s", (_name, view, expected) => {
  expect(endpointInstances(view)).toEqual(expected);
});
