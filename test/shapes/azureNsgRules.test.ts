import { Secret, UNKNOWN } from "../../src/model/values";
import { parseAddressBlock } from "../../src/model/addresses";
import type { Prefixes } from "../../src/shapes/azure/links";
import { forwardedFilterRule, inlineNsgRules, nsgFilterRule, standaloneNsgRule, type Holds, type RuleTarget } from "../../src/shapes/azure/nsgRules";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import type { ResourceView } from "../../src/shapes/resource";
import { MEDIA, PROVIDERS, ruleProps, towards, type Provider, type Rule } from "../support/azure";
import { filterRuleText, inboundRuleText } from "../support/modelText";

/**
 * NSG rules read into the rule model, for both providers as written after an update (azure-native
 * leaves unset fields out, the classic bridge writes "" and []) and at preview (UNKNOWN). A row is
 * a rule and what it reads as: protocol, ports, sources, doubts, and its filter step.
 */
const nsgView = (p: Provider, securityRules: unknown): ResourceView => ({
  urn: "urn:nsg",
  type: p === "native" ? NATIVE.nsg : CLASSIC.nsg,
  name: "edge-nsg",
  props: { name: "edge-nsg", securityRules },
  propertyDependencies: {},
});

const WORLD = "::/0 0.0.0.0/0";
const tcp = (ports: string) => ({ protocol: "tcp = 6", ports });

interface Row {
  readonly name: string;
  readonly rule: Rule;
  readonly protocol?: string;
  readonly ports?: string;
  readonly sources: string[];
  readonly doubts?: string[];
}

