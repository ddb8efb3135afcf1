import { cached, once } from "../../cached";
import { ALL_ADDRESSES, ALL_IPV4, ALL_IPV6, FAMILIES, FAMILY_SPACE, type Family } from "../../model/addresses";
import type { Layer } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import type { Doubt } from "../../model/rule";
import { DEFAULT_NETWORK_ACL, NETWORK_ACL, NETWORK_ACL_RULE } from "../../shapes/aws/networkAcls";
import { FIREWALL } from "../../shapes/aws/networkFirewall";
import { isUnknown, reveal } from "../../model/values";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Bypass, GroupPaths, Hop, HostPath, Reachability, Forwarder } from "../paths";
import { isUnset } from "../../shapes/fields";
import { ALL_PORTS, Traffic } from "../../model/traffic";
import { balancerSubnetRefs, TARGET_GROUP_ATTACHMENTS, TARGET_GROUPS, type BalancerKind } from "../../shapes/aws/loadBalancers";
import { ACCELERATOR_LISTENER, ENDPOINT_GROUP, endpointTraffic } from "../../shapes/aws/accelerators";
import { balancerGuard, type GroupRules } from "./balancerGroups";
import { Balancers, type Forwarding } from "./balancers";
import { aclOf, cidrOf, defaultHomeNet, firewallsIn, VPC, type BuiltLayer } from "./filters";
import { FOLLOWED_USES, hostsOf, INSTANCE, NETWORK_INTERFACE, SPOT_INSTANCE_REQUEST, SUBNET, type Host } from "./hosts";
import { balancerReachability, reachabilityOf } from "./reachability";
import { Routing, type Inbound } from "./routing";
import { StackIndex } from "../stackIndex";

/**
 * What may send an internal balancer the internet's traffic: another balancer's target group (an
 * application balancer as a network balancer's target), a Global Accelerator endpoint group, a
 * CloudFront VPC origin.
 */
const FRONTS = [...TARGET_GROUP_ATTACHMENTS, ENDPOINT_GROUP, "aws:cloudfront/vpcOrigin:VpcOrigin"];

/** Where each kind of front names where it sends traffic: a property, or a field of each of its blocks. */
const FRONT_TARGET: Record<string, { readonly key: string; readonly field?: string }> = {
  ...Object.fromEntries(TARGET_GROUP_ATTACHMENTS.map((t) => [t, { key: "targetId" }])),
  [ENDPOINT_GROUP]: { key: "endpointConfigurations", field: "endpointId" },
  "aws:cloudfront/vpcOrigin:VpcOrigin": { key: "vpcOriginEndpointConfig", field: "arn" },
};

/** What a front names as its target: the property, or the field of each block (a block not known yet stands for its field). */
function frontTargets(front: ResourceView): unknown {
  const { key, field } = FRONT_TARGET[front.type];
  const value = own(front.props, key);
  if (!field || isUnknown(value)) return value;
  const blocks = reveal(value);
  return (Array.isArray(blocks) ? blocks : [blocks]).map((block) => (isUnknown(block) ? block : own(block, field)));
}

/** Hosts Global Accelerator may reach as an EC2 instance endpoint. */
const ACCELERATED = [INSTANCE, SPOT_INSTANCE_REQUEST, NETWORK_INTERFACE];

function unlinkedDoubt(group: ResourceView, host: ResourceView): Doubt {
  return { kind: "unknown", field: `${resourceLabel(group)} endpointConfigurations`, detail: `the endpoints of ${resourceLabel(group)} are not known at preview and no dependency names them, so they may include ${resourceLabel(host)}` };
}

/** What sends an internal balancer traffic; `doubt`: it may, by a reference not known until the update. */
interface Front {
  readonly view: ResourceView;
  readonly doubt?: Doubt;
}

const DENY_TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE, FIREWALL];

/** A balancer's subnets, the routes of the internet's traffic to them, and the firewalls of its VPC built for its nodes' addresses. */
interface BalancerSide {
  readonly balancer: ResourceView;
  readonly vpc?: ResourceView;
  readonly subnets: readonly ResourceView[];
  readonly subnetsUnknown: boolean;
  readonly inbound: ReadonlyMap<ResourceView, Record<Family, Inbound | undefined>>;
  readonly firewalls: readonly (BuiltLayer & { firewall: ResourceView })[];
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
  readonly resources: readonly string[];
}

