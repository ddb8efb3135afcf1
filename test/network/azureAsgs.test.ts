import { AsgMembership } from "../../src/network/azure/asgs";
import { AzureIndex } from "../../src/network/azure/azureIndex";
import { azureHosts } from "../../src/network/azure/hosts";
import { inlineNsgRules, standaloneNsgRule, STANDALONE_RULE_TYPES, type Holds } from "../../src/shapes/azure/nsgRules";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import { snapshot, unknownCheckingProxy, type ResourceView } from "../../src/shapes/resource";
import { allow, asg, azureEdge, MEDIA, nsg, PROVIDERS, standaloneRule, towards, type Provider } from "../support/azure";
import { UNKNOWN } from "../support/fixtures";
import { toEngine, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";

/**
 * Whether a host is a member of the application security groups an NSG rule's destination names:
 * every IP configuration of it, none, or it cannot be told, why, and whether that waits for the
 * update (a value unknown at preview), for the shapes the policy tables
 * (test/policies/azure-nsg.test.ts) do not build.
 */
function views(resources: TestResource[]): ResourceView[] {
  return toEngine(resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {}, props: snapshot(unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)))) as Record<string, unknown> }));
}

interface Told {
  readonly holds: Holds;
  readonly why?: string;
  readonly waits?: true;
}

/** The membership of the stack's one host in the groups the rule named "rules" names: the first of an NSG, or a standalone one. */
function membership(resources: TestResource[], mode: "update" | "preview"): Told {
  const stack = views(materialise(resources, mode));
  const index = new AzureIndex(stack);
  const [host] = azureHosts(index);
  const owner = stack.find((v) => v.name === "rules")!;
  const rule = STANDALONE_RULE_TYPES.includes(owner.type) ? standaloneNsgRule(owner)! : inlineNsgRules(owner)[0];
  const { holds, why, doubt } = new AsgMembership(index).of(host, rule.destination.groups!);
  return { holds, ...(why ? { why } : {}), ...(doubt?.kind === "unknown" ? { waits: true } : {}) };
}

const GROUPS = (p: Provider) => [asg(p, "asg-edge"), asg(p, "asg-other")];
/** NSG "rules", its first rule towards the groups. */
const rules = (p: Provider, ...groups: unknown[]) => nsg(p, "rules", [{ ...MEDIA, extra: towards(p, { groups }) }]);
/** The same, then a rule from asg-other, whose dependency shares securityRules. */
const rulesWithSource = (p: Provider, ...groups: unknown[]) => {
  const source = p === "native" ? { sourceApplicationSecurityGroups: [{ id: ref("asg-other") }] } : { sourceAddressPrefix: "", sourceApplicationSecurityGroupIds: [ref("asg-other")] };
  return nsg(p, "rules", [{ ...MEDIA, extra: towards(p, { groups }) }, { ...allow(300, "Tcp", "22", undefined, "ssh"), extra: source }]);
};
/** A standalone rule "rules" towards the groups, of NSG "edge-nsg". */
const ruleResource = (p: Provider, ...groups: unknown[]) => [nsg(p, "edge-nsg", []), { ...standaloneRule(p, "edge-nsg", { ...MEDIA, extra: towards(p, { groups }) }), name: "rules" }];

/** A native NIC with two IP configurations, each in the groups given. */
const twoConfigs = (first: unknown[], second: unknown[]) =>
  res(NATIVE.nic, "edge-nic", { ipConfigurations: [first, second].map((groups, i) => ({ name: `ipconfig-${i}`, privateIPAddress: `10.0.1.${4 + i}`, applicationSecurityGroups: groups.map((id) => ({ id })) })) });

const scaleSet = (p: Provider, groups: unknown[]) =>
  p === "native"
    ? res(NATIVE.scaleSet, "edge-vmss", { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [{ name: "nic", ipConfigurations: [{ name: "ip", applicationSecurityGroups: groups.map((id) => ({ id })) }] }] } } })
    : res(CLASSIC.windowsScaleSet, "edge-vmss", { networkInterfaces: [{ name: "nic", networkSecurityGroupId: "", ipConfigurations: [{ name: "ip", applicationSecurityGroupIds: groups }] }] });

const ALL: Told = { holds: "all" };
const NONE: Told = { holds: "none" };
/** A classic NIC records no groups of its own. */
const MAY_JOIN: Told = { holds: "unsure", why: "a classic network interface joins groups by association, and one outside this stack may make it a member" };