const rows: Row[] = [
  { name: "a port range from Internet", rule: MEDIA, ...tcp("50000-59999"), sources: [`cidr Internet = ${WORLD}`] },
  { name: "one port from *", rule: { ...MEDIA, ports: "50001", from: "*" }, ...tcp("50001"), sources: [`cidr * = ${WORLD}`] },
  { name: "a port list", rule: { ...MEDIA, ports: ["443", "50000", "50004-59999"] }, ...tcp("443,50000,50004-59999"), sources: [`cidr Internet = ${WORLD}`] },
  { name: "every port", rule: { ...MEDIA, ports: "*" }, ...tcp("0-65535"), sources: [`cidr Internet = ${WORLD}`] },
  { name: "protocol * keeps its ports", rule: { ...MEDIA, protocol: "*" }, protocol: "any = 0-255", ports: "50000-59999", sources: [`cidr Internet = ${WORLD}`] },
  { name: "Udp, any case", rule: { ...MEDIA, protocol: "UDP" }, protocol: "udp = 17", ports: "50000-59999", sources: [`cidr Internet = ${WORLD}`] },
  { name: "Icmp ignores ports", rule: { ...MEDIA, protocol: "Icmp" }, protocol: "icmp = 1 (portless)", ports: "0-65535", sources: [`cidr Internet = ${WORLD}`] },
  { name: "Esp", rule: { ...MEDIA, protocol: "Esp" }, protocol: "esp = 50 (portless)", ports: "0-65535", sources: [`cidr Internet = ${WORLD}`] },
  { name: "Ah", rule: { ...MEDIA, protocol: "Ah" }, protocol: "ah = 51 (portless)", ports: "0-65535", sources: [`cidr Internet = ${WORLD}`] },
  { name: "the literal 0.0.0.0/0", rule: { ...MEDIA, from: "0.0.0.0/0" }, ...tcp("50000-59999"), sources: ["cidr 0.0.0.0/0 = 0.0.0.0/0"] },
  { name: "a bare IPv4 address", rule: { ...MEDIA, from: "203.0.113.9" }, ...tcp("50000-59999"), sources: ["cidr 203.0.113.9 = 203.0.113.9/32"] },
  { name: "an IPv6 block", rule: { ...MEDIA, from: "2001:db8::/32" }, ...tcp("50000-59999"), sources: ["cidr 2001:db8::/32 = 2001:db8::/32"] },
  { name: "a list of prefixes", rule: { ...MEDIA, from: ["198.51.100.0/24", "10.0.0.0/8"] }, ...tcp("50000-59999"), sources: ["cidr 198.51.100.0/24 = 198.51.100.0/24", "cidr 10.0.0.0/8 = 10.0.0.0/8"] },
  { name: "VirtualNetwork is internal", rule: { ...MEDIA, from: "VirtualNetwork" }, ...tcp("50000-59999"), sources: ["internal VirtualNetwork"] },
  { name: "AzureLoadBalancer is internal", rule: { ...MEDIA, from: "AzureLoadBalancer" }, ...tcp("50000-59999"), sources: ["internal AzureLoadBalancer"] },
  { name: "a regional service tag is any address", rule: { ...MEDIA, from: "Storage.WestEurope" }, ...tcp("50000-59999"), sources: [`cidr Storage.WestEurope = ${WORLD}`] },
  { name: "a secret prefix is used, never shown", rule: { ...MEDIA, from: new Secret("0.0.0.0/0") }, ...tcp("50000-59999"), sources: ["cidr [secret] = 0.0.0.0/0"] },
  {
    name: "a malformed prefix stands for any address",
    rule: { ...MEDIA, from: "0.0.0.0/33" },
    ...tcp("50000-59999"),
    sources: ['unresolved securityRules[0].sourceAddressPrefix (unreadable) (malformed: securityRules[0].sourceAddressPrefix "0.0.0.0/33" is not an address, a CIDR block, * or a service tag; read as any address)'],
  },
  {
    name: "a prefix unknown at preview",
    rule: { ...MEDIA, from: UNKNOWN },
    ...tcp("50000-59999"),
    sources: ["unresolved securityRules[0].sourceAddressPrefix (unknown) (unknown: securityRules[0].sourceAddressPrefix is not known until the resources it depends on exist)"],
  },
  {
    name: "no source at all",
    rule: { ...MEDIA, from: [] },
    ...tcp("50000-59999"),
    sources: ["unresolved securityRules[0].sourceAddressPrefix (unreadable) (malformed: securityRules[0].sourceAddressPrefix and securityRules[0].sourceAddressPrefixes are both missing; read as any address)"],
  },
  { name: "a malformed port range", rule: { ...MEDIA, ports: "59999-50000" }, ...tcp("0-65535"), sources: [`cidr Internet = ${WORLD}`], doubts: ['malformed securityRules[0].destinationPortRange: securityRules[0].destinationPortRange is "59999-50000", not a port, a range a-b or *'] },
  { name: "a port list unknown at preview", rule: { ...MEDIA, ports: [UNKNOWN as unknown as string] }, ...tcp("0-65535"), sources: [`cidr Internet = ${WORLD}`], doubts: ["unknown securityRules[0].destinationPortRanges[0]: securityRules[0].destinationPortRanges[0] is not known until the resources it depends on exist"] },
  { name: "a protocol Azure does not take", rule: { ...MEDIA, protocol: "Gre" }, protocol: "unreadable protocol = 0-255 (portless)", ports: "0-65535", sources: [`cidr Internet = ${WORLD}`], doubts: ['malformed securityRules[0].protocol: securityRules[0].protocol is "Gre", not a protocol Azure accepts (Tcp, Udp, Icmp, Esp, Ah or *)'] },
  { name: "an access that is neither", rule: { ...MEDIA, access: "Permit" }, ...tcp("50000-59999"), sources: [`cidr Internet = ${WORLD}`], doubts: ['malformed securityRules[0].access: securityRules[0].access is "Permit", not "Allow" or "Deny"; read as an allow'] },
  { name: "a direction unknown at preview", rule: { ...MEDIA, direction: UNKNOWN }, ...tcp("50000-59999"), sources: [`cidr Internet = ${WORLD}`], doubts: ["unknown securityRules[0].direction: securityRules[0].direction is not known until the resources it depends on exist"] },
];

describe.each(PROVIDERS)("inline NSG rules (%s)", (p) => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, row.rule)]));
    expect(inboundRuleText(read.rule)).toEqual({ rule: "securityRules[0]", protocol: row.protocol, ports: row.ports, sources: row.sources, doubts: row.doubts ?? [] });
  });

  test("outbound rules are left out", () => {
    expect(inlineNsgRules(nsgView(p, [ruleProps(p, { ...MEDIA, direction: "Outbound" })]))).toEqual([]);
  });

  test("application security groups are internal sources", () => {
    const groups = p === "native" ? { sourceApplicationSecurityGroups: [{ id: "asg-edge" }] } : { sourceApplicationSecurityGroupIds: ["asg-edge"] };
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, { ...MEDIA, from: [], extra: groups })]));
    expect(read.rule.sources.map((s) => s.kind === "internal" && s.text)).toEqual(["application security group asg-edge"]);
  });

  test.each([
    ["an unset list", undefined, 0],
    ["null", null, 0],
    ["an empty list", [], 0],
  ])("securityRules as %s: no rules", (_name, value, count) => {
    expect(inlineNsgRules(nsgView(p, value))).toHaveLength(count);
  });

  test("securityRules unknown at preview: one rule that may allow everything, first", () => {
    const [read] = inlineNsgRules(nsgView(p, UNKNOWN));
    expect(filterRuleText(nsgFilterRule(read, "edge-nsg"))).toMatchObject({ order: -Infinity, verdict: "continue", traffic: ["protocols 0-255 ports 0-65535 from ::/0 0.0.0.0/0"] });
  });

  test("a rule that is not an object may allow everything, first", () => {
    const [read] = inlineNsgRules(nsgView(p, [42]));
    expect(read.allows).toBe(true);
    expect(read.priority).toBe(-Infinity);
    expect(read.rule.sources.map((s) => s.kind === "unresolved" && s.doubt.detail)).toEqual(["securityRules[0] is number 42, not a rule"]);
  });
});

