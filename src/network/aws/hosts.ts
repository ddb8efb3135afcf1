import type { Doubt } from "../../model/rule";
import { cached } from "../../cached";
import { display, isUnknown, reveal } from "../../model/values";
import { DEFAULT_NETWORK_ACL, NETWORK_ACL, NETWORK_ACL_ASSOCIATION, NETWORK_ACL_RULE } from "../../shapes/aws/networkAcls";
import { FIREWALL, FIREWALL_POLICY, RULE_GROUP } from "../../shapes/aws/networkFirewall";
import { DEFAULT_ROUTE_TABLE, EIP, INTERNET_GATEWAY, INTERNET_GATEWAY_ATTACHMENT, MAIN_ROUTE_TABLE_ASSOCIATION, ROUTE, ROUTE_TABLE, ROUTE_TABLE_ASSOCIATION } from "../../shapes/aws/routes";
import { DEFAULT_SECURITY_GROUP, SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE } from "../../shapes/aws/securityGroups";
import { isUnset } from "../../shapes/fields";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { type StackIndex } from "../stackIndex";
import { VPC } from "./filters";

export const INSTANCE = "aws:ec2/instance:Instance";
export const SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
export const NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
export const SECURITY_GROUP_ATTACHMENT = "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const SUBNET = "aws:ec2/subnet:Subnet";

/** A spot instance request launches an instance with the request's own network settings. */
const INSTANCES = [INSTANCE, SPOT_INSTANCE_REQUEST];
const TEMPLATES = [LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION];
const FOLLOWED = new Set([...INSTANCES, NETWORK_INTERFACE, SECURITY_GROUP_ATTACHMENT, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, AUTOSCALING_GROUP]);
/** Resources that name a group without putting it on a host: other groups and their rules, and the network around the hosts. */
const NOT_HOSTS = new Set([
  SECURITY_GROUP,
  DEFAULT_SECURITY_GROUP,
  SECURITY_GROUP_RULE,
  VPC_INGRESS_RULE,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupVpcAssociation:SecurityGroupVpcAssociation",
  VPC,
  SUBNET,
  NETWORK_ACL,
  DEFAULT_NETWORK_ACL,
  NETWORK_ACL_RULE,
  NETWORK_ACL_ASSOCIATION,
  ROUTE_TABLE,
  DEFAULT_ROUTE_TABLE,
  ROUTE,
  ROUTE_TABLE_ASSOCIATION,
  MAIN_ROUTE_TABLE_ASSOCIATION,
  INTERNET_GATEWAY,
  INTERNET_GATEWAY_ATTACHMENT,
  EIP,
  RULE_GROUP,
  FIREWALL_POLICY,
  FIREWALL,
]);
/** Tags label a resource; a group id in them attaches the group to nothing. */
const LABELS = new Set(["tags", "tagsAll"]);

/** What cls-guard follows from a group to its hosts, for the messages. */
export const FOLLOWED_USES =
  "Instance and SpotInstanceRequest vpcSecurityGroupIds, NetworkInterface securityGroups, NetworkInterfaceSecurityGroupAttachment, and launch templates (also of mixed instances policies) and launch configurations used by auto-scaling groups";

/** Something a security group guards, in the subnets it may sit in. */
export interface Host {
  /** The instance, network interface or auto-scaling group; undefined for a template nothing launches. */
  readonly view?: ResourceView;
  /** The launch template or launch configuration that gives an auto-scaling group's instances their network settings. */
  readonly template?: ResourceView;
  readonly name: string;
  readonly subnets: readonly ResourceView[];
  readonly doubts: readonly Doubt[];
  /** Why nothing in front of the host can be credited, where the reason is not its subnet's absence. */
  readonly unfollowed?: string;
}

/** A property that names a host's subnet: the resource holding it, the key, the value when nested. */
type SubnetRef = readonly [ResourceView, string, unknown?];

/** What a resource's references link (security groups, launch templates), and whether one may be anything: unknown at preview, named by no dependency. */
interface Links {
  readonly targets: readonly ResourceView[];
  readonly unknown: boolean;
}

const joined = (...links: readonly Links[]): Links => ({ targets: [...new Set(links.flatMap((l) => l.targets))], unknown: links.some((l) => l.unknown) });

/** The resources whose groups are not known at preview (named by no dependency), each of which may use any group. */
const unlinkedByStack = new WeakMap<StackIndex, { readonly list: readonly ResourceView[]; readonly set: ReadonlySet<ResourceView> }>();

/**
 * The instances, spot instances, network interfaces (their own groups and attached ones) and
 * auto-scaling groups (through launch templates and configurations) that use a group; and, as hosts
 * nothing can be credited for, every other resource that names the group. At preview, a resource
 * whose groups are not known and named by no dependency may use this one: it is a host too, in
 * doubt, so that what reaches it cannot pass unverified.
 */