/** What stands between the internet and every host of one subnet. */
interface SubnetPath {
  readonly vpc?: ResourceView;
  readonly hops: readonly Hop[];
  /** The subnet's network ACL, and its resources. */
  readonly acl?: { readonly hop: Hop; readonly resources: readonly string[] };
  readonly bypassed: readonly Bypass[];
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
  readonly resources: readonly string[];
  /** The filters' resources in the order traffic meets them, for the reachability path. */
  readonly via: readonly string[];
}

/**
 * The AWS path builder: for every host that uses a security group, the internet's path to it -
 * an AWS Network Firewall where the gateway's edge routes send the subnet through its endpoint,
 * then the subnet's network ACL - with the evidence for each hop and whether the host is
 * reachable now.
 */
export class AwsNetwork {
  private readonly index: StackIndex;
  private readonly routing: Routing;
  private readonly groupMemo = new Map<ResourceView, GroupPaths>();
  private readonly subnetMemo = new Map<ResourceView, SubnetPath>();
  private readonly balancerMemo = new Map<ResourceView, BalancerSide>();
  private readonly balancers: Balancers;

  constructor(
    views: readonly ResourceView[],
    private readonly rulesOf: GroupRules = () => [],
  ) {
    this.index = new StackIndex(views);
    this.routing = new Routing(this.index);
    this.balancers = new Balancers(this.index);
  }

  /** True when the stack declares anything that could deny traffic upstream of a group. */
  hasUpstreamFilters(): boolean {
    return DENY_TYPES.some((t) => this.index.ofType(t).length > 0);
  }

  /** Every path from the internet to a host that uses the group. */
  pathsFor(group: ResourceView): GroupPaths {
    return cached(this.groupMemo, group, () => {
      const hosts = hostsOf(this.index, group);
      if (hosts.length > 0) return { paths: hosts.flatMap((h) => (h.subnets.length > 0 ? h.subnets.flatMap((s) => [this.hostPath(h, s), ...this.balancerPaths(h, s, group), ...this.acceleratorPaths(h, s)]) : [unplaced(h)])) };
      return {
        paths: [],
        missing: `no instance, network interface or launch template in this stack uses ${resourceLabel(group)}, so no network ACL or firewall in front of it could be credited (cls-guard follows ${FOLLOWED_USES})`,
      };
    });
  }

  private hostPath(host: Host, subnet: ResourceView): HostPath {
    const path = this.subnetSide(subnet);
    const reachability = reachabilityOf(this.index, this.routing, host, subnet, path.vpc, path.via);
    return {
      host: `${host.name} in ${resourceLabel(subnet)}`,
      hops: path.hops,
      bypassed: path.bypassed,
      doubts: [...host.doubts, ...path.doubts],
      notes: path.notes,
      reachability,
      resources: [...path.resources, subnet.urn, ...(host.view ? [host.view.urn] : [])],
    };
  }

  /**
   * One more path for each balancer listener that forwards to the host. An internal balancer is no
   * way in unless something of the stack sends it traffic that may come from the internet (FRONTS);
   * gateway balancers' GENEVE groups are left out by the reader.
   */
  private balancerPaths(host: Host, subnet: ResourceView, group: ResourceView): HostPath[] {
    return this.balancers.forwardingsTo(host.view).flatMap((f) => {
      if (f.reading?.kind === "gateway") return [];
      const front = f.reading?.internal === "yes" ? this.frontOf(f.balancer, f.reading.kind) : undefined;
      if (f.reading?.internal === "yes" && !front) return [];
      return [this.balancerPath(host, subnet, f, group, front)];
    });
  }