/** The filter step a rule is in its NSG's first-match list. */
const filterRows: [string, Rule, Record<string, unknown>][] = [
  ["an exact deny is credited", { ...MEDIA, access: "Deny", ports: "50001-50003" }, { order: 200, verdict: "block", exact: true, label: 'rule 200 "allow-media" of NSG "edge-nsg"', traffic: [`protocols 6 ports 50001-50003 from ${WORLD}`], doubts: [] }],
  ["an exact allow claims what it matches", MEDIA, { verdict: "pass", exact: true }],
  ["an allow from a service tag hands on what it may match", { ...MEDIA, from: "AzureCloud" }, { verdict: "continue", traffic: [`protocols 6 ports 50000-59999 from ${WORLD}`] }],
  ["a deny from a service tag matches nothing it can be credited for", { ...MEDIA, access: "Deny", from: "AzureCloud" }, { verdict: "block", traffic: [] }],
  ["a deny from VirtualNetwork matches no internet source", { ...MEDIA, access: "Deny", from: "VirtualNetwork" }, { verdict: "block", traffic: [] }],
  ["a deny of one source port is partial", { ...MEDIA, access: "Deny", extra: { sourcePortRange: "1024" } }, { verdict: "block", exact: false }],
  ["a deny towards one address is partial", { ...MEDIA, access: "Deny", extra: { destinationAddressPrefix: "10.0.1.5" } }, { verdict: "block", exact: false }],
  ["a deny towards VirtualNetwork covers every host", { ...MEDIA, access: "Deny", extra: { destinationAddressPrefix: "VirtualNetwork" } }, { verdict: "block", exact: true }],
  ["priority 100 is the lowest valid", { ...MEDIA, priority: 100 }, { order: 100, doubts: [] }],
  ["priority 4096 is the highest valid", { ...MEDIA, priority: 4096 }, { order: 4096, doubts: [] }],
  ["priority 4097 is malformed", { ...MEDIA, access: "Deny", priority: 4097 }, { order: -Infinity, label: 'rule (priority unreadable) "allow-media" of NSG "edge-nsg"', doubts: ["malformed securityRules[0].priority: securityRules[0].priority is number 4097, not a priority 100-4096"] }],
  ["a fractional priority is malformed", { ...MEDIA, priority: 150.5 }, { order: -Infinity, verdict: "continue" }],
  ["a priority unknown at preview", { ...MEDIA, access: "Deny", priority: UNKNOWN }, { order: -Infinity, doubts: ["unknown securityRules[0].priority: securityRules[0].priority is not known until the resources it depends on exist"] }],
];

describe.each(PROVIDERS)("NSG rules as filter steps (%s)", (p) => {
  test.each(filterRows)("%s", (_name, rule, expected) => {
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, rule)]));
    expect(filterRuleText(nsgFilterRule(read, "edge-nsg"))).toMatchObject(expected);
  });
});

/**
 * The filter step a rule is for traffic to one host: NSGs compare its destination with the host's
 * private address (or, where that is not known, the host's subnet).
 */