export function hostsOf(index: StackIndex, group: ResourceView): Host[] {
  const instances = index.referrers("instance->group", INSTANCES, (v) => [...instanceGroups(index, v).targets]);
  const interfaces = index.referrers("eni->group", [NETWORK_INTERFACE], (v) => index.targets(v, "securityGroups"));
  const attachments = index.referrers("attachment->group", [SECURITY_GROUP_ATTACHMENT], (a) => index.targets(a, "securityGroupId"));
  const templates = index.referrers("template->group", TEMPLATES, (v) => [...templateGroups(index, v).targets]);
  const launchers = index.referrers("asg->template", [AUTOSCALING_GROUP], (asg) => [...launched(index, asg).targets]);
  const launchingInstances = index.referrers("instance->template", INSTANCES, (v) => (namesGroups(index, v) ? [] : [...instanceTemplates(index, v).targets]));
  const templateHosts = (template: ResourceView): Host[] => {
    const groups = launchers.get(template) ?? [];
    // Instances launched from the template are hosts by its groups already.
    if (groups.length === 0) return launchingInstances.has(template) ? [] : [{ name: `${resourceLabel(template)} (no auto-scaling group in this stack uses it)`, subnets: [], doubts: [] }];
    return groups.map((asg) => scaledHost(index, asg, template));
  };
  const placedIn = (v: ResourceView) => placed(index, v, [[v, "subnetId"]]);
  return [
    ...(instances.get(group) ?? []).map(placedIn),
    ...(interfaces.get(group) ?? []).map(placedIn),
    ...(attachments.get(group) ?? []).map((a) => attachedInterface(index, a, group)),
    ...(templates.get(group) ?? []).flatMap(templateHosts),
    ...unlinkedHosts(index, group, new Set([instances, interfaces, attachments, templates].flatMap((users) => users.get(group) ?? []))),
    ...defaultGroupHosts(index, group),
    ...unfollowedUsers(index, group),
  ];
}

/**
 * At preview, the resources whose groups (or launch template) are not known and named by no
 * dependency may use any group they are not already known to use: for each group they are one
 * host in doubt, with nothing in front of it credited, summarised so that a stack of many stays
 * linear.
 */
function unlinkedHosts(index: StackIndex, group: ResourceView, knownUsers: ReadonlySet<ResourceView>): Host[] {
  const unlinked = cached(unlinkedByStack, index, () => unlinkedUsers(index));
  // Counted, not filtered: every group asks, and a stack may hold many of both.
  const count = unlinked.list.length - [...knownUsers].filter((v) => unlinked.set.has(v)).length;
  if (count === 0) return [];
  const shown: ResourceView[] = [];
  for (const v of unlinked.list) {
    if (shown.length === 3) break;
    if (!knownUsers.has(v)) shown.push(v);
  }
  const named = shown.map(resourceLabel).join(", ") + (count > 3 ? ` and ${count - 3} more` : "");
  const detail = `the security groups of ${named} are not known at preview and no dependency names them, so ${resourceLabel(group)} may be one of them`;
  return [{ name: named, subnets: [], doubts: [{ kind: "unknown", field: "security groups", detail }], unfollowed: `nothing in front of ${named} can be credited until their security groups are known` }];
}

/** A host launched with no security group, and the VPCs its subnets are in, whose default group it is then in. */
interface GrouplessHost {
  readonly host: Host;
  readonly vpcs: readonly ResourceView[];
}

const grouplessByStack = new WeakMap<StackIndex, readonly GrouplessHost[]>();

/**
 * The hosts in the group because it is their VPC's default security group (a DefaultSecurityGroup
 * of the VPC, or the group a Vpc's defaultSecurityGroupId names): those launched with no group get
 * it (VPC user guide, "Default security groups for your VPCs"). After an update an instance's or
 * interface's outputs name it, but a launch template's or configuration's never do, so the
 * instances auto-scaling groups launch from one that names no group are followed here.
 */
function defaultGroupHosts(index: StackIndex, group: ResourceView): Host[] {
  const vpcs = [...(group.type === DEFAULT_SECURITY_GROUP ? index.targets(group, "vpcId", undefined, [VPC]) : []), ...index.withValue("defaultSecurityGroupId", [VPC], own(group.props, "id"))];
  if (vpcs.length === 0) return [];
  return cached(grouplessByStack, index, () => grouplessHosts(index))
    .filter((g) => g.vpcs.some((v) => vpcs.includes(v)))
    .map((g) => g.host);
}