/** After an update every id is known: groups compare by id. */
const updateRows: [string, (p: Provider) => TestResource[], Told, Told?][] = [
  ["a scale set's configuration in a group", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), scaleSet(p, [ref("asg-edge")])], ALL],
  ["a scale set's configuration in another group", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), scaleSet(p, [ref("asg-other")])], NONE],
  ["a NIC in a group a rule names among several", (p) => [...GROUPS(p), rules(p, ref("asg-other"), ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-edge")] })], ALL],
  ["a NIC in two groups, one of them the rule's", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), ...azureEdge(p, { nicGroups: [ref("asg-other"), ref("asg-edge")] })], ALL],
  ["a NIC in another group than a standalone rule's", (p) => [...GROUPS(p), ...ruleResource(p, ref("asg-other")), ...azureEdge(p, { nicGroups: [ref("asg-edge")] })], NONE, MAY_JOIN],
  ["a NIC in no group", (p) => [...GROUPS(p), rules(p, ref("asg-edge")), ...azureEdge(p, {})], NONE, MAY_JOIN],
];

describe.each(PROVIDERS)("application security group membership after an update (%s)", (p) => {
  test.each(updateRows)("%s", (_name, resources, expected, classic = expected) => {
    expect(membership(resources(p), "update")).toEqual(p === "classic" ? classic : expected);
  });
});