const block = (text: string) => ({ text, addresses: parseAddressBlock(text.split(" ").pop()!)! });
const HOST: RuleTarget = { name: "the Edge", addresses: block("private address 10.0.1.4") };
const IN_SUBNET: RuleTarget = { name: "the Edge", addresses: block("private address in 10.0.1.0/24") };
/** The host, a member of the rule's groups as told. */
const member = (holds: Holds, why?: string): RuleTarget => ({ ...HOST, inGroups: () => ({ holds, why }) });
const DENY_TOWARDS = (extra: (p: Provider) => Record<string, unknown>) => (p: Provider): Rule => ({ ...MEDIA, access: "Deny", ports: "50001-50003", extra: extra(p) });
const to = (destination: Parameters<typeof towards>[1]) => DENY_TOWARDS((p) => towards(p, destination));
const targetRows: [string, (p: Provider) => Rule, RuleTarget | undefined, Record<string, unknown>][] = [
  ["a deny towards the host's address", to("10.0.1.4"), HOST, { exact: true, partialWhy: undefined }],
  ["a deny towards a block holding it", to("10.0.0.0/16"), HOST, { exact: true }],
  ["a deny towards blocks that together hold it", to(["10.0.1.0/30", "10.0.1.4/30"]), HOST, { exact: true }],
  ["a deny towards the host's subnet, its address not known", to("10.0.1.0/24"), IN_SUBNET, { exact: true }],
  ["a deny towards part of the subnet, the host's address not known", to("10.0.1.0/25"), IN_SUBNET, { exact: false, partialWhy: "its destination (10.0.1.0/25) may not include the Edge (private address in 10.0.1.0/24)" }],
  ["a deny towards another address matches none of the host's traffic", to("10.0.1.5"), HOST, { traffic: [] }],
  ["a deny towards an address, no host known", to("10.0.1.4"), undefined, { exact: false, partialWhy: "its destination (10.0.1.4) may not include the host" }],
  ["a deny towards a service tag", to("Storage"), HOST, { exact: false, partialWhy: "its destination (Storage) may not include the Edge (private address 10.0.1.4)" }],
  ["a deny towards an application security group, membership not given", to({ group: "asg-edge" }), HOST, { exact: false, partialWhy: "its destination (application security group asg-edge) may not include the Edge" }],
  ["a deny towards a group the host is in", to({ group: "asg-edge" }), member("all"), { exact: true }],
  ["a deny towards a group the host is not in matches none of its traffic", to({ group: "asg-edge" }), member("none"), { traffic: [] }],
  ["a deny towards a group the host is not in, its address not known", to({ group: "asg-edge" }), { ...member("none"), addresses: undefined }, { traffic: [] }],
  ["a deny towards a group some of the host is in", to({ group: "asg-edge" }), member("unsure", "only some of its IP configurations are members"), { exact: false, partialWhy: "its destination (application security group asg-edge) may not include the Edge: only some of its IP configurations are members" }],
  ["a deny towards the host's address, membership unsure", DENY_TOWARDS((p) => ({ ...towards(p, { group: "asg-edge" }), ...towards(p, ["10.0.1.4"]) })), member("unsure", "why"), { exact: true }],
  ["a deny towards another address and a group the host is not in", DENY_TOWARDS((p) => ({ ...towards(p, { group: "asg-edge" }), ...towards(p, ["10.0.1.5"]) })), member("none"), { traffic: [] }],
  ["a deny towards a destination unknown at preview", DENY_TOWARDS(() => ({ destinationAddressPrefix: UNKNOWN })), HOST, { exact: false, partialWhy: "its destination ((unknown at preview)) may not include the Edge (private address 10.0.1.4)" }],
  ["a deny of source ports 0-65535 is of them all", DENY_TOWARDS(() => ({ sourcePortRange: "0-65535" })), HOST, { exact: true }],
  ["a deny of some source ports says so", DENY_TOWARDS(() => ({ sourcePortRange: "1024-5000" })), HOST, { exact: false, partialWhy: "it matches source ports 1024-5000 only" }],
];

describe.each(PROVIDERS)("NSG rules as filter steps for one host (%s)", (p) => {
  test.each(targetRows)("%s", (_name, rule, target, expected) => {
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, rule(p))]));
    const step = nsgFilterRule(read, "edge-nsg", target);
    expect({ ...filterRuleText(step), partialWhy: step.partialWhy }).toMatchObject(expected);
  });
});