function grouplessHosts(index: StackIndex): GrouplessHost[] {
  const inVpcs = (host: Host): GrouplessHost => ({ host, vpcs: [...new Set(host.subnets.flatMap((s) => index.targets(s, "vpcId", undefined, [VPC])))] });
  // An instance on interfaces it is given takes their groups instead.
  const launchedBare = (v: ResourceView) => {
    const templates = instanceTemplates(index, v);
    return !templates.unknown && templates.targets.every((t) => namesNoGroup(index, t));
  };
  const instances = INSTANCES.flatMap((t) => index.ofType(t)).filter((v) => listOf(own(v.props, "networkInterfaces")).length === 0 && !namesGroups(index, v) && launchedBare(v));
  const interfaces = index.ofType(NETWORK_INTERFACE).filter((v) => listOf(own(v.props, "securityGroups")).length === 0 && !index.refs(v, "securityGroups").unknown);
  const scaled = index.ofType(AUTOSCALING_GROUP).flatMap((asg) =>
    launched(index, asg)
      .targets.filter((t) => namesNoGroup(index, t))
      .map((template) => scaledHost(index, asg, template)),
  );
  return [...[...instances, ...interfaces].map((v) => placed(index, v, [[v, "subnetId"]])), ...scaled].map(inVpcs);
}

/** The instances an auto-scaling group launches from a template, in the group's subnets or those the template's interfaces name. */
function scaledHost(index: StackIndex, asg: ResourceView, template: ResourceView): Host {
  const nicSubnets = listOf(own(template.props, "networkInterfaces")).map((n): SubnetRef => [template, "networkInterfaces", own(n, "subnetId")]);
  return { ...placed(index, asg, [[asg, "vpcZoneIdentifiers"], ...nicSubnets]), template };
}

/** A launch template or configuration that names no group, by id or name, nor an interface that brings its own. */
function namesNoGroup(index: StackIndex, template: ResourceView): boolean {
  const interfaces = listOf(own(template.props, "networkInterfaces"));
  const listed = ["vpcSecurityGroupIds", "securityGroups", "securityGroupNames"].some((k) => listOf(own(template.props, k)).length > 0);
  const onInterfaces = interfaces.some((n) => listOf(own(n, "securityGroups")).length > 0 || !isUnset(own(n, "networkInterfaceId")));
  const links = templateGroups(index, template);
  return !listed && !onInterfaces && links.targets.length === 0 && !links.unknown;
}

/** Instances, interfaces, attachments, templates and auto-scaling groups (their template) whose groups are not known at preview. */
function unlinkedUsers(index: StackIndex): { list: ResourceView[]; set: Set<ResourceView> } {
  const unknownOf = (types: readonly string[], links: (v: ResourceView) => Links) => types.flatMap((t) => index.ofType(t)).filter((v) => links(v).unknown);
  const list = [
    ...unknownOf(INSTANCES, (v) => instanceGroups(index, v)),
    ...unknownOf([NETWORK_INTERFACE], (v) => index.refs(v, "securityGroups")),
    ...unknownOf([SECURITY_GROUP_ATTACHMENT], (a) => index.refs(a, "securityGroupId")),
    ...unknownOf(TEMPLATES, (v) => templateGroups(index, v)),
    ...unknownOf([AUTOSCALING_GROUP], (asg) => launched(index, asg)),
  ];
  return { list, set: new Set(list) };
}

/** A launch configuration names its groups in securityGroups, a launch template in vpcSecurityGroupIds or on its interfaces. */
function templateGroups(index: StackIndex, template: ResourceView): Links {
  return joined(
    index.refs(template, "vpcSecurityGroupIds"),
    index.refs(template, "securityGroups"),
    ...listOf(own(template.props, "networkInterfaces")).map((n) => index.refs(template, "networkInterfaces", own(n, "securityGroups"))),
  );
}

const instanceOwnGroups = (index: StackIndex, instance: ResourceView): Links => joined(index.refs(instance, "vpcSecurityGroupIds"), index.refs(instance, "securityGroups"));

/** Whether an instance names groups of its own (or may: they are not known at preview), which then override its launch template's. */
function namesGroups(index: StackIndex, instance: ResourceView): boolean {
  const links = instanceOwnGroups(index, instance);
  return links.targets.length > 0 || links.unknown || listOf(own(instance.props, "vpcSecurityGroupIds")).length + listOf(own(instance.props, "securityGroups")).length > 0;
}

/**
 * An instance's groups: its own, or where it names none, those of the launch template it is
 * launched from (EC2 user guide, "Launch an instance from a launch template": parameters given
 * override the template's).
 */
function instanceGroups(index: StackIndex, instance: ResourceView): Links {
  if (namesGroups(index, instance)) return instanceOwnGroups(index, instance);
  const templates = instanceTemplates(index, instance);
  return joined({ targets: [], unknown: templates.unknown }, ...templates.targets.map((t) => templateGroups(index, t)));
}