  /**
   * Global Accelerator reaches an EC2 instance endpoint from network interfaces it creates in the
   * instance's subnet, keeping the client's address ("Best practices for client IP address
   * preservation"): not through the internet gateway, so no edge route puts a firewall on its way,
   * and the subnet's network ACL applies to what leaves only. The instance's security groups alone
   * judge it. At preview, an endpoint group whose endpoints are not known yet and that no
   * dependency links may name the instance.
   */
  private acceleratorPaths(host: Host, subnet: ResourceView): HostPath[] {
    const view = host.view;
    if (!view || !ACCELERATED.includes(view.type)) return [];
    const named = this.index.ofType(ENDPOINT_GROUP).filter((g) => this.namesHost(g, view));
    const unlinked = this.unlinkedFronts().filter((g) => g.type === ENDPOINT_GROUP && !named.includes(g));
    const around = this.subnetSide(subnet).hops;
    const senders: { group: ResourceView; doubt?: Doubt }[] = [...named.map((g) => ({ group: g })), ...unlinked.map((g) => ({ group: g, doubt: unlinkedDoubt(g, view) }))];
    return senders.map(({ group, doubt }) => {
      const listener = this.index.targets(group, "listenerArn", undefined, [ACCELERATOR_LISTENER])[0];
      const forwarded = listener && endpointTraffic(listener, group);
      const name = resourceLabel(group);
      const why = `${name} reaches ${host.name} from its own network interfaces in ${resourceLabel(subnet)}, not through the internet gateway: network ACLs filter only what leaves, and no edge route sends it through a firewall`;
      return {
        host: `${host.name} in ${resourceLabel(subnet)} through ${name}`,
        ...(forwarded ? { carries: Traffic.box(forwarded.protocols, forwarded.ports, ALL_ADDRESSES) } : {}),
        hops: [],
        bypassed: around.map((hop) => ({ layer: hop.layer, sources: ALL_ADDRESSES, why })),
        doubts: [...host.doubts, ...(doubt ? [doubt] : [])],
        notes: forwarded ? [] : [`what ${name} forwards is not known (its listener is not in this stack, or its ports cannot be read), so every port counts`],
        reachability: doubt
          ? { state: "unknown" as const, how: doubt.detail, path: [] }
          : { state: "yes" as const, how: `${name} forwards ${forwarded?.text ?? "its listener's traffic"} to ${host.name}`, path: [...(listener ? [listener.urn] : []), group.urn, view.urn] },
        resources: [...new Set([group.urn, ...(listener ? [listener.urn] : []), subnet.urn, view.urn])],
      };
    });
  }

  /**
   * Whether an endpoint group's endpoints include the host: an instance by its id, a spot request
   * by the instance it launched, a network interface by an instance it is attached to.
   */
  private namesHost(group: ResourceView, host: ResourceView): boolean {
    const targets = this.index.targets(group, "endpointConfigurations", frontTargets(group));
    const ids = new Set(listOf(frontTargets(group)).map(reveal));
    if (targets.includes(host)) return true;
    if (host.type === SPOT_INSTANCE_REQUEST) return ids.has(reveal(own(host.props, "spotInstanceId")));
    if (host.type !== NETWORK_INTERFACE) return false;
    const attachedTo = listOf(own(host.props, "attachments")).map((a) => reveal(own(a, "instance")));
    return attachedTo.some((id) => ids.has(id)) || targets.some((t) => t.type === INSTANCE && this.interfacesOf(t).includes(host));
  }

  /** The network interfaces an instance names: its primary one and those it is given. */
  private interfacesOf(instance: ResourceView): ResourceView[] {
    const given = listOf(own(instance.props, "networkInterfaces")).map((n) => own(n, "networkInterfaceId"));
    return [...this.index.targets(instance, "primaryNetworkInterfaceId"), ...this.index.targets(instance, "networkInterfaces", given)];
  }

  /**
   * What of the stack names an internal balancer as where it sends traffic; at preview, failing
   * that, a front whose target is not known yet and that no dependency links, which may name it.
   */
  private frontOf(balancer: ResourceView | undefined, kind: BalancerKind | undefined): Front | undefined {
    if (!balancer) return undefined;
    const named = this.index.mentions("front->balancer", (type) => FRONTS.includes(type), balancer)[0]?.view;
    if (named) return { view: named };
    const unlinked = this.unlinkedFronts().find((front) => this.mayFront(front, kind));
    if (!unlinked) return undefined;
    const field = `${resourceLabel(unlinked)} ${FRONT_TARGET[unlinked.type].key}`;
    return { view: unlinked, doubt: { kind: "unknown", field, detail: `where ${resourceLabel(unlinked)} sends traffic is not known at preview and no dependency names it, so it may be ${resourceLabel(balancer)}` } };
  }

  private readonly unlinkedFronts = once(() => FRONTS.flatMap((type) => this.index.ofType(type)).filter((v) => this.index.refs(v, FRONT_TARGET[v.type].key, frontTargets(v)).unknown));

  /**
   * A target group attachment registers an application balancer only in a group of target type
   * "alb" (ELB user guide, "Application Load Balancers as targets"): never a network one, nor through
   * a group of the stack whose type is known to be another ("instance" when unset).
   */
  private mayFront(front: ResourceView, kind: BalancerKind | undefined): boolean {
    if (!TARGET_GROUP_ATTACHMENTS.includes(front.type)) return true;
    if (kind !== "application" && kind !== "unknown") return false;
    const groups = this.index.targets(front, "targetGroupArn", undefined, TARGET_GROUPS);
    return groups.length === 0 || groups.some((g) => {
      const type = own(g.props, "targetType");
      return isUnknown(type) || reveal(type) === "alb";
    });
  }

