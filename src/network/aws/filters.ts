import { parseAddressBlock } from "../../model/addresses";
import type { Layer } from "../../model/filters";
import type { IntervalSet } from "../../model/intervals";
import { firewallLayer, networkAclLayer } from "../../model/layers";
import type { Doubt } from "../../model/rule";
import { display, isUnknown, reveal, UNKNOWN } from "../../model/values";
import { DEFAULT_NETWORK_ACL, inlineAclRules, NETWORK_ACL, NETWORK_ACL_ASSOCIATION, NETWORK_ACL_RULE, standaloneAclRule } from "../../shapes/aws/networkAcls";
import { FIREWALL, FIREWALL_POLICY, firewallSpec, readFirewallPolicy, readRuleGroup, RULE_GROUP, type GroupReference, type HostContext, type RuleGroupReading } from "../../shapes/aws/networkFirewall";
import { own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { type StackIndex } from "../stackIndex";

export const VPC = "aws:ec2/vpc:Vpc";
const ACL_TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL];

/** A filter built from resources of the stack, and those resources. */
export interface BuiltLayer {
  readonly layer: Layer;
  readonly resources: readonly string[];
}

export function cidrOf(view: ResourceView, key = "cidrBlock"): IntervalSet | undefined {
  const cidr = reveal(own(view.props, key));
  return typeof cidr === "string" && cidr !== "" ? parseAddressBlock(cidr) : undefined;
}

const CIDR_ASSOCIATIONS = ["aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation", "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation"];

/**
 * The VPC's CIDR as Network Firewall's default HOME_NET ("the CIDR of your inspection VPC"). With
 * more blocks than its primary IPv4 one (secondary or IPv6), which of them AWS takes is not
 * documented: a pass to $HOME_NET read too narrowly would credit a drop after it, so then
 * HOME_NET is not known.
 */
export function defaultHomeNet(index: StackIndex, vpc: ResourceView): HostContext["vpcCidr"] {
  const more = index.referring("cidr-association->vpc", CIDR_ASSOCIATIONS, vpc, (a) => index.targets(a, "vpcId")).map(resourceLabel);
  const ipv6 = own(vpc.props, "ipv6CidrBlock");
  if (isUnknown(ipv6) || (typeof reveal(ipv6) === "string" && reveal(ipv6) !== "") || reveal(own(vpc.props, "assignGeneratedIpv6CidrBlock")) === true) more.unshift("an IPv6 block");
  if (more.length === 0) return cidrOf(vpc);
  return { unsure: `${resourceLabel(vpc)} has more blocks than its primary IPv4 one (${more.join(", ")}), and which of them AWS's default HOME_NET holds is not documented` };
}

/**
 * The network ACL of a subnet: its explicit one, else its VPC's default one when managed here. A
 * subnet has exactly one ACL and an explicit association replaces the default, so an association to
 * an ACL this stack does not hold (or, at preview, to one not known yet) leaves the subnet's ACL unread.
 */
export function aclOf(index: StackIndex, subnet: ResourceView, vpc: ResourceView | undefined, notes: string[], doubts: Doubt[]): BuiltLayer | undefined {
  const bySubnetIds = index.referrers("acl->subnet", ACL_TYPES, (acl) => index.targets(acl, "subnetIds"));
  const associations = index.referrers("association->subnet", [NETWORK_ACL_ASSOCIATION], (a) => index.targets(a, "subnetId"));
  const links = (associations.get(subnet) ?? []).map((a) => ({ association: a, ...index.refs(a, "networkAclId", undefined, ACL_TYPES) }));
  const unread = links.find((l) => l.targets.length === 0);
  if (unread) {
    const what = `${resourceLabel(unread.association)} gives ${resourceLabel(subnet)}`;
    if (unread.unknown) {
      doubts.push({ kind: "unknown", field: `${resourceLabel(unread.association)} networkAclId`, detail: `the network ACL ${what} is not known at preview and no dependency names it, so no network ACL was credited (set networkAclId from the NetworkAcl resource's id output so the engine records the link)` });
    } else {
      notes.push(`${what} network ACL ${display(own(unread.association.props, "networkAclId"))}, which is not in this stack, so its rules cannot be read and no network ACL was credited (an explicit association replaces the VPC's default ACL)`);
    }
    return undefined;
  }
  const explicit = [...(bySubnetIds.get(subnet) ?? []), ...links.flatMap((l) => l.targets)];
  const defaults = index.referrers("default-acl->vpc", [DEFAULT_NETWORK_ACL], (d) => [
    ...index.targets(d, "defaultNetworkAclId", UNKNOWN),
    ...index.ofType(VPC).filter((v) => reveal(own(v.props, "defaultNetworkAclId")) !== undefined && reveal(own(v.props, "defaultNetworkAclId")) === reveal(own(d.props, "defaultNetworkAclId"))),
  ]);
  const acls = [...new Set(explicit)];
  const chosen = acls.length > 0 ? acls : vpc ? (defaults.get(vpc) ?? []) : [];
  if (chosen.length === 0) {
    notes.push(`${resourceLabel(subnet)} uses its VPC's default network ACL, which this stack does not manage (by default it allows all traffic)`);
    return undefined;
  }
  if (chosen.length > 1) {
    notes.push(`${resourceLabel(subnet)} is associated with more than one network ACL (${chosen.map(resourceLabel).join(", ")}), so none was credited`);
    return undefined;
  }
  const acl = chosen[0];
  const rules = index.referring("rule->acl", [NETWORK_ACL_RULE], acl, (r) => index.targets(r, "networkAclId"))
    .map((r) => ({ view: r, ...standaloneAclRule(r, acl.name) }))
    .filter((r) => r.inbound);
  return { layer: networkAclLayer(`NACL "${acl.name}"`, [...inlineAclRules(acl), ...rules.map((r) => r.rule)]), resources: [acl.urn, ...rules.map((r) => r.view.urn)] };
}