function instanceTemplates(index: StackIndex, instance: ResourceView): Links {
  const spec = own(instance.props, "launchTemplate");
  return named(index, instance, "launchTemplate", LAUNCH_TEMPLATE, own(spec, "id"), own(spec, "name"));
}

/**
 * The resources of a type an id or a name given under `key` refers to (a launch configuration's
 * name is its id), or at preview the holder's dependencies on `key`.
 */
function named(index: StackIndex, holder: ResourceView, key: string, type: string, id: unknown, name: unknown): Links {
  const given = [id, name].filter((v) => isUnknown(v) || !isUnset(v));
  const byName = typeof reveal(name) === "string" && reveal(name) !== "" ? index.withValue("name", [type], name) : [];
  return joined(index.refs(holder, key, given, [type]), { targets: byName, unknown: false });
}

/**
 * The launch templates or configuration an auto-scaling group names by id or name, or depends on at
 * preview: its launchTemplate, or a mixed instances policy's template and the templates its
 * overrides launch some instance types from.
 */
function launched(index: StackIndex, asg: ResourceView): Links {
  const spec = own(asg.props, "launchTemplate");
  const mixed = own(own(asg.props, "mixedInstancesPolicy"), "launchTemplate");
  const mixedSpecs = [own(mixed, "launchTemplateSpecification"), ...listOf(own(mixed, "overrides")).map((o) => own(o, "launchTemplateSpecification"))];
  const configuration = own(asg.props, "launchConfiguration");
  return joined(
    named(index, asg, "launchTemplate", LAUNCH_TEMPLATE, own(spec, "id"), own(spec, "name")),
    ...mixedSpecs.map((s) => named(index, asg, "mixedInstancesPolicy", LAUNCH_TEMPLATE, own(s, "launchTemplateId"), own(s, "launchTemplateName"))),
    named(index, asg, "launchConfiguration", LAUNCH_CONFIGURATION, configuration, configuration),
  );
}

/** The interface a NetworkInterfaceSecurityGroupAttachment puts the group on: a managed one, or an instance's primary one. */
function attachedInterface(index: StackIndex, attachment: ResourceView, group: ResourceView): Host {
  const value = own(attachment.props, "networkInterfaceId");
  const [target] = [...index.targets(attachment, "networkInterfaceId", value, [NETWORK_INTERFACE, ...INSTANCES]), ...index.withValue("primaryNetworkInterfaceId", INSTANCES, value)];
  if (target) return placed(index, target, [[target, "subnetId"]]);
  const which = isUnknown(value) ? "a network interface not known at preview, and no dependency names it" : `network interface ${display(value)}, which is not in this stack`;
  return { name: resourceLabel(attachment), subnets: [], doubts: [], unfollowed: `${resourceLabel(attachment)} attaches ${resourceLabel(group)} to ${which}, so nothing in front of it could be credited (manage the interface or its instance here so the link can be followed)` };
}

/** Resources that name the group in a way cls-guard does not follow to a host: whatever they put it on, no filter in front of it can be shown. */
function unfollowedUsers(index: StackIndex, group: ResourceView): Host[] {
  const mayHoldHosts = (type: string) => type.startsWith("aws:") && !FOLLOWED.has(type) && !NOT_HOSTS.has(type);
  return index
    .mentions("unfollowed->group", mayHoldHosts, group)
    .map((m) => ({ view: m.view, keys: m.keys.filter((k) => !LABELS.has(k)) }))
    .filter((m) => m.keys.length > 0)
    .map(({ view, keys }) => ({
      view,
      name: resourceLabel(view),
      subnets: [],
      doubts: [],
      unfollowed: `${resourceLabel(view)} names ${resourceLabel(group)} (${keys.join(", ")}), and cls-guard cannot follow it to the hosts it may put the group on, so no network ACL or firewall in front of them was credited (cls-guard follows ${FOLLOWED_USES})`,
    }));
}

function placed(index: StackIndex, view: ResourceView, subnetRefs: readonly SubnetRef[]): Host {
  const links = subnetRefs.map(([owner, key, value]) => index.refs(owner, key, value, [SUBNET]));
  const doubts: Doubt[] = links.some((l) => l.unknown)
    ? [{ kind: "unknown", field: `${resourceLabel(view)} subnet`, detail: `the subnet of ${resourceLabel(view)} is not known at preview and no dependency names it (set it from the subnet resource's id output so the engine records the link)` }]
    : [];
  return { view, name: resourceLabel(view), subnets: [...new Set(links.flatMap((l) => l.targets))], doubts };
}