  /** True when a balancer in the stack may forward the internet's traffic from its own address. */
  hasForwarders(): boolean {
    return this.balancers.present;
  }

  /**
   * The internet's path through a balancer to one host (ELB user guides). The traffic enters the
   * VPC at the balancer's nodes in the balancer's subnets, so the edge routes of those subnets, not
   * the host's, decide whether a firewall sees it, and it sees the listener's port. Only a network
   * balancer that preserves the client's address leaves the host subnet's network ACL and the
   * group's rules judging the client; any other balancer connects to the host from its own private
   * address, which they then judge (see forwarder).
   */
  private balancerPath(host: Host, subnet: ResourceView, f: Forwarding, group: ResourceView, front?: Front): HostPath {
    const hostSide = this.subnetSide(subnet);
    const side = f.balancer && cached(this.balancerMemo, f.balancer, () => this.balancerSide(f.balancer!));
    const name = balancerName(f);
    // A front's traffic reaches an internal balancer without crossing the internet gateway, so no edge route puts a firewall on its way.
    const placed = side && !front ? side.firewalls.map((fw) => this.placeOnBalancerPath(fw, side, f)) : [];
    const carried = f.reading?.sources ?? ALL_ADDRESSES;
    const kept = f.reading?.kind === "network" ? f.preservedClients.intersect(carried) : IntervalSet.EMPTY;
    const replacedClients = carried.subtract(kept);
    const replacedFamilies = FAMILIES.filter((family) => replacedClients.overlaps(FAMILY_SPACE[family]));
    // Traffic within a subnet never crosses its network ACL: a node in the host's subnet goes around it.
    const sameSubnet = side?.subnets.includes(subnet) ?? false;
    const acl = sameSubnet ? undefined : hostSide.acl;
    const forwarder = this.forwarder(f, side, group, replacedClients);
    const guard = balancerGuard(this.index, f, this.rulesOf);
    const notes = [...(side?.notes ?? []), ...f.notes, ...forwarder.notes, ...guard.notes];
    if (front) notes.push(`${name} is internal, but ${resourceLabel(front.view)} ${front.doubt ? "may send" : "sends"} it traffic, which may come from the internet without crossing the internet gateway, so it was read as a way in and no firewall on its subnets' edge routes was credited`);
    if (hostSide.acl && sameSubnet) notes.push(`${hostSide.acl.hop.layer.name} earned no credit on the path through ${name}: the balancer has a node in ${resourceLabel(subnet)} itself, and traffic within a subnet never crosses its network ACL`);
    if (acl && replacedFamilies.length > 0) {
      const whose = kept.isEmpty() ? "" : ` of ${replacedFamilies.map((family) => FAMILY_NAMES[family]).join(" and ")} clients`;
      notes.push(`on the path through ${name}, ${acl.hop.layer.name} judges the balancer's private address instead${whose}: ${replacedSource(f)}`);
    }
    const firewallUrns = placed.filter((p) => p.hop).map((p) => p.firewall.urn);
    const tail = [...f.chain, subnet.urn, ...(host.view ? [host.view.urn] : [])];
    return {
      host: `${host.name} in ${resourceLabel(subnet)} through ${name}`,
      carries: Traffic.box(f.protocols, f.hostPort === undefined ? ALL_PORTS : IntervalSet.range(f.hostPort, f.hostPort), carried),
      forwarder: forwarder.forwarder,
      hops: [...placed.flatMap((p) => p.hop ?? []), ...(guard.hop ? [guard.hop] : []), ...(acl ? [{ ...acl.hop, behindForwarder: true }] : [])],
      bypassed: placed.flatMap((p) => p.bypass ?? []),
      doubts: [...host.doubts, ...f.doubts, ...(side?.doubts ?? []), ...(acl ? hostSide.doubts : []), ...(front?.doubt ? [front.doubt] : [])],
      notes,
      reachability: front ? { state: "unknown", how: `${name} is internal and ${front.doubt ? "may be" : "is"} reached through ${resourceLabel(front.view)}, which cls-guard does not follow to the internet`, path: [] } : this.balancerReachability(host, f, side, firewallUrns, tail),
      resources: [...new Set([...f.chain, ...(side?.resources ?? []), ...guard.resources, ...(acl?.resources ?? []), subnet.urn, ...(host.view ? [host.view.urn] : [])])],
    };
  }

