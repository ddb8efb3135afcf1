import { UNKNOWN } from "../../src/model/values";
import { dnatCarrier, firewallIdentity, firewallShape } from "../../src/shapes/azure/dnatLinks";
import { dnatRules, type DnatRule } from "../../src/shapes/azure/dnatRules";
import { CLASSIC, DNAT_TYPES, NATIVE } from "../../src/shapes/azure/types";
import { snapshot, unknownCheckingProxy, type ResourceView } from "../../src/shapes/resource";
import { DNAT_SHAPES, dnatFirewall, type Dnat, type DnatShape, type Provider } from "../support/azure";
import { toEngine, type TestResource } from "../support/harness";
import { inboundRuleText } from "../support/modelText";
import { materialise, ref } from "../support/network";

/**
 * DNAT rules read into the rule model, for every shape that carries them, as the engine hands them
 * over after an update and at preview (through the policy proxy). A row is a rule and what it reads
 * as: protocol, translated port, sources, doubts, and where it forwards.
 */
function views(resources: readonly TestResource[]): ResourceView[] {
  return toEngine(resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {}, props: snapshot(unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)))) as Record<string, unknown> }));
}

function readOne(p: Provider, shape: DnatShape, dnat: Dnat, mode: "update" | "preview"): DnatRule[] {
  return views(materialise(dnatFirewall(p, shape, [dnat]), mode)).flatMap(dnatRules);
}

/** Where the rule sits and what its protocol list is called, per shape. */
const RULE_PATH: Record<`${Provider} ${DnatShape}`, string> = {
  "native firewall": "natRuleCollections[0].rules[0]",
  "classic firewall": "rules[0]",
  "native policy": "ruleCollections[0].rules[0]",
  "classic policy": "natRuleCollections[0].rules[0]",
};
const protocolsKey = (p: Provider, s: DnatShape) => (p === "native" && s === "policy" ? "ipProtocols" : "protocols");

const WORLD = "::/0 0.0.0.0/0";
const TCP = "tcp = 6";
const BOTH = "tcp and udp = 6,17";

interface Expected {
  readonly protocol: string;
  readonly ports: string;
  readonly sources: string[];
  readonly doubts?: string[];
  readonly translatedAddress?: string;
  readonly target?: string;
}

interface Row {
  readonly name: string;
  readonly dnat: Dnat;
  /** What it reads as; `r` is the rule's path, `proto` its protocol list's name. */
  readonly expected: (r: string, proto: string) => Expected;
  /** What it reads as at preview, where that differs. */
  readonly preview?: (r: string, proto: string) => Expected;
  readonly only?: (p: Provider, s: DnatShape) => boolean;
}

/** The classic policy group takes the translated port as a number, the other shapes as a string: filled in per shape. */
const PORT_70000 = "{70000}";
const EDGE = { translatedAddress: "10.0.1.4", target: "10.0.1.4" };
const UNKNOWN_AT = (field: string) => `unknown ${field}: ${field} is not known until the resources it depends on exist`;