/** The filter step a rule is for traffic Azure Firewall forwards by DNAT: every client arrives from an address of the firewall's subnet. */
const FIREWALL_SUBNET = { text: "10.0.0.0/26", addresses: parseAddressBlock("10.0.0.0/26")! };
const DENY = { ...MEDIA, access: "Deny", ports: "50001-50003" };
const EVERY_CLIENT = [`protocols 6 ports 50001-50003 from ${WORLD}`];
const forwardedRows: [string, Rule, Prefixes | undefined, Record<string, unknown>][] = [
  ["a deny from * holds the firewall's address", { ...DENY, from: "*" }, undefined, { verdict: "block", exact: true, traffic: EVERY_CLIENT }],
  ["a deny from VirtualNetwork holds it", { ...DENY, from: "VirtualNetwork" }, undefined, { verdict: "block", exact: true, traffic: EVERY_CLIENT }],
  ["a deny from a block holding the firewall's subnet", { ...DENY, from: "10.0.0.0/16" }, FIREWALL_SUBNET, { verdict: "block", exact: true, traffic: EVERY_CLIENT }],
  ["a deny from Internet never meets it", { ...DENY, from: "Internet" }, FIREWALL_SUBNET, { verdict: "block", traffic: [] }],
  ["a deny from AzureLoadBalancer never meets it", { ...DENY, from: "AzureLoadBalancer" }, undefined, { verdict: "block", traffic: [] }],
  ["a deny from a block outside the firewall's subnet never meets it", { ...DENY, from: "10.9.0.0/16" }, FIREWALL_SUBNET, { verdict: "block", traffic: [] }],
  [
    "a deny from part of the firewall's subnet may miss the address used",
    { ...DENY, from: "10.0.0.4" },
    FIREWALL_SUBNET,
    { verdict: "block", exact: false, traffic: EVERY_CLIENT, partialWhy: "its source may not hold every address of the firewall's subnet (10.0.0.0/26), from one of which the DNAT'd traffic comes" },
  ],
  [
    "a deny from a private block, the firewall's subnet unknown",
    { ...DENY, from: "10.0.0.0/8" },
    undefined,
    { verdict: "block", exact: false, partialWhy: "its source may not hold the private address the DNAT'd traffic comes from (the firewall's subnet is not in this stack)" },
  ],
  ["an allow from Internet does not admit it", { ...MEDIA, from: "Internet" }, FIREWALL_SUBNET, { traffic: [] }],
  ["an allow from * admits every client", { ...MEDIA, from: "*" }, FIREWALL_SUBNET, { verdict: "pass", exact: true, traffic: [`protocols 6 ports 50000-59999 from ${WORLD}`] }],
  ["an allow from a service tag may admit it", { ...MEDIA, from: "AzureCloud" }, FIREWALL_SUBNET, { verdict: "continue", traffic: [`protocols 6 ports 50000-59999 from ${WORLD}`] }],
];

describe.each(PROVIDERS)("NSG rules as filter steps for DNAT'd traffic (%s)", (p) => {
  test.each(forwardedRows)("%s", (_name, rule, firewall, expected) => {
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, rule)]));
    const step = forwardedFilterRule(read, "edge-nsg", firewall);
    expect({ ...filterRuleText(step), partialWhy: step.partialWhy }).toMatchObject(expected);
  });

  test("an application security group holds network interfaces, never the firewall", () => {
    const groups = p === "native" ? { sourceApplicationSecurityGroups: [{ id: "asg-edge" }] } : { sourceApplicationSecurityGroupIds: ["asg-edge"] };
    const [read] = inlineNsgRules(nsgView(p, [ruleProps(p, { ...DENY, from: [], extra: groups })]));
    expect(filterRuleText(forwardedFilterRule(read, "edge-nsg", undefined)).traffic).toEqual([]);
  });
});

describe("standalone rules", () => {
  const view = (type: string, props: Record<string, unknown>): ResourceView => ({ urn: "urn:rule", type, name: "deny-cls", props, propertyDependencies: {} });

  test.each([
    ["native", NATIVE.rule],
    ["classic", CLASSIC.rule],
  ] as const)("%s: read like an inline rule, named by the resource", (p, type) => {
    const read = standaloneNsgRule(view(type, { ...ruleProps(p, MEDIA), networkSecurityGroupName: "edge-nsg", resourceGroupName: "rg" }))!;
    expect(inboundRuleText(read.rule)).toEqual({ rule: "rule", protocol: "tcp = 6", ports: "50000-59999", sources: [`cidr Internet = ${WORLD}`], doubts: [] });
    expect(nsgFilterRule(read, "edge-nsg").label).toBe('rule 200 "deny-cls" of NSG "edge-nsg"');
  });

  test("an outbound standalone rule is none", () => {
    expect(standaloneNsgRule(view(NATIVE.rule, ruleProps("native", { ...MEDIA, direction: "Outbound" })))).toBeUndefined();
  });
});