/** The firewalls of a VPC, each as it decides packets towards one host. */
export function firewallsIn(index: StackIndex, vpc: ResourceView, host: HostContext, notes: string[]): (BuiltLayer & { firewall: ResourceView })[] {
  return index.referring("firewall->vpc", [FIREWALL], vpc, (fw) => index.targets(fw, "vpcId")).flatMap((fw) => {
    const link = index.refs(fw, "firewallPolicyArn", undefined, [FIREWALL_POLICY]);
    if (link.targets.length !== 1) {
      notes.push(`the policy of firewall "${fw.name}" is not in this stack, so it earned no credit`);
      return [];
    }
    const policyView = link.targets[0];
    const policy = readFirewallPolicy(policyView);
    const doubts: Doubt[] = [];
    const resolve = (refs: readonly GroupReference[], kind: "stateless" | "stateful", orderMatters: boolean) => resolveGroups(index, policyView, refs, kind, orderMatters, doubts, notes);
    const stateless = resolve(policy.stateless, "stateless", true);
    const stateful = resolve(policy.stateful, "stateful", policy.strictOrder);
    const layer = firewallLayer(firewallSpec(`firewall "${fw.name}"`, policy, stateless, stateful, host, doubts));
    return [{ firewall: fw, layer, resources: [fw.urn, policyView.urn, ...[...stateless, ...stateful].map((g) => g.group.view.urn)] }];
  });
}

/**
 * A policy's rule-group references, each to its group. At preview the ARNs are unknown and the
 * engine only says which groups the policy depends on; where several references could be
 * several groups and their order matters, the order is a doubt.
 */
function resolveGroups(index: StackIndex, policy: ResourceView, refs: readonly GroupReference[], kind: "stateless" | "stateful", orderMatters: boolean, doubts: Doubt[], notes: string[]) {
  const resolved: { ref: GroupReference; group: RuleGroupReading }[] = [];
  const pending: GroupReference[] = [];
  for (const ref of refs) {
    const target = index.withId(ref.field.value);
    if (target?.type === RULE_GROUP) resolved.push({ ref, group: readRuleGroup(target) });
    else if (isUnknown(ref.field.value)) pending.push(ref);
    else notes.push(`${ref.field.path} names a rule group that is not in this stack, so it was not read`);
  }
  const taken = new Set(resolved.map((r) => r.group.view.urn));
  const candidates = index
    .targets(policy, "firewallPolicy", UNKNOWN, [RULE_GROUP])
    .filter((g) => !taken.has(g.urn))
    .map(readRuleGroup)
    .filter((g) => g.kind === kind);
  if (pending.length === 1 && candidates.length === 1) resolved.push({ ref: pending[0], group: candidates[0] });
  else if (pending.length > 0 && !orderMatters && candidates.length >= pending.length) candidates.forEach((group, i) => resolved.push({ ref: pending[Math.min(i, pending.length - 1)], group }));
  else if (pending.length > 0) {
    doubts.push({ kind: "unknown", field: `${policy.name} rule groups`, detail: `which ${kind} rule group firewall policy "${policy.name}" references at which priority is not known until their ARNs are` });
  }
  return resolved.sort((a, b) => a.ref.priority - b.ref.priority);
}