  /**
   * The balancer as the group's rules see it: the clients whose address it replaces, its nodes'
   * private addresses (in its subnets, of its targets' family), and its security groups. A network
   * balancer whose preservation is not known may hand on the client's address instead.
   */
  private forwarder(f: Forwarding, side: BalancerSide | undefined, group: ResourceView, clients: IntervalSet): { forwarder: Forwarder; notes: string[] } {
    const groups = f.reading?.groups;
    const named = f.balancer ? this.index.targets(f.balancer, "securityGroups", undefined, [group.type]).includes(group) : false;
    const id = reveal(own(group.props, "id"));
    const ownGroup = named || (groups && typeof id === "string" && groups.has(id)) ? "yes" : groups ? "no" : "unknown";
    const preservation: Doubt[] =
      f.preservesClientIp === "unknown" && f.reading?.kind === "network" ? [{ kind: "unknown", field: "preserveClientIp", detail: `whether the target group of ${f.via} preserves client IP addresses is not known until the update` }] : [];
    const by = balancerName(f);
    const nodes = side ? nodeAddresses(side, f.targetFamily) : { doubts: [] };
    const forwarder: Forwarder = {
      by,
      clients,
      addresses: nodes.addresses,
      groups,
      ownGroup,
      mayKeep: preservation.length > 0,
      doubts: [...nodes.doubts, ...(f.reading?.groupDoubts ?? []).map((d) => ({ ...d, detail: `${d.detail} (${by}), so a group the rule admits may be the balancer's` })), ...preservation],
    };
    return { forwarder, notes: nodes.note && !clients.isEmpty() ? [nodes.note] : [] };
  }

  private balancerReachability(host: Host, f: Forwarding, side: BalancerSide | undefined, via: readonly string[], tail: readonly string[]): Reachability {
    const what = `${f.balancer ? resourceLabel(f.balancer) : "a load balancer"} forwards through ${f.via} to port ${f.hostPort ?? "(unknown)"} of ${host.name}`;
    if (!f.balancer || !side || !f.reading) return { state: "unknown", how: `${what}, but the balancer is not in this stack or not known at preview`, path: [] };
    if (f.reading.internal === "unknown") return { state: "unknown", how: `${what}; whether it is internal is not known until the update`, path: [] };
    if (side.subnets.length === 0) return { state: "unknown", how: `${what}; its subnets are not in this stack${side.subnetsUnknown ? " or not known at preview" : ""}`, path: [] };
    const families = FAMILIES.filter((family) => f.reading!.sources.overlaps(FAMILY_SPACE[family]));
    return balancerReachability(this.index, this.routing, what, side.subnets, side.vpc, families, via, tail);
  }

  /** What stands between the internet and a balancer's nodes, and what that was read from. */
  private balancerSide(balancer: ResourceView): BalancerSide {
    const links = balancerSubnetRefs(balancer).map(([key, value]) => this.index.refs(balancer, key, value, [SUBNET]));
    const subnets = [...new Set(links.flatMap((l) => l.targets))];
    const vpc = subnets.map((s) => this.index.targets(s, "vpcId", undefined, [VPC])[0]).find(Boolean);
    const notes: string[] = [];
    const inbound = new Map(subnets.map((s) => [s, Object.fromEntries(FAMILIES.map((f) => [f, vpc ? this.routing.inbound(s, vpc, f) : undefined])) as Record<Family, Inbound | undefined>]));
    const addresses = subnets.reduce((all, s) => all.union(subnetAddresses(s)), IntervalSet.EMPTY);
    const firewalls = vpc ? firewallsIn(this.index, vpc, { hostAddresses: addresses, vpcCidr: defaultHomeNet(this.index, vpc) }, notes) : [];
    const routeResources = [...inbound.values()].flatMap((byFamily) => Object.values(byFamily).flatMap((w) => w?.resources ?? []));
    const outbound = subnets.flatMap((s) => FAMILIES.flatMap((f) => this.routing.outbound(s, vpc, f).resources));
    return {
      balancer,
      vpc,
      subnets,
      subnetsUnknown: links.some((l) => l.unknown),
      inbound,
      firewalls,
      doubts: links.some((l) => l.unknown) ? [{ kind: "unknown", field: `${resourceLabel(balancer)} subnets`, detail: `the subnets of ${resourceLabel(balancer)} are not known at preview and no dependency names them, so no firewall on its way could be shown` }] : [],
      notes,
      resources: [balancer.urn, ...subnets.map((s) => s.urn), ...routeResources, ...outbound, ...firewalls.flatMap((fw) => fw.resources)],
    };
  }

