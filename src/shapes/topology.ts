import { cached } from "../cached";
import { parseAddressBlock } from "../model/addresses";
import type { Layer } from "../model/filters";
import type { IntervalSet } from "../model/intervals";
import type { Doubt } from "../model/rule";
import { isUnknown, reveal, UNKNOWN } from "../model/values";
import { firewallLayer, networkAclLayer } from "../verdict/layers";
import { DEFAULT_NETWORK_ACL, inlineAclRules, NETWORK_ACL, NETWORK_ACL_ASSOCIATION, NETWORK_ACL_RULE, standaloneAclRule } from "./networkAcls";
import { FIREWALL, FIREWALL_POLICY, firewallSpec, readFirewallPolicy, readRuleGroup, RULE_GROUP, type GroupReference, type HostContext, type RuleGroupReading } from "./networkFirewall";
import { listOf, own, type ResourceView } from "./resource";

/**
 * Where a security group's traffic comes from: the hosts that use the group, the subnets they
 * sit in, and the network ACL and AWS Network Firewall in front of each subnet. Resources are
 * linked by id once ids exist and, at preview, by the engine's property dependencies.
 */
export const INSTANCE = "aws:ec2/instance:Instance";
export const NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const VPC = "aws:ec2/vpc:Vpc";

/** The layers traffic crosses on its way to one host in one subnet. */
export interface HostPath {
  readonly host: string;
  readonly layers: readonly Layer[];
  /** Links unknown at preview; what they would decide earns no credit until the update. */
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
}

export interface GroupPaths {
  readonly paths: readonly HostPath[];
  /** Why no path could be followed, when there is none. */
  readonly missing?: string;
}

const ACL_TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL];

interface Host {
  readonly name: string;
  readonly subnets: readonly ResourceView[];
  readonly doubts: readonly Doubt[];
}

/** A property that names a host's subnet: the resource holding it, the key, the value when nested. */
type SubnetRef = readonly [ResourceView, string, unknown?];

const DENY_TYPES = [...ACL_TYPES, NETWORK_ACL_RULE, FIREWALL];

function label(view: ResourceView): string {
  return `${view.type.split(":").pop()} "${view.name}"`;
}

export class Topology {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly byId = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();

  constructor(views: readonly ResourceView[]) {
    for (const view of views) {
      this.byUrn.set(view.urn, view);
      cached(this.byType, view.type, () => []).push(view);
      for (const key of ["id", "arn"]) {
        const value = reveal(own(view.props, key));
        if (typeof value === "string") this.byId.set(value, view);
      }
    }
  }

  /** True when the stack declares anything that could deny traffic upstream of a group. */
  hasUpstreamFilters(): boolean {
    return DENY_TYPES.some((t) => (this.byType.get(t) ?? []).length > 0);
  }

