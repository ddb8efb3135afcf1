import { UNKNOWN } from "../../src/model/values";
import { alwaysAllowRule } from "../../src/shapes/azure/adminRules";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import type { ResourceView } from "../../src/shapes/resource";
import { numbersText } from "../support/modelText";

/**
 * Azure Virtual Network Manager's security admin rules as each provider writes them: only an
 * inbound AlwaysAllow is an opening (Allow hands on to the NSGs, Deny drops), read as NSG rules are.
 */
const view = (type: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "always-media", props, propertyDependencies: {} });
const INTERNET = [{ addressPrefix: "Internet", addressPrefixType: "ServiceTag" }];
const native = (more: Record<string, unknown> = {}) => view(NATIVE.adminRule, { name: "always-media", kind: "Custom", access: "AlwaysAllow", direction: "Inbound", priority: 10, protocol: "Tcp", sources: INTERNET, destinations: [], sourcePortRanges: [], destinationPortRanges: ["50000-59999"], ...more });
const read = (v: ResourceView) => {
  const always = alwaysAllowRule(v);
  const rule = always?.rule;
  return rule && { protocols: numbersText(rule.protocol.numbers), ports: numbersText(rule.ports), sources: rule.sources.map((s) => `${s.kind} ${"text" in s ? s.text : ""}`), doubts: rule.doubts.map((d) => d.kind), ...(always.fromVirtualNetwork ? { fromVirtualNetwork: true } : {}) };
};
const OPEN = { protocols: "6", ports: "50000-59999", sources: ["cidr Internet"], doubts: [] };

test.each([
  ["azure-native, AlwaysAllow from Internet", native(), OPEN],
  ["classic, its action AlwaysAllow", view(CLASSIC.adminRule, { name: "always-media", action: "AlwaysAllow", description: "", direction: "Inbound", priority: 10, protocol: "Tcp", sources: INTERNET, destinations: [], sourcePortRanges: [], destinationPortRanges: ["50000-59999"], adminRuleCollectionId: "/c" }), OPEN],
  ["classic, the bridge's blank sources: every source", view(CLASSIC.adminRule, { name: "always-media", action: "AlwaysAllow", description: "", direction: "Inbound", priority: 10, protocol: "Tcp", sources: [], destinations: [], sourcePortRanges: [], destinationPortRanges: ["50000-59999"], adminRuleCollectionId: "/c" }), { ...OPEN, sources: ["cidr any source"] }],
  ["Allow hands on to the NSGs", native({ access: "Allow" }), undefined],
  ["Deny is no opening", native({ access: "Deny" }), undefined],
  ["outbound is no opening", native({ direction: "Outbound" }), undefined],
  ["Any protocol, no port range: every port", native({ protocol: "Any", destinationPortRanges: [] }), { protocols: "0-255", ports: "0-65535", sources: ["cidr Internet"], doubts: [] }],
  ["no sources: every source", native({ sources: [] }), { ...OPEN, sources: ["cidr any source"] }],
  ["a network group's networks are internal", native({ sources: [{ addressPrefix: "/subscriptions/s/networkGroups/spokes", addressPrefixType: "NetworkGroup" }] }), { ...OPEN, sources: ["internal network group /subscriptions/s/networkGroups/spokes"] }],
  ["an access unknown at preview may be AlwaysAllow", native({ access: UNKNOWN }), { ...OPEN, doubts: ["unknown"] }],
  ["a port range that cannot be read: every port", native({ destinationPortRanges: ["fifty"] }), { ...OPEN, ports: "0-65535", doubts: ["malformed"] }],
  ["not an admin rule", view(NATIVE.nsg, { access: "AlwaysAllow", direction: "Inbound" }), undefined],
  ["an access that cannot be read may be AlwaysAllow", native({ access: 5 }), { ...OPEN, doubts: ["malformed"] }],
  ["a direction that cannot be read may be inbound", native({ direction: "Sideways" }), { ...OPEN, doubts: ["malformed"] }],
  ["ICMP has no ports: all of it", native({ protocol: "Icmp", destinationPortRanges: ["50000-59999"] }), { ...OPEN, protocols: "1", ports: "0-65535" }],
  ["from VirtualNetwork, which routes may widen", native({ sources: [{ addressPrefix: "VirtualNetwork", addressPrefixType: "ServiceTag" }] }), { ...OPEN, sources: ["internal VirtualNetwork"], fromVirtualNetwork: true }],
])("%s", (_name, v, expected) => {
  expect(read(v)).toEqual(expected);
});