  /**
   * A firewall is on the balancer's path for a family only where the edge routes send every one of
   * the balancer's subnets through it, and it judges the host's port only where the listener's port
   * is the host's: it sees the client's connection to the balancer, not the balancer's to the host.
   */
  private placeOnBalancerPath(fw: BuiltLayer & { firewall: ResourceView }, side: BalancerSide, f: Forwarding): { firewall: ResourceView; hop?: Hop; bypass?: Bypass } {
    const around = (why: string): { firewall: ResourceView; bypass: Bypass } => ({ firewall: fw.firewall, bypass: { layer: fw.layer, sources: ALL_ADDRESSES, why } });
    if (side.subnets.length === 0) return around(`the subnets of ${resourceLabel(side.balancer)} are not in this stack, so no edge route can be shown to send its traffic through the firewall`);
    if (f.listenerPort === undefined || f.listenerPort !== f.hostPort) {
      const listener = f.listenerPort === undefined ? "a listener port that cannot be read" : `its listener's port ${f.listenerPort}`;
      return around(`the firewall sees the internet's connection to ${resourceLabel(side.balancer)} on ${listener}, not the host's port ${f.hostPort ?? "(unknown)"}, so its rules for the host's port do not apply`);
    }
    const carried = FAMILIES.filter((family) => (f.reading?.sources ?? ALL_ADDRESSES).overlaps(FAMILY_SPACE[family]));
    const placements = side.subnets.map((s) => this.placeFirewall(fw, s, side.vpc!, side.inbound.get(s)!, carried));
    const onFor = (family: Family) => placements.every((p) => p.hop && (!p.hop.sources || p.hop.sources.covers(FAMILY_SPACE[family])));
    const on = carried.filter(onFor);
    const off = carried.filter((family) => !onFor(family));
    const sourcesOf = (families: readonly Family[]) => families.reduce((acc, family) => acc.union(FAMILY_SPACE[family]), IntervalSet.EMPTY);
    // A subnet whose edge route is unknown at preview puts its doubt on the layer, as on the direct path.
    const doubts = [...new Set([...fw.layer.doubts, ...placements.flatMap((p) => p.hop?.layer.doubts ?? [])])];
    const hop: Hop | undefined = on.length > 0
      ? {
          layer: doubts.length > fw.layer.doubts.length ? { ...fw.layer, doubts } : fw.layer,
          sources: off.length === 0 ? undefined : sourcesOf(on),
          evidence: `the traffic of ${resourceLabel(side.balancer)} enters at its nodes: ${placements.map((p) => p.hop!.evidence).join("; ")}; its listener's port ${f.listenerPort} is the host's`,
          cautions: [...new Set(placements.flatMap((p) => p.hop?.cautions ?? []))],
        }
      : undefined;
    const whys = [...new Set(placements.flatMap((p) => (p.bypass ? [p.bypass.why] : [])))];
    const bypass: Bypass | undefined = off.length > 0 ? { layer: fw.layer, sources: sourcesOf(off), why: `the traffic of ${resourceLabel(side.balancer)} enters at its nodes in ${side.subnets.map(resourceLabel).join(", ")}: ${whys.join("; ")}` } : undefined;
    return { firewall: fw.firewall, hop, bypass };
  }

  /** What stands in front of every host of a subnet, worked out once per subnet. */
  private subnetSide(subnet: ResourceView): SubnetPath {
    return cached(this.subnetMemo, subnet, () => this.subnetPath(subnet));
  }

