import type { Doubt } from "../../model/rule";
import { reveal } from "../../model/values";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { type StackIndex } from "../stackIndex";

export const INSTANCE = "aws:ec2/instance:Instance";
export const NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const SUBNET = "aws:ec2/subnet:Subnet";

/** Something a security group guards, in the subnets it may sit in. */
export interface Host {
  /** The instance, network interface or auto-scaling group; undefined for a template nothing launches. */
  readonly view?: ResourceView;
  /** The launch template that gives an auto-scaling group's instances their network settings. */
  readonly template?: ResourceView;
  readonly name: string;
  readonly subnets: readonly ResourceView[];
  readonly doubts: readonly Doubt[];
}

/** A property that names a host's subnet: the resource holding it, the key, the value when nested. */
type SubnetRef = readonly [ResourceView, string, unknown?];

/** The instances, network interfaces and auto-scaling groups (through launch templates) that use a group. */
export function hostsOf(index: StackIndex, group: ResourceView): Host[] {
  const instances = index.referrers("instance->group", [INSTANCE], (v) => [...index.targets(v, "vpcSecurityGroupIds"), ...index.targets(v, "securityGroups")]);
  const interfaces = index.referrers("eni->group", [NETWORK_INTERFACE], (v) => index.targets(v, "securityGroups"));
  const templates = index.referrers("template->group", [LAUNCH_TEMPLATE], (v) => [
    ...index.targets(v, "vpcSecurityGroupIds"),
    ...listOf(own(v.props, "networkInterfaces")).flatMap((n) => index.targets(v, "networkInterfaces", own(n, "securityGroups"))),
  ]);
  const launchers = index.referrers("asg->template", [AUTOSCALING_GROUP], (asg) => launched(index, asg));
  return [
    ...(instances.get(group) ?? []).map((v) => placed(index, v, [[v, "subnetId"]])),
    ...(interfaces.get(group) ?? []).map((v) => placed(index, v, [[v, "subnetId"]])),
    ...(templates.get(group) ?? []).flatMap((template): Host[] => {
      const groups = launchers.get(template) ?? [];
      if (groups.length === 0) return [{ name: `${resourceLabel(template)} (no auto-scaling group in this stack uses it)`, subnets: [], doubts: [] }];
      const nicSubnets = listOf(own(template.props, "networkInterfaces")).map((n): SubnetRef => [template, "networkInterfaces", own(n, "subnetId")]);
      return groups.map((asg) => ({ ...placed(index, asg, [[asg, "vpcZoneIdentifiers"], ...nicSubnets]), template }));
    }),
  ];
}

/** The launch templates an auto-scaling group names by id or name, or depends on at preview. */
function launched(index: StackIndex, asg: ResourceView): ResourceView[] {
  const spec = own(asg.props, "launchTemplate");
  const name = reveal(own(spec, "name"));
  const byName = typeof name === "string" && name !== "" ? index.ofType(LAUNCH_TEMPLATE).filter((t) => reveal(own(t.props, "name")) === name) : [];
  return [...index.targets(asg, "launchTemplate", own(spec, "id")), ...byName];
}

function placed(index: StackIndex, view: ResourceView, subnetRefs: readonly SubnetRef[]): Host {
  const links = subnetRefs.map(([owner, key, value]) => index.refs(owner, key, value, [SUBNET]));
  const doubts: Doubt[] = links.some((l) => l.unknown)
    ? [{ kind: "unknown", field: `${resourceLabel(view)} subnet`, detail: `the subnet of ${resourceLabel(view)} is not known at preview and no dependency names it (set it from the subnet resource's id output so the engine records the link)` }]
    : [];
  return { view, name: resourceLabel(view), subnets: [...new Set(links.flatMap((l) => l.targets))], doubts };
}