/** A native NIC's IP configurations: Azure refuses an interface whose configurations join different groups. */
const configRows: [string, TestResource[], Told][] = [
  ["every IP configuration in a group", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-edge")], [ref("asg-other"), ref("asg-edge")])], ALL],
  ["one IP configuration in a group and one not", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-edge")], [])], { holds: "unsure", why: "only some of its IP configurations are members, which Azure refuses (every IP configuration of an interface must join the same groups)" }],
  ["IP configurations in the other group only", [...GROUPS("native"), rules("native", ref("asg-edge")), twoConfigs([ref("asg-other")], [ref("asg-other")])], NONE],
  ["a group list that is no list", [...GROUPS("native"), rules("native", ref("asg-edge")), res(NATIVE.nic, "edge-nic", { ipConfigurations: [{ name: "ipconfig", applicationSecurityGroups: "asg-edge" }] })], { holds: "unsure", why: "the groups its IP configurations join cannot be told (one cannot be read)" }],
];

test.each(configRows)("the IP configurations of a NIC after an update: %s", (_name, resources, expected) => {
  expect(membership(resources, "update")).toEqual(expected);
});

/**
 * At preview the ids of groups the stack creates are unknown. The engine records dependencies per
 * top-level property, so they tell a group only where the property holds nothing else: a
 * standalone rule's destination groups, a classic association's group. Elsewhere (an NSG's
 * securityRules, a NIC's ipConfigurations) the membership waits for the update.
 */
const INLINE_WAITS: Told = {
  holds: "unsure",
  why: "the groups it names cannot be told until the update (the engine records the dependencies of an NSG's securityRules as a whole; a standalone security rule's groups can be told)",
  waits: true,
};
const NIC_WAITS: Told = { holds: "unsure", why: "the groups its IP configurations join cannot be told until the update", waits: true };
const SHARED = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-edge";

/** An existing group, its id known at preview, and a standalone rule whose one group's value also depends on it. */
const existing = { ...asg("native", "asg-existing"), props: { ...asg("native", "asg-existing").props, id: SHARED } };
const builtFrom = (() => {
  const [group, rule] = ruleResource("native");
  return [group, { ...rule, props: { ...rule.props, destinationAddressPrefix: undefined, destinationApplicationSecurityGroups: [{ id: ref("asg-edge"), name: ref("asg-existing") }] } }];
})();

const previewRows: [string, TestResource[], Told][] = [
  ["an inline rule's group", [...GROUPS("native"), rules("native", ref("asg-edge")), ...azureEdge("native", { nicGroups: [ref("asg-edge")] })], INLINE_WAITS],
  ["an inline rule's group, where another rule names a source group the NIC joins", [...GROUPS("native"), rulesWithSource("native", UNKNOWN), ...azureEdge("native", { nicGroups: [ref("asg-other")] })], INLINE_WAITS],
  ["a standalone rule's group, and the NIC's", [...GROUPS("native"), ...ruleResource("native", ref("asg-edge")), ...azureEdge("native", { nicGroups: [ref("asg-edge")] })], NIC_WAITS],
  ["a standalone rule's group, and a classic association's", [...GROUPS("classic"), ...ruleResource("classic", ref("asg-other"), ref("asg-edge")), ...azureEdge("classic", { nicGroups: [ref("asg-edge")] })], ALL],
  ["a standalone rule's group, and a classic association's other group", [...GROUPS("classic"), ...ruleResource("classic", ref("asg-edge")), ...azureEdge("classic", { nicGroups: [ref("asg-other")] })], MAY_JOIN],
  [
    "a group the stack creates, which the NIC names by the id it will have",
    [...GROUPS("native"), ...ruleResource("native", ref("asg-edge")), ...azureEdge("native", { nicGroups: [SHARED] })],
    { holds: "unsure", why: 'ApplicationSecurityGroup "asg-edge" may be a group named by id, and its id is not known until the update', waits: true },
  ],
  [
    "a group a classic association names as a resource, which the rule names by the id it will have",
    [...GROUPS("classic"), ...ruleResource("classic", SHARED), ...azureEdge("classic", { nicGroups: [ref("asg-edge")] })],
    { holds: "unsure", why: 'ApplicationSecurityGroup "asg-edge" may be a group named by id, and its id is not known until the update', waits: true },
  ],
  ["a standalone rule's group that no dependency names", [...GROUPS("native"), ...ruleResource("native", UNKNOWN), ...azureEdge("native", { nicGroups: [SHARED] })], { holds: "unsure", why: "the groups it names cannot be told until the update", waits: true }],
  ["a classic association's group that no dependency names", [...GROUPS("classic"), ...ruleResource("classic", ref("asg-edge")), ...azureEdge("classic", { nicGroups: [UNKNOWN] })], NIC_WAITS],
  ["a native NIC in no group", [...GROUPS("native"), rules("native", ref("asg-edge")), ...azureEdge("native", {})], NONE],
  [
    "the network interface of an association, for a native NIC in no group",
    [...GROUPS("native"), rules("native", ref("asg-edge")), ...azureEdge("native", {}), res(CLASSIC.asgAssociation, "somewhere", { networkInterfaceId: UNKNOWN, applicationSecurityGroupId: ref("asg-edge") })],
    { holds: "unsure", why: "an association whose network interface cannot be told may make it a member", waits: true },
  ],
  [
    "a standalone rule's group list unknown as a whole, which may name several groups",
    [...GROUPS("native"), nsg("native", "edge-nsg", []), { ...standaloneRule("native", "edge-nsg", MEDIA), name: "rules", props: { ...standaloneRule("native", "edge-nsg", MEDIA).props, destinationAddressPrefix: undefined, destinationApplicationSecurityGroups: ref("asg-edge") } }, ...azureEdge("native", { nicGroups: [SHARED] })],
    { holds: "unsure", why: "the groups it names cannot be told until the update", waits: true },
  ],
  [
    // One unknown id and one group whose id is unknown among the dependencies, but an existing group's too: the id may be built from it.
    "a standalone rule's unknown group where an existing group, its id known, is among its dependencies",
    [asg("native", "asg-edge"), existing, ...builtFrom, ...azureEdge("native", { nicGroups: [SHARED] })],
    { holds: "unsure", why: "the groups it names cannot be told until the update", waits: true },
  ],
  [
    "an association naming a NIC by the id one the stack creates may have",
    [...GROUPS("native"), ...ruleResource("native", SHARED), ...azureEdge("native", {}), res(CLASSIC.asgAssociation, "a", { networkInterfaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/edge-nic", applicationSecurityGroupId: SHARED })],
    { holds: "unsure", why: "an association names a network interface by an id it may have once it exists", waits: true },
  ],
  ["IP configurations unknown as a whole", [...GROUPS("native"), ...ruleResource("native", SHARED), res(NATIVE.nic, "edge-nic", { ipConfigurations: UNKNOWN })], NIC_WAITS],
  ["an IP configuration unknown at preview", [...GROUPS("native"), ...ruleResource("native", SHARED), res(NATIVE.nic, "edge-nic", { ipConfigurations: [UNKNOWN] })], NIC_WAITS],
];

test.each(previewRows)("at preview: %s", (_name, resources, expected) => {
  expect(membership(resources, "preview")).toEqual(expected);
});

test("an association naming a NIC outside the stack may name one a VM creates from its configurations", () => {
  const vm = res(NATIVE.vm, "edge-vm", { networkProfile: { networkApiVersion: "2020-11-01", networkInterfaceConfigurations: [{ name: "nic", ipConfigurations: [{ name: "ip" }] }] } });
  const association = res(CLASSIC.asgAssociation, "a", { networkInterfaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/edge-vm-nic", applicationSecurityGroupId: SHARED });
  expect(membership([...ruleResource("native", SHARED), vm], "update")).toEqual(NONE);
  expect(membership([...ruleResource("native", SHARED), vm, association], "update")).toEqual({ holds: "unsure", why: 'an association names a network interface this stack does not hold, which may be one VirtualMachine "edge-vm" creates' });
});

test("an association whose network interface id cannot be read may put a native NIC in no group in one", () => {
  const association = res(CLASSIC.asgAssociation, "somewhere", { networkInterfaceId: { nested: "id" }, applicationSecurityGroupId: SHARED });
  expect(membership([...ruleResource("native", SHARED), ...azureEdge("native", {}), association], "update")).toEqual({ holds: "unsure", why: "an association whose network interface cannot be told may make it a member" });
});