  private subnetPath(subnet: ResourceView): SubnetPath {
    const notes: string[] = [];
    const doubts: Doubt[] = [];
    const vpc = this.index.targets(subnet, "vpcId", undefined, [VPC])[0];
    const acl = aclOf(this.index, subnet, vpc, notes, doubts);
    const inbound = Object.fromEntries(FAMILIES.map((f) => [f, vpc ? this.routing.inbound(subnet, vpc, f) : undefined])) as Record<Family, Inbound | undefined>;
    for (const way of Object.values(inbound)) if (way?.kind === "opaque") notes.push(`${way.why}; nothing there is credited`);
    const firewalls = vpc ? firewallsIn(this.index, vpc, { hostAddresses: subnetAddresses(subnet), vpcCidr: defaultHomeNet(this.index, vpc) }, notes) : [];
    const placed = firewalls.map((fw) => this.placeFirewall(fw, subnet, vpc!, inbound));
    const aclHop: Hop | undefined = acl && { layer: acl.layer, evidence: `${acl.layer.name} is the network ACL of ${resourceLabel(subnet)}`, cautions: [] };
    const hops = [...placed.flatMap((p) => p.hop ?? []), ...(aclHop ? [aclHop] : [])];
    const routeResources = Object.values(inbound).flatMap((w) => w?.resources ?? []);
    const outbound = FAMILIES.flatMap((f) => this.routing.outbound(subnet, vpc, f).resources);
    return {
      vpc,
      hops,
      acl: acl && aclHop && { hop: aclHop, resources: acl.resources },
      bypassed: placed.flatMap((p) => p.bypass ?? []),
      doubts,
      notes,
      resources: [...new Set([...routeResources, ...outbound, ...firewalls.flatMap((f) => f.resources), ...(acl?.resources ?? [])])],
      via: [...placed.filter((p) => p.hop).map((p) => p.firewall.urn), ...(acl ? [acl.resources[0]] : [])],
    };
  }

  /** Whether a firewall is on the path to the subnet, per address family (of those the path carries), and what that rests on. */
  private placeFirewall(fw: BuiltLayer & { firewall: ResourceView }, subnet: ResourceView, vpc: ResourceView, inbound: Record<Family, Inbound | undefined>, families: readonly Family[] = FAMILIES): { firewall: ResourceView; hop?: Hop; bypass?: Bypass } {
    if (this.routing.firewallSubnets(fw.firewall).includes(subnet)) {
      return { firewall: fw.firewall, bypass: { layer: fw.layer, sources: ALL_ADDRESSES, why: `${resourceLabel(subnet)} is one of the firewall's own subnets, whose traffic it does not inspect` } };
    }
    const on: Family[] = [];
    const evidence: string[] = [];
    const cautions: string[] = [];
    const doubts: Doubt[] = [];
    const around: { family: Family; why: string }[] = [];
    for (const family of families) {
      const way = inbound[family]!;
      if (way.kind === "firewall" && way.firewall === fw.firewall) {
        on.push(family);
        evidence.push(way.evidence);
        cautions.push(...this.cautions(fw.firewall, subnet, vpc, family, way.endpoint?.availabilityZone));
      } else if (way.kind === "unknown") {
        on.push(family);
        doubts.push(way.doubt);
      } else if (way.kind === "firewall") around.push({ family, why: `${way.evidence.replace(/its endpoint/, `an endpoint of firewall "${way.firewall.name}"`)}, not through this one` });
      else around.push({ family, why: way.why });
    }
    const sourcesOf = (families: readonly Family[]) => families.reduce((acc, f) => acc.union(FAMILY_SPACE[f]), IntervalSet.EMPTY);
    const layer: Layer = doubts.length > 0 ? { ...fw.layer, doubts: [...fw.layer.doubts, ...doubts] } : fw.layer;
    const hop: Hop | undefined = on.length > 0 ? { layer, sources: on.length === FAMILIES.length ? undefined : sourcesOf(on), evidence: evidence.join("; "), cautions: [...new Set(cautions)] } : undefined;
    const bypass: Bypass | undefined = around.length > 0 ? { layer: fw.layer, sources: sourcesOf(around.map((a) => a.family)), why: [...new Set(around.map((a) => a.why))].join("; ") } : undefined;
    return { firewall: fw.firewall, hop, bypass };
  }