const rows: Row[] = [
  { name: "TCP from * to the translated port", dnat: { port: "50001" }, expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }) },
  { name: "the public ports do not matter", dnat: { port: "3389", publicPorts: ["50001", "50000-59999"] }, expected: () => ({ protocol: TCP, ports: "3389", sources: [`cidr * = ${WORLD}`], ...EDGE }) },
  { name: "UDP, any case", dnat: { port: "50001", protocols: ["udp"] }, expected: () => ({ protocol: "udp = 17", ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }) },
  { name: "Any is TCP and UDP", dnat: { port: "50001", protocols: ["Any"] }, expected: () => ({ protocol: BOTH, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }) },
  { name: "TCP and UDP listed", dnat: { port: "50001", protocols: ["TCP", "UDP"] }, expected: () => ({ protocol: BOTH, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }) },
  {
    name: "a protocol no DNAT rule takes is TCP and UDP",
    dnat: { port: "50001", protocols: ["ICMP"] },
    expected: (r, proto) => ({ protocol: BOTH, ports: "50001", sources: [`cidr * = ${WORLD}`], doubts: [`malformed ${r}.${proto}[0]: ${r}.${proto}[0] is "ICMP", not a protocol a DNAT rule takes (TCP, UDP or Any); read as TCP and UDP`], ...EDGE }),
  },
  {
    name: "no protocol at all is TCP and UDP",
    dnat: { port: "50001", protocols: [] },
    expected: (r, proto) => ({ protocol: BOTH, ports: "50001", sources: [`cidr * = ${WORLD}`], doubts: [`malformed ${r}.${proto}: ${r}.${proto} is missing or empty; read as TCP and UDP`], ...EDGE }),
  },
  {
    name: "a protocol from another resource",
    dnat: { port: "50001", protocols: [ref("edge-nic", "TCP")] },
    expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }),
    preview: (r, proto) => ({ protocol: BOTH, ports: "50001", sources: [`cidr * = ${WORLD}`], doubts: [UNKNOWN_AT(`${r}.${proto}[0]`)], ...EDGE }),
  },
  {
    name: "a translated port from another resource",
    dnat: { port: ref("edge-nic", "50001") },
    expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }),
    preview: (r) => ({ protocol: TCP, ports: "0-65535", sources: [`cidr * = ${WORLD}`], doubts: [UNKNOWN_AT(`${r}.translatedPort`)], ...EDGE }),
  },
  {
    name: "a translated port that is no port is every port",
    dnat: { port: "70000" },
    expected: (r) => ({ protocol: TCP, ports: "0-65535", sources: [`cidr * = ${WORLD}`], doubts: [`malformed ${r}.translatedPort: ${r}.translatedPort is ${PORT_70000}, not a port 0-65535; read as every port`], ...EDGE }),
  },
  { name: "a CIDR block and an address", dnat: { port: "50001", from: ["198.51.100.0/24", "203.0.113.9"] }, expected: () => ({ protocol: TCP, ports: "50001", sources: ["cidr 198.51.100.0/24 = 198.51.100.0/24", "cidr 203.0.113.9 = 203.0.113.9/32"], ...EDGE }) },
  { name: "an address range", dnat: { port: "50001", from: ["203.0.113.1-203.0.113.9"] }, expected: () => ({ protocol: TCP, ports: "50001", sources: ["cidr 203.0.113.1-203.0.113.9 = 203.0.113.1-203.0.113.9"], ...EDGE }) },
  { name: "an IPv6 source", dnat: { port: "50001", from: ["2001:db8::/32"] }, expected: () => ({ protocol: TCP, ports: "50001", sources: ["cidr 2001:db8::/32 = 2001:db8::/32"], ...EDGE }) },
  {
    name: "a range across families stands for any address",
    dnat: { port: "50001", from: ["2001:db8::1-10.0.0.1"] },
    expected: (r) => ({ protocol: TCP, ports: "50001", sources: [`unresolved ${r}.sourceAddresses[0] (unreadable) (malformed: ${r}.sourceAddresses[0] "2001:db8::1-10.0.0.1" is not *, an address, a CIDR block or a range a-b; read as any address)`], ...EDGE }),
  },
  {
    name: "a range of blocks stands for any address",
    dnat: { port: "50001", from: ["10.0.0.0/24-10.0.1.0/24"] },
    expected: (r) => ({ protocol: TCP, ports: "50001", sources: [`unresolved ${r}.sourceAddresses[0] (unreadable) (malformed: ${r}.sourceAddresses[0] "10.0.0.0/24-10.0.1.0/24" is not *, an address, a CIDR block or a range a-b; read as any address)`], ...EDGE }),
  },
  {
    name: "a source from another resource",
    dnat: { port: "50001", from: [ref("edge-nic", "10.0.0.0/8")] },
    expected: () => ({ protocol: TCP, ports: "50001", sources: ["cidr 10.0.0.0/8 = 10.0.0.0/8"], ...EDGE }),
    preview: (r) => ({ protocol: TCP, ports: "50001", sources: [`unresolved ${r}.sourceAddresses[0] (unknown) (unknown: ${r}.sourceAddresses[0] is not known until the resources it depends on exist)`], ...EDGE }),
  },
  {
    name: "an IP group is any address, whatever its id",
    dnat: { port: "50001", from: [], ipGroups: [ref("partners")] },
    expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr IP group partners-id (its addresses are not read; taken as any address) = ${WORLD}`], ...EDGE }),
    preview: () => ({ protocol: TCP, ports: "50001", sources: [`cidr IP group (id unknown at preview) (its addresses are not read; taken as any address) = ${WORLD}`], ...EDGE }),
  },
  {
    name: "no source at all stands for any address",
    dnat: { port: "50001", from: [] },
    expected: (r) => ({ protocol: TCP, ports: "50001", sources: [`unresolved ${r}.sourceAddresses (unreadable) (malformed: ${r}.sourceAddresses and ${r}.sourceIpGroups are both empty; read as any address)`], ...EDGE }),
  },
  { name: "an FQDN target", dnat: { port: "50001", fqdn: "edge.example.com" }, expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], target: "edge.example.com" }), only: (p, s) => !(p === "classic" && s === "firewall") },
  {
    name: "a translated address from another resource",
    dnat: { port: "50001", to: ref("edge-nic", "10.0.1.4") },
    expected: () => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], ...EDGE }),
    preview: (r) => ({ protocol: TCP, ports: "50001", sources: [`cidr * = ${WORLD}`], target: `${r}.translatedAddress (unknown at preview)` }),
  },
];

describe.each(DNAT_SHAPES.flatMap(([p, s]) => (["update", "preview"] as const).map((m) => [p, s, m] as const)))("DNAT rules (%s %s, %s)", (p, shape, mode) => {
  const r = RULE_PATH[`${p} ${shape}`];
  test.each(rows.filter((row) => !row.only || row.only(p, shape)).map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const expected = (mode === "preview" && row.preview ? row.preview : row.expected)(r, protocolsKey(p, shape));
    const [read, ...rest] = readOne(p, shape, row.dnat, mode);
    expect(rest).toEqual([]);
    const { translatedAddress, target, doubts = [], ...rule } = expected;
    const shownPort = p === "classic" && shape === "policy" ? "number 70000" : '"70000"';
    expect(inboundRuleText(read.rule)).toEqual({ rule: r, ...rule, doubts: doubts.map((d) => d.replace(PORT_70000, shownPort)) });
    expect({ translatedAddress: read.translatedAddress, target: read.target }).toEqual({ translatedAddress, target });
  });

  test("the rule says what it forwards", () => {
    const [read] = readOne(p, shape, { port: "50001", publicPorts: ["443", "8443"] }, mode);
    expect(read.forwards).toBe(p === "classic" && shape === "policy" ? "443,8443 to 10.0.1.4:50001" : "443, 8443 to 10.0.1.4:50001");
  });

  test("an action neither Dnat nor Snat may forward", () => {
    const [read] = views(materialise(dnatFirewall(p, shape, [{ port: "50001" }], { action: "Forward" }), mode)).flatMap(dnatRules);
    const action = p === "native" ? `${r.replace(/rules\[0\]$/, "")}action.type` : `${r.replace(/rules\[0\]$/, "")}action`;
    expect(inboundRuleText(read.rule).doubts).toEqual([`malformed ${action}: ${action} is "Forward", not "Dnat" or "Snat"; read as DNAT`]);
  });
});

describe.each(DNAT_SHAPES.filter(([, s]) => s === "firewall"))("SNAT (%s %s)", (p, shape) => {
  test("a Snat collection forwards nothing in", () => {
    expect(views(materialise(dnatFirewall(p, shape, [{ port: "50001" }], { action: "snat" }), "update")).flatMap(dnatRules)).toEqual([]);
  });
});

const view = (type: string, props: Record<string, unknown>, name = "r"): ResourceView => ({ urn: `urn:${name}`, type, name, props, propertyDependencies: {} });
const nat = { action: { type: "Dnat" }, rules: [{ protocols: ["TCP"], sourceAddresses: ["*"], translatedAddress: "10.0.1.4", translatedPort: "50001" }] };

describe("collections", () => {
  test("a policy group's filter collections are no DNAT rules", () => {
    const group = view(NATIVE.policyGroup, { ruleCollections: [{ ruleCollectionType: "FirewallPolicyFilterRuleCollection", action: { type: "Allow" }, rules: [{ ruleType: "NetworkRule", destinationPorts: ["50001"] }] }, { ...nat, ruleCollectionType: "FirewallPolicyNatRuleCollection" }] });
    expect(dnatRules(group).map((d) => d.rule.origin.rule)).toEqual(["ruleCollections[1].rules[0]"]);
  });

  test("every collection and rule is read, in order", () => {
    const fw = view(NATIVE.firewall, { natRuleCollections: [nat, { ...nat, action: { type: "Snat" } }, { ...nat, rules: [nat.rules[0], nat.rules[0]] }] });
    expect(dnatRules(fw).map((d) => d.rule.origin.rule)).toEqual(["natRuleCollections[0].rules[0]", "natRuleCollections[2].rules[0]", "natRuleCollections[2].rules[1]"]);
  });

  test.each([
    ["a collection list unknown at preview", view(NATIVE.firewall, { natRuleCollections: UNKNOWN }), "natRuleCollections", "unknown natRuleCollections: natRuleCollections is not known until the resources it depends on exist"],
    ["a collection list that is no list", view(CLASSIC.policyGroup, { natRuleCollections: "dnat" }), "natRuleCollections", 'malformed natRuleCollections: natRuleCollections is "dnat", not a list'],
    ["a rule list unknown at preview", view(CLASSIC.natRuleCollection, { action: "Dnat", rules: UNKNOWN }), "rules", "unknown rules: rules is not known until the resources it depends on exist"],
    ["a rule that is no object", view(NATIVE.firewall, { natRuleCollections: [{ ...nat, rules: ["50001"] }] }), "natRuleCollections[0].rules[0]", 'malformed natRuleCollections[0].rules[0]: natRuleCollections[0].rules[0] is "50001", not an object'],
  ])("%s may forward anything from anywhere", (_name, v, rule, doubt) => {
    const [read, ...rest] = dnatRules(v);
    expect(rest).toEqual([]);
    expect(inboundRuleText(read.rule)).toEqual({ rule, protocol: BOTH, ports: "0-65535", sources: [expect.stringMatching(/^unresolved /)], doubts: [doubt] });
  });

  test("a collection whose action is unknown at preview may forward: its rules are read with the doubt", () => {
    const [read] = dnatRules(view(NATIVE.firewall, { natRuleCollections: [{ ...nat, action: UNKNOWN }] }));
    expect(inboundRuleText(read.rule)).toEqual({
      rule: "natRuleCollections[0].rules[0]",
      protocol: TCP,
      ports: "50001",
      sources: [`cidr * = ${WORLD}`],
      doubts: ["unknown natRuleCollections[0].action: natRuleCollections[0].action is not known until the resources it depends on exist"],
    });
  });

  test("other resources carry no DNAT rules", () => {
    expect(dnatRules(view(NATIVE.nsg, { natRuleCollections: [nat] }))).toEqual([]);
  });
});

describe("what applies the rules", () => {
  test.each([
    [view(NATIVE.firewall, {}), { kind: "firewall itself" }],
    [view(CLASSIC.natRuleCollection, { azureFirewallName: "edge-fw", resourceGroupName: "rg" }), { kind: "firewall", name: { name: "edge-fw", resourceGroup: "rg", key: "azureFirewallName" } }],
    [view(NATIVE.policyGroup, { firewallPolicyName: UNKNOWN, resourceGroupName: "rg" }), { kind: "policy", name: { name: UNKNOWN, resourceGroup: "rg", key: "firewallPolicyName" } }],
    // As ARM writes it after an update: the policy's name and group only in the group's own id.
    [view(NATIVE.policyGroup, { id: "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/fw-policy/ruleCollectionGroups/edge-rcg" }), { kind: "policy", name: { name: "fw-policy", resourceGroup: "hub", key: "firewallPolicyName" } }],
    [view(CLASSIC.policyGroup, { firewallPolicyId: "/p/fw-policy" }), { kind: "policy", link: { key: "firewallPolicyId", value: "/p/fw-policy", path: "firewallPolicyId" } }],
    [view(NATIVE.nsg, {}), undefined],
  ])("%#", (v, expected) => {
    expect(dnatCarrier(v)).toEqual(expected);
  });

  test("every DNAT type names what applies it", () => {
    expect(DNAT_TYPES.map((t) => dnatCarrier(view(t, {}))?.kind)).toEqual(["firewall itself", "firewall", "policy", "policy"]);
  });

  test.each([
    [
      "native",
      view(NATIVE.firewall, { firewallPolicy: { id: "/p/a" }, ipConfigurations: [{ publicIPAddress: { id: UNKNOWN } }, { subnet: { id: "/s" } }] }),
      { policy: { key: "firewallPolicy", value: "/p/a", path: "firewallPolicy.id" }, publicIps: [{ key: "ipConfigurations", value: UNKNOWN, path: "ipConfigurations[0].publicIPAddress.id" }], subnets: [{ key: "ipConfigurations", value: "/s", path: "ipConfigurations[1].subnet.id" }] },
    ],
    [
      "classic, with the bridge's blanks",
      view(CLASSIC.firewall, { firewallPolicyId: "", ipConfigurations: [{ publicIpAddressId: "/pip/a", subnetId: "/s" }, { publicIpAddressId: "", subnetId: "" }] }),
      { policy: undefined, publicIps: [{ key: "ipConfigurations", value: "/pip/a", path: "ipConfigurations[0].publicIpAddressId" }], subnets: [{ key: "ipConfigurations", value: "/s", path: "ipConfigurations[0].subnetId" }] },
    ],
  ])("a firewall's policy, public IPs and subnet (%s)", (_name, v, expected) => {
    expect(firewallShape(v)).toEqual(expected);
  });

  test.each([
    [view(NATIVE.firewall, { name: "Edge-FW", resourceGroupName: "RG" }), { name: "edge-fw", resourceGroup: "rg" }],
    [view(NATIVE.firewallPolicy, { firewallPolicyName: "fw-policy" }), { name: "fw-policy", resourceGroup: undefined }],
    [view(CLASSIC.firewall, { name: UNKNOWN, azureFirewallName: "edge-fw", resourceGroupName: "" }), { name: "edge-fw", resourceGroup: undefined }],
  ])("identity %#", (v, expected) => {
    expect(firewallIdentity(v)).toEqual(expected);
  });
});
