import { cached } from "../../cached";
import { ALL_ADDRESSES, FAMILIES, FAMILY_SPACE, type Family } from "../../model/addresses";
import type { Layer } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import type { Doubt } from "../../model/rule";
import { DEFAULT_NETWORK_ACL, NETWORK_ACL, NETWORK_ACL_RULE } from "../../shapes/aws/networkAcls";
import { FIREWALL } from "../../shapes/aws/networkFirewall";
import { reveal } from "../../model/values";
import { own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Bypass, GroupPaths, Hop, HostPath } from "../paths";
import { aclOf, cidrOf, firewallsIn, VPC, type BuiltLayer } from "./filters";
import { FOLLOWED_USES, hostsOf, type Host } from "./hosts";
import { reachabilityOf } from "./reachability";
import { Routing, type Inbound } from "./routing";
import { StackIndex } from "../stackIndex";

const DENY_TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE, FIREWALL];

/** What stands between the internet and every host of one subnet. */
interface SubnetPath {
  readonly vpc?: ResourceView;
  readonly hops: readonly Hop[];
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

  constructor(views: readonly ResourceView[]) {
    this.index = new StackIndex(views);
    this.routing = new Routing(this.index);
  }

  /** True when the stack declares anything that could deny traffic upstream of a group. */
  hasUpstreamFilters(): boolean {
    return DENY_TYPES.some((t) => this.index.ofType(t).length > 0);
  }

  /** Every path from the internet to a host that uses the group. */
  pathsFor(group: ResourceView): GroupPaths {
    return cached(this.groupMemo, group, () => {
      const hosts = hostsOf(this.index, group);
      if (hosts.length > 0) return { paths: hosts.flatMap((h) => (h.subnets.length > 0 ? h.subnets.map((s) => this.hostPath(h, s)) : [unplaced(h)])) };
      return {
        paths: [],
        missing: `no instance, network interface or launch template in this stack uses ${resourceLabel(group)}, so no network ACL or firewall in front of it could be credited (cls-guard follows ${FOLLOWED_USES})`,
      };
    });
  }

  private hostPath(host: Host, subnet: ResourceView): HostPath {
    const path = cached(this.subnetMemo, subnet, () => this.subnetPath(subnet));
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

  private subnetPath(subnet: ResourceView): SubnetPath {
    const notes: string[] = [];
    const doubts: Doubt[] = [];
    const vpc = this.index.targets(subnet, "vpcId", undefined, [VPC])[0];
    const acl = aclOf(this.index, subnet, vpc, notes, doubts);
    const inbound = Object.fromEntries(FAMILIES.map((f) => [f, vpc ? this.routing.inbound(subnet, vpc, f) : undefined])) as Record<Family, Inbound | undefined>;
    for (const way of Object.values(inbound)) if (way?.kind === "opaque") notes.push(`${way.why}; nothing there is credited`);
    const firewalls = vpc ? firewallsIn(this.index, vpc, { hostAddresses: subnetAddresses(subnet), vpcCidr: cidrOf(vpc) }, notes) : [];
    const placed = firewalls.map((fw) => this.placeFirewall(fw, subnet, vpc!, inbound));
    const hops = [...placed.flatMap((p) => p.hop ?? []), ...(acl ? [{ layer: acl.layer, evidence: `${acl.layer.name} is the network ACL of ${resourceLabel(subnet)}`, cautions: [] }] : [])];
    const routeResources = Object.values(inbound).flatMap((w) => w?.resources ?? []);
    const outbound = FAMILIES.flatMap((f) => this.routing.outbound(subnet, vpc, f).resources);
    return {
      vpc,
      hops,
      bypassed: placed.flatMap((p) => p.bypass ?? []),
      doubts,
      notes,
      resources: [...new Set([...routeResources, ...outbound, ...firewalls.flatMap((f) => f.resources), ...(acl?.resources ?? [])])],
      via: [...placed.filter((p) => p.hop).map((p) => p.firewall.urn), ...(acl ? [acl.resources[0]] : [])],
    };
  }

  /** Whether a firewall is on the path to the subnet, per address family, and what that rests on. */
  private placeFirewall(fw: BuiltLayer & { firewall: ResourceView }, subnet: ResourceView, vpc: ResourceView, inbound: Record<Family, Inbound | undefined>): { firewall: ResourceView; hop?: Hop; bypass?: Bypass } {
    if (this.routing.firewallSubnets(fw.firewall).includes(subnet)) {
      return { firewall: fw.firewall, bypass: { layer: fw.layer, sources: ALL_ADDRESSES, why: `${resourceLabel(subnet)} is one of the firewall's own subnets, whose traffic it does not inspect` } };
    }
    const on: Family[] = [];
    const evidence: string[] = [];
    const cautions: string[] = [];
    const doubts: Doubt[] = [];
    const around: { family: Family; why: string }[] = [];
    for (const family of FAMILIES) {
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
    const throughFirewall = target?.kind === "endpoint" ? this.routing.endpointFirewall(target.id) === firewall : target?.kind === "unknown" && this.routing.linkedTargets(route!, [FIREWALL]).includes(firewall);
    if (!throughFirewall) {
      out.push(`routing is asymmetric: ${resourceLabel(subnet)}'s route back to the internet does not pass firewall "${firewall.name}" (${back.table ? `route table "${back.table.name}"` : "no route table in this stack"}); Network Firewall does not support asymmetric routing and its stateful rules may misbehave, so route ${family === "ipv4" ? "0.0.0.0/0" : "::/0"} of the subnet through the same endpoint`);
    }
    return out;
  }
}

/** A subnet's IPv4 and IPv6 blocks, as far as the stack shows them. */
function subnetAddresses(subnet: ResourceView): IntervalSet {
  return [cidrOf(subnet), cidrOf(subnet, "ipv6CidrBlock")].reduce<IntervalSet>((all, block) => (block ? all.union(block) : all), IntervalSet.EMPTY);
}

function unplaced(host: Host): HostPath {
  const why = host.unfollowed ?? `the subnet of ${host.name} is not in this stack, so nothing in front of it could be credited (manage the subnet here, or read it with aws.ec2.Subnet.get, so the link can be followed)`;
  return { host: host.name, hops: [], bypassed: [], doubts: host.doubts, notes: [why], reachability: { state: "unknown", how: why, path: [] }, resources: [] };
}