  /** Credited, but worth a look: an endpoint in another zone, or a way back that skips the firewall. */
  private cautions(firewall: ResourceView, subnet: ResourceView, vpc: ResourceView, family: Family, endpointZone: string | undefined): string[] {
    const zone = reveal(own(subnet.props, "availabilityZone"));
    const out: string[] = [];
    if (endpointZone && typeof zone === "string" && zone !== "" && zone !== endpointZone) {
      out.push(`${resourceLabel(subnet)} (${zone}) is inspected by the firewall's endpoint in ${endpointZone}: it works, but traffic crosses zones and the design loses that zone's resilience (give each zone its own endpoint)`);
    }
    const back = this.routing.outbound(subnet, vpc, family);
    const route = back.route === "unknown" ? undefined : back.route;
    const target = route?.target;
    const throughFirewall = target?.kind === "endpoint" ? this.routing.endpointFirewall(target.id) === firewall : target?.kind === "unknown" && this.routing.linkedTarget(route!, [FIREWALL]) === firewall;
    if (!throughFirewall) {
      out.push(`routing is asymmetric: ${resourceLabel(subnet)}'s route back to the internet does not pass firewall "${firewall.name}" (${back.table ? `route table "${back.table.name}"` : "no route table in this stack"}); Network Firewall does not support asymmetric routing and its stateful rules may misbehave, so route ${family === "ipv4" ? "0.0.0.0/0" : "::/0"} of the subnet through the same endpoint`);
    }
    return out;
  }
}

/** Why a balancer's connection to the host does not carry the client's address. */
function replacedSource(f: Forwarding): string {
  const kind = f.reading?.kind;
  if (kind === "network" && f.preservesClientIp === "yes") {
    const targets = f.preservedClients.overlaps(FAMILY_SPACE.ipv6) ? FAMILY_NAMES.ipv6 : FAMILY_NAMES.ipv4;
    return `the network balancer's targets take ${targets} addresses, and it preserves only the addresses of ${targets} clients (NLB user guide, "Client IP preservation"), so it replaces the others' address with its own`;
  }
  if (kind === "network") return f.preservesClientIp === "no" ? "the network balancer's target group does not preserve client IP addresses (preserveClientIp), so the balancer replaces the client's address with its own" : "whether the network balancer's target group preserves client IP addresses is not known until the update";
  if (kind === "application" || kind === "classic") return `${kind === "classic" ? "a classic" : "an application"} load balancer ends the client's connection and opens its own to the host, so the balancer replaces the client's address with its own`;
  return "the balancer's type cannot be read, so it may replace the client's address with its own";
}

const FAMILY_NAMES: Record<Family, string> = { ipv4: "IPv4", ipv6: "IPv6" };

const balancerName = (f: Forwarding) => (f.balancer ? resourceLabel(f.balancer) : "a load balancer not in this stack");

/**
 * The addresses of a family a balancer's nodes may take in its subnets; undefined, with why, where
 * the stack does not show a subnet's block.
 */
function nodeAddresses(side: BalancerSide, family: IntervalSet): { addresses?: IntervalSet; doubts: Doubt[]; note?: string } {
  const label = resourceLabel(side.balancer);
  if (side.subnetsUnknown) return { doubts: [...side.doubts] };
  if (side.subnets.length === 0) return { doubts: [], note: `the subnets of ${label} are not in this stack, so the address it connects from cannot be told: any address a rule admits may be it, and no network ACL is credited for stopping it` };
  let all = IntervalSet.EMPTY;
  for (const subnet of side.subnets) {
    for (const [key, space] of [["cidrBlock", ALL_IPV4], ["ipv6CidrBlock", ALL_IPV6]] as const) {
      const value = own(subnet.props, key);
      if (!family.overlaps(space) || isUnset(value)) continue;
      const block = cidrOf(subnet, key);
      if (block) all = all.union(block);
      else if (isUnknown(value)) return { doubts: [{ kind: "unknown", field: `${resourceLabel(subnet)} ${key}`, detail: `${key} of ${resourceLabel(subnet)} is not known at preview, so any address may be the one ${label} connects from` }] };
      else return { doubts: [], note: `${key} of ${resourceLabel(subnet)} cannot be read, so the address ${label} connects from cannot be told: any address a rule admits may be it, and no network ACL is credited for stopping it` };
    }
  }
  return { addresses: all, doubts: [] };
}

/** A subnet's IPv4 and IPv6 blocks, as far as the stack shows them. */
function subnetAddresses(subnet: ResourceView): IntervalSet {
  return [cidrOf(subnet), cidrOf(subnet, "ipv6CidrBlock")].reduce<IntervalSet>((all, block) => (block ? all.union(block) : all), IntervalSet.EMPTY);
}

function unplaced(host: Host): HostPath {
  const why = host.unfollowed ?? `the subnet of ${host.name} is not in this stack, so nothing in front of it could be credited (manage the subnet here, or read it with aws.ec2.Subnet.get, so the link can be followed)`;
  return { host: host.name, hops: [], bypassed: [], doubts: host.doubts, notes: [why], reachability: { state: "unknown", how: why, path: [] }, resources: [] };
}
