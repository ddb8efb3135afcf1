import { AsgMembership } from "../../src/network/azure/asgs";
import { AzureIndex } from "../../src/network/azure/azureIndex";
import { azureHosts } from "../../src/network/azure/hosts";
import { inlineNsgRules, standaloneNsgRule, STANDALONE_RULE_TYPES, type Membership } from "../../src/shapes/azure/nsgRules";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import { snapshot, unknownCheckingProxy, type ResourceView } from "../../src/shapes/resource";
import { allow, asg, azureEdge, MEDIA, nsg, PROVIDERS, standaloneRule, towards, type Provider } from "../support/azure";
import { UNKNOWN } from "../support/fixtures";
import { toEngine, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";

/**
 * Whether a host is a member of the application security groups an NSG rule's destination names:
 * every IP configuration of it, none, or it cannot be told (and why), for the host shapes the
 * policy tables (test/policies/azure-nsg.test.ts) do not build.
 */
function views(resources: TestResource[]): ResourceView[] {
  return toEngine(resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {}, props: snapshot(unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)))) as Record<string, unknown> }));
}

/** The membership of the stack's one host in the groups the rule named "rules" names: the first of an NSG, or a standalone one. */
function membership(resources: TestResource[], mode: "update" | "preview"): Membership {
  const stack = views(materialise(resources, mode));
  const index = new AzureIndex(stack);
  const [host] = azureHosts(index);
  const owner = stack.find((v) => v.name === "rules")!;
  const rule = STANDALONE_RULE_TYPES.includes(owner.type) ? standaloneNsgRule(owner)! : inlineNsgRules(owner)[0];
  return new AsgMembership(index).of(host, rule.destination.groups!);
}

const rules = (p: Provider, ...groups: unknown[]) => nsg(p, "rules", [{ ...MEDIA, extra: towards(p, { groups }) }]);
/** NSG "rules": an allow towards the groups, then a rule from asg-other, whose dependency shares securityRules. */
const rulesWithSource = (p: Provider, ...groups: unknown[]) => {
  const source = p === "native" ? { sourceApplicationSecurityGroups: [{ id: ref("asg-other") }] } : { sourceAddressPrefix: "", sourceApplicationSecurityGroupIds: [ref("asg-other")] };
  return nsg(p, "rules", [{ ...MEDIA, extra: towards(p, { groups }) }, { ...allow(300, "Tcp", "22", undefined, "ssh"), extra: source }]);
};
const ruleResource = (p: Provider, ...groups: unknown[]) => ({ ...standaloneRule(p, "edge-nsg", { ...MEDIA, extra: towards(p, { groups }) }), name: "rules" });
const GROUPS = (p: Provider) => [asg(p, "asg-edge"), asg(p, "asg-other")];

/** A native NIC with two IP configurations, each in the groups given. */
const twoConfigs = (first: unknown[], second: unknown[]) =>
  res(NATIVE.nic, "edge-nic", { ipConfigurations: [first, second].map((groups, i) => ({ name: `ipconfig-${i}`, privateIPAddress: `10.0.1.${4 + i}`, applicationSecurityGroups: groups.map((id) => ({ id })) })) });

const scaleSet = (p: Provider, groups: unknown[]) =>
  p === "native"
    ? res(NATIVE.scaleSet, "edge-vmss", { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [{ name: "nic", ipConfigurations: [{ name: "ip", applicationSecurityGroups: groups.map((id) => ({ id })) }] }] } } })
    : res(CLASSIC.windowsScaleSet, "edge-vmss", { networkInterfaces: [{ name: "nic", networkSecurityGroupId: "", ipConfigurations: [{ name: "ip", applicationSecurityGroupIds: groups }] }] });

const ALL: Membership = { holds: "all" };
const NONE: Membership = { holds: "none" };
const SOME: Membership = { holds: "unsure", why: "only some of its IP configurations are members, which Azure refuses (every IP configuration of an interface must join the same groups)" };

/**
 * The engine records dependencies per top-level property: at preview, groups under one property
 * (an NSG's securityRules, a NIC's ipConfigurations) tell which link names which only where there
 * is one group, or one list that names any.
 */
const RULE_SHARED: Membership = {
  holds: "unsure",
  why: "the groups it names cannot be told until the update (the engine records the dependencies of an NSG's securityRules as a whole; a standalone security rule's groups can be told)",
};
const NIC_SHARED: Membership = { holds: "unsure", why: "the groups its IP configurations join cannot be told until the update" };
/** A classic NIC records no groups of its own. */
const MAY_JOIN: Membership = { holds: "unsure", why: "a classic network interface joins groups by association, and one outside this stack may make it a member" };