  private ofType(type: string): ResourceView[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The resources a property refers to: by the URNs the engine recorded for it and by the ids it
   * holds. `unknown` is set when some reference is unknown and no dependency names its target.
   */
  refs(view: ResourceView, key: string, value: unknown = own(view.props, key), types?: readonly string[]): { targets: ResourceView[]; unknown: boolean } {
    const deps = (view.propertyDependencies[key] ?? []).map((u) => this.byUrn.get(u)).filter((v): v is ResourceView => v !== undefined);
    const raw = reveal(value);
    const values = Array.isArray(raw) ? raw.map(reveal) : raw === undefined || raw === null ? [] : [raw];
    const byId = values.filter((v): v is string => typeof v === "string").map((id) => this.byId.get(id)).filter((v): v is ResourceView => v !== undefined);
    const targets = [...new Set([...deps, ...byId])].filter((t) => !types || types.includes(t.type));
    return { targets, unknown: values.some(isUnknown) && deps.length === 0 };
  }

  private readonly reverses = new Map<string, Map<ResourceView, ResourceView[]>>();
  private readonly pathMemo = new Map<ResourceView, GroupPaths>();
  private readonly layerMemo = new Map<ResourceView, { layers: Layer[]; notes: string[] }>();

  /**
   * Who refers to a resource: built once per relation, so that following links costs a lookup,
   * not a scan of the stack (stacks of 100k resources stay linear).
   */
  private referrers(relation: string, types: readonly string[], targetsOf: (view: ResourceView) => ResourceView[]): Map<ResourceView, ResourceView[]> {
    return cached(this.reverses, relation, () => {
      const index = new Map<ResourceView, ResourceView[]>();
      for (const view of types.flatMap((t) => this.ofType(t))) {
        for (const target of new Set(targetsOf(view))) cached(index, target, () => []).push(view);
      }
      return index;
    });
  }

  private targets(view: ResourceView, key: string, value?: unknown): ResourceView[] {
    return this.refs(view, key, value).targets;
  }

  /** Every path from the internet to a host that uses the group. */
  pathsFor(group: ResourceView): GroupPaths {
    return cached(this.pathMemo, group, () => {
      const hosts = this.hostsOf(group);
      if (hosts.length > 0) return { paths: hosts.flatMap((h) => (h.subnets.length > 0 ? h.subnets.map((s) => this.pathThrough(h.name, s, h.doubts)) : [this.unplaced(h)])) };
      return {
        paths: [],
        missing: `no instance, network interface or launch template in this stack uses ${label(group)}, so no network ACL or firewall in front of it could be credited (cls-guard follows Instance vpcSecurityGroupIds, NetworkInterface securityGroups, and launch templates used by auto-scaling groups)`,
      };
    });
  }

  private unplaced(host: Host): HostPath {
    const why = `the subnet of ${host.name} is not in this stack, so nothing in front of it could be credited (manage the subnet here, or read it with aws.ec2.Subnet.get, so the link can be followed)`;
    return { host: host.name, layers: [], doubts: host.doubts, notes: [why] };
  }

  private hostsOf(group: ResourceView): Host[] {
    const instances = this.referrers("instance->group", [INSTANCE], (v) => [...this.targets(v, "vpcSecurityGroupIds"), ...this.targets(v, "securityGroups")]);
    const interfaces = this.referrers("eni->group", [NETWORK_INTERFACE], (v) => this.targets(v, "securityGroups"));
    const templates = this.referrers("template->group", [LAUNCH_TEMPLATE], (v) => [
      ...this.targets(v, "vpcSecurityGroupIds"),
      ...listOf(own(v.props, "networkInterfaces")).flatMap((n) => this.targets(v, "networkInterfaces", own(n, "securityGroups"))),
    ]);
    const launchers = this.referrers("asg->template", [AUTOSCALING_GROUP], (asg) => this.launched(asg));
    return [
      ...(instances.get(group) ?? []).map((v) => this.placed(v, [[v, "subnetId"]])),
      ...(interfaces.get(group) ?? []).map((v) => this.placed(v, [[v, "subnetId"]])),
      ...(templates.get(group) ?? []).flatMap((template) => {
        const groups = launchers.get(template) ?? [];
        if (groups.length === 0) return [{ name: `${label(template)} (no auto-scaling group in this stack uses it)`, subnets: [], doubts: [] }];
        const nicSubnets = listOf(own(template.props, "networkInterfaces")).map((n): SubnetRef => [template, "networkInterfaces", own(n, "subnetId")]);
        return groups.map((asg) => this.placed(asg, [[asg, "vpcZoneIdentifiers"], ...nicSubnets]));
      }),
    ];
  }

  /** The launch templates an auto-scaling group names by id or name, or depends on at preview. */
  private launched(asg: ResourceView): ResourceView[] {
    const spec = own(asg.props, "launchTemplate");
    const name = reveal(own(spec, "name"));
    const byName = typeof name === "string" ? this.ofType(LAUNCH_TEMPLATE).filter((t) => reveal(own(t.props, "name")) === name) : [];
    return [...this.targets(asg, "launchTemplate", own(spec, "id")), ...byName];
  }

  private placed(view: ResourceView, subnetRefs: readonly SubnetRef[]): Host {
    const links = subnetRefs.map(([owner, key, value]) => this.refs(owner, key, value, [SUBNET]));
    const doubts: Doubt[] = links.some((l) => l.unknown)
      ? [{ kind: "unknown", field: `${label(view)} subnet`, detail: `the subnet of ${label(view)} is not known at preview and no dependency names it (set it from the subnet resource's id output so the engine records the link)` }]
      : [];
    return { name: label(view), subnets: [...new Set(links.flatMap((l) => l.targets))], doubts };
  }

  private pathThrough(host: string, subnet: ResourceView, doubts: readonly Doubt[]): HostPath {
    const filters = cached(this.layerMemo, subnet, () => {
      const notes: string[] = [];
      const vpc = this.refs(subnet, "vpcId", undefined, [VPC]).targets[0];
      const hostContext: HostContext = { hostAddresses: cidrOf(subnet), vpcCidr: vpc ? cidrOf(vpc) : undefined };
      const acl = this.aclOf(subnet, vpc, notes);
      return { layers: [...(acl ? [acl] : []), ...(vpc ? this.firewallsIn(vpc, hostContext, notes) : [])], notes };
    });
    return { host: `${host} in ${label(subnet)}`, layers: filters.layers, doubts, notes: filters.notes };
  }

  private aclOf(subnet: ResourceView, vpc: ResourceView | undefined, notes: string[]): Layer | undefined {
    const bySubnetIds = this.referrers("acl->subnet", ACL_TYPES, (acl) => this.targets(acl, "subnetIds"));
    const associations = this.referrers("association->subnet", [NETWORK_ACL_ASSOCIATION], (a) => this.targets(a, "subnetId"));
    const explicit = [...(bySubnetIds.get(subnet) ?? []), ...(associations.get(subnet) ?? []).flatMap((a) => this.refs(a, "networkAclId", undefined, ACL_TYPES).targets)];
    const defaults = this.referrers("default-acl->vpc", [DEFAULT_NETWORK_ACL], (d) => [
      ...this.targets(d, "defaultNetworkAclId", UNKNOWN),
      ...this.ofType(VPC).filter((v) => reveal(own(v.props, "defaultNetworkAclId")) !== undefined && reveal(own(v.props, "defaultNetworkAclId")) === reveal(own(d.props, "defaultNetworkAclId"))),
    ]);
    const acls = [...new Set(explicit)];
    const chosen = acls.length > 0 ? acls : vpc ? (defaults.get(vpc) ?? []) : [];
    if (chosen.length === 0) {
      notes.push(`${label(subnet)} uses its VPC's default network ACL, which this stack does not manage (by default it allows all traffic)`);
      return undefined;
    }
    if (chosen.length > 1) {
      notes.push(`${label(subnet)} is associated with more than one network ACL (${chosen.map(label).join(", ")}), so none was credited`);
      return undefined;
    }
    const acl = chosen[0];
    const rules = this.referrers("rule->acl", [NETWORK_ACL_RULE], (r) => this.targets(r, "networkAclId"));
    const standalone = (rules.get(acl) ?? [])
      .map((r) => standaloneAclRule(r, acl.name))
      .filter((r) => r.inbound)
      .map((r) => r.rule);
    return networkAclLayer(`NACL "${acl.name}"`, [...inlineAclRules(acl), ...standalone]);
  }

  private firewallsIn(vpc: ResourceView, host: HostContext, notes: string[]): Layer[] {
    const firewalls = this.referrers("firewall->vpc", [FIREWALL], (fw) => this.targets(fw, "vpcId"));
    return (firewalls.get(vpc) ?? []).flatMap((fw) => {
        const link = this.refs(fw, "firewallPolicyArn", undefined, [FIREWALL_POLICY]);
        if (link.targets.length !== 1) {
          notes.push(`the policy of firewall "${fw.name}" is not in this stack, so it earned no credit`);
          return [];
        }
        const policy = readFirewallPolicy(link.targets[0]);
        const doubts: Doubt[] = [];
        const resolve = (refs: readonly GroupReference[], kind: "stateless" | "stateful", orderMatters: boolean) =>
          this.resolveGroups(link.targets[0], refs, kind, orderMatters, doubts, notes);
        const stateless = resolve(policy.stateless, "stateless", true);
        const stateful = resolve(policy.stateful, "stateful", policy.strictOrder);
        return [firewallLayer(firewallSpec(`firewall "${fw.name}"`, policy, stateless, stateful, host, doubts))];
      });
  }

  /**
   * A policy's rule-group references, each to its group. At preview the ARNs are unknown and the
   * engine only says which groups the policy depends on; where several references could be
   * several groups and their order matters, the order is a doubt.
   */
  private resolveGroups(policy: ResourceView, refs: readonly GroupReference[], kind: "stateless" | "stateful", orderMatters: boolean, doubts: Doubt[], notes: string[]) {
    const resolved: { ref: GroupReference; group: RuleGroupReading }[] = [];
    const pending: GroupReference[] = [];
    for (const ref of refs) {
      const target = typeof reveal(ref.field.value) === "string" ? this.byId.get(reveal(ref.field.value) as string) : undefined;
      if (target?.type === RULE_GROUP) resolved.push({ ref, group: readRuleGroup(target) });
      else if (isUnknown(ref.field.value)) pending.push(ref);
      else notes.push(`${ref.field.path} names a rule group that is not in this stack, so it was not read`);
    }
    const taken = new Set(resolved.map((r) => r.group.view.urn));
    const candidates = this.refs(policy, "firewallPolicy", UNKNOWN, [RULE_GROUP])
      .targets.filter((g) => !taken.has(g.urn))
      .map(readRuleGroup)
      .filter((g) => g.kind === kind);
    if (pending.length === 1 && candidates.length === 1) resolved.push({ ref: pending[0], group: candidates[0] });
    else if (pending.length > 0 && !orderMatters && candidates.length >= pending.length) candidates.forEach((group, i) => resolved.push({ ref: pending[Math.min(i, pending.length - 1)], group }));
    else if (pending.length > 0) {
      doubts.push({ kind: "unknown", field: `${policy.name} rule groups`, detail: `which ${kind} rule group firewall policy "${policy.name}" references at which priority is not known until their ARNs are` });
    }
    return resolved.sort((a, b) => a.ref.priority - b.ref.priority);
  }
}

function cidrOf(view: ResourceView): IntervalSet | undefined {
  const cidr = reveal(own(view.props, "cidrBlock"));
  return typeof cidr === "string" ? parseAddressBlock(cidr) : undefined;
}