/** IP configurations of one native NIC, the classic provider's taking groups only by association (which adds the group to every one). */
const configRows: [string, TestResource[], { update: Membership; preview: Membership }][] = [
  ["every IP configuration in a group", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-edge")], [ref("asg-other"), ref("asg-edge")])], { update: ALL, preview: NIC_SHARED }],
  ["one IP configuration in a group and one not", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-edge")], [])], { update: SOME, preview: SOME }],
  ["IP configurations in different groups", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-edge")], [ref("asg-other")])], { update: SOME, preview: NIC_SHARED }],
  ["IP configurations in the other group only", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-other")], [ref("asg-other")])], { update: NONE, preview: NIC_SHARED }],
];

describe.each(["update", "preview"] as const)("the IP configurations of a NIC (%s)", (mode) => {
  test.each(configRows)("%s", (_name, resources, expected) => {
    expect(membership(resources, mode)).toEqual(expected[mode]);
  });
});

/** Rows whose classic NIC is in none of the rule's groups read unsure: `classic` says so where it differs. */
const rows: [string, (p: Provider) => TestResource[], Membership, { preview?: Membership; classic?: Membership }?][] = [
  ["a scale set's configuration in a group", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), scaleSet(p, [ref("asg-edge")])], ALL],
  ["a scale set's configuration in another group", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), scaleSet(p, [ref("asg-other")])], NONE],
  ["a NIC in two groups, one of them the rule's", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-other"), ref("asg-edge")] })], ALL],
  ["a NIC in a group the NSG's only rule naming groups names among several", (p) => [...GROUPS(p), rules(p, ref("asg-other"), ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-edge")] })], ALL],
  ["a NIC in a group an inline rule names, another rule naming a source group", (p) => [...GROUPS(p), rulesWithSource(p, ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-other")] })], NONE, { preview: RULE_SHARED, classic: MAY_JOIN }],
  ["a NIC in a group a standalone rule names among several", (p) => [...GROUPS(p), nsg(p, "edge-nsg", []), ruleResource(p, ref("asg-other"), ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-edge")] })], ALL],
  ["a NIC in neither of the groups a standalone rule names", (p) => [...GROUPS(p), asg(p, "asg-third"), nsg(p, "edge-nsg", []), ruleResource(p, ref("asg-other"), ref("asg-third")), ...azureEdge(p, { nicGroups: [ref("asg-edge")] })], NONE, { classic: MAY_JOIN }],
];

describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("application security group membership (%s, %s)", (p, mode) => {
  test.each(rows)("%s", (_name, resources, expected, otherwise = {}) => {
    // Where the rule's groups cannot be told, that is said first.
    const read = mode === "preview" && otherwise.preview ? otherwise.preview : p === "classic" && otherwise.classic ? otherwise.classic : expected;
    expect(membership(resources(p), mode)).toEqual(read);
  });
});

/** What cannot be told at preview, where no dependency of the engine names it: the host's membership is unsure, and says why. */
const unknownRows: [string, TestResource[], Membership][] = [
  ["the rule's group", [...GROUPS("native"), rules("native", UNKNOWN), ...azureEdge("native", { nicGroups: [ref("asg-edge")] })], RULE_SHARED],
  ["the rule's group, where another rule names a source group the NIC joins", [...GROUPS("native"), rulesWithSource("native", UNKNOWN), ...azureEdge("native", { nicGroups: [ref("asg-other")] })], RULE_SHARED],
  ["a standalone rule's group", [...GROUPS("native"), nsg("native", "edge-nsg", []), ruleResource("native", UNKNOWN), ...azureEdge("native", { nicGroups: [ref("asg-edge")] })], { holds: "unsure", why: "the groups it names cannot be told until the update" }],
  ["the NIC's group", [...GROUPS("native"), rules("native", ref("asg-edge")), ...azureEdge("native", { nicGroups: [UNKNOWN] })], { holds: "unsure", why: "the groups its IP configurations join cannot be told until the update" }],
  ["the group of a classic association", [...GROUPS("classic"), rules("classic", ref("asg-edge")), ...azureEdge("classic", { nicGroups: [UNKNOWN] })], { holds: "unsure", why: "the groups its IP configurations join cannot be told until the update" }],
  [
    "the network interface of an association, for a NIC of the other provider in no group",
    [...GROUPS("native"), rules("native", ref("asg-edge")), ...azureEdge("native", {}), res(CLASSIC.asgAssociation, "somewhere", { networkInterfaceId: UNKNOWN, applicationSecurityGroupId: ref("asg-edge") })],
    { holds: "unsure", why: "an association whose network interface is not known until the update may make it a member" },
  ],
];

test.each(unknownRows)("unknown at preview: %s", (_name, resources, expected) => {
  expect(membership(resources, "preview")).toEqual(expected);
});

test("a NIC whose groups cannot be read may be in any", () => {
  const nic = res(NATIVE.nic, "edge-nic", { ipConfigurations: [{ name: "ipconfig", applicationSecurityGroups: "asg-edge" }] });
  expect(membership([...GROUPS("native"), rules("native", ref("asg-edge")), nic], "update")).toEqual({ holds: "unsure", why: "the groups its IP configurations join cannot be told (one cannot be read)" });
});

test("a host in no group at all is in none of a rule's groups, even those unknown at preview", () => {
  expect(membership([rules("native", UNKNOWN), ...azureEdge("native", {})], "preview")).toEqual(NONE);
});
