import { cached } from "../../cached";
import type { Traffic } from "../../model/traffic";
import {
  BACKEND_SERVICE,
  backendGroups,
  backupPool,
  endpointGroup,
  endpointInstances,
  ENDPOINTS,
  endpointType,
  FORWARDING_RULE,
  INSTANCE_GROUP,
  isExternalProxyService,
  managerPools,
  listedInstances,
  NETWORK_ENDPOINT_GROUP,
  readFrontend,
  REGION_BACKEND_SERVICE,
  TARGET_INSTANCE,
  TARGET_POOL,
  targetInstance,
  type Frontend,
} from "../../shapes/gcp/balancers";
import { describe, isUnknown, reveal } from "../../model/values";
import { inLocation, INSTANCES, MANAGERS } from "../../shapes/gcp/compute";
import type { Field } from "../../shapes/fields";
import { own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Reachability } from "../paths";
import type { GcpIndex } from "./index";

/** A forwarding rule that sends internet traffic to a host (an instance or a managed instance group). */
export interface Forwarded {
  /** `ForwardingRule "edge-fr"` */
  readonly label: string;
  readonly carries: Traffic;
  /** Without the host's own resources: the path's builder appends them. */
  readonly reachability: Reachability;
  /** The forwarding rule and what it was followed through, from the internet towards the host (URNs). */
  readonly chain: readonly string[];
  readonly notes: readonly string[];
}

/** Where a forwarding rule's traffic goes: hosts by the chain that leads to them, and whether that is unknown at preview. */
interface Reached {
  readonly hosts: { readonly view: ResourceView; readonly chain: readonly ResourceView[] }[];
  readonly unknown: boolean;
  /** Backends it sends to that cls-guard cannot follow to instances, and why: they may hold any host. */
  readonly unfollowed?: readonly string[];
}

const GROUPS = [INSTANCE_GROUP, ...MANAGERS, NETWORK_ENDPOINT_GROUP];

/**
 * The external passthrough Network Load Balancers of a stack, by the hosts they forward to. Such a
 * balancer keeps the client's address and delivers the forwarding rule's ports unchanged (Google
 * Cloud: "External passthrough Network Load Balancer overview"), so VPC firewall rules and firewall
 * policies judge its traffic as they judge direct traffic: its path to a host has the host's
 * direct hops and carries only what the rule forwards. Read once per stack; a stack without
 * forwarding rules or backend services costs two type lookups.
 */
export class GcpBalancers {
  private readonly byHost = new Map<ResourceView, Forwarded[]>();
  /** Forwarding rules whose targets are unknown at preview: they may forward to any host. */
  private readonly anywhere: Forwarded[] = [];
  /** Backend services of proxy balancers, by the hosts they send to. */
  private readonly proxiedBy = new Map<ResourceView, ResourceView[]>();
  private poolManagersMemo?: Map<ResourceView, ResourceView[]>;
  private groupEndpointsMemo?: Map<ResourceView, ResourceView[]>;

  constructor(private readonly index: GcpIndex) {
    for (const rule of index.ofType(FORWARDING_RULE)) this.follow(rule);
    for (const service of index.ofType(BACKEND_SERVICE, REGION_BACKEND_SERVICE).filter(isExternalProxyService)) {
      for (const { view } of this.serviceHosts(service, []).hosts) cached(this.proxiedBy, view, () => []).push(service);
    }
  }

  /** The forwarding rules that send to a host (an instance or managed group view). */
  to(view: ResourceView): readonly Forwarded[] {
    const known = this.byHost.get(view);
    return known ? [...known, ...this.anywhere] : this.anywhere;
  }

  /** The backend services of proxy balancers that send to a host, which cls-guard does not follow. */
  proxiesTo(view: ResourceView): readonly ResourceView[] {
    return this.proxiedBy.get(view) ?? [];
  }

  private follow(rule: ResourceView): void {
    const frontend = readFrontend(rule);
    // An internal scheme has no internet frontend; a proxy's (EXTERNAL_MANAGED) is met at its backend service.
    if (frontend.scheme === "internal" || frontend.scheme === "proxy") return;
    const reached = this.reached(rule, frontend);
    const label = resourceLabel(rule);
    if (reached.unknown) {
      const how = `which instances ${label} forwards to is not known until the update (set its target or backendService from the resource's selfLink or id output so the engine records the link)`;
      this.anywhere.push({ label, carries: frontend.carries, reachability: { state: "unknown", how, path: [] }, chain: [rule.urn], notes: frontend.widened });
    }
    if (reached.unfollowed?.length) {
      const how = `${label} forwards through ${reached.unfollowed.join("; ")}, so which instances it reaches cannot be told`;
      this.anywhere.push({ label, carries: frontend.carries, reachability: { state: "unknown", how, path: [] }, chain: [rule.urn], notes: frontend.widened });
    }
    for (const { view, chain } of reached.hosts) {
      const urns = [rule, ...chain].map((v) => v.urn);
      cached(this.byHost, view, () => []).push({ label, carries: frontend.carries, reachability: reachabilityThrough(label, frontend, chain, urns), chain: urns, notes: frontend.widened });
    }
  }

  /** A forwarding rule's target pool or target instance, or its regional backend service. */
  private reached(rule: ResourceView, frontend: Frontend): Reached {
    const targets = this.index.refs(rule, frontend.target, [TARGET_POOL, TARGET_INSTANCE]);
    const services = this.index.refs(rule, frontend.backendService, [REGION_BACKEND_SERVICE]);
    const parts: Reached[] = [
      ...targets.targets.map((t) => (t.type === TARGET_POOL ? this.poolHosts(t, new Set()) : this.refHosts(t, targetInstance(t), INSTANCES, [t]))),
      ...services.targets.map((s) => this.serviceHosts(s, [s])),
    ];
    return { hosts: parts.flatMap((p) => p.hosts), unknown: targets.unknown || services.unknown || parts.some((p) => p.unknown), unfollowed: parts.flatMap((p) => p.unfollowed ?? []) };
  }

  /** The instances a field names, each reached through `chain`. */
  private refHosts(holder: ResourceView, f: Field, types: readonly string[], chain: readonly ResourceView[]): Reached {
    const refs = this.index.refs(holder, f, types);
    return { hosts: refs.targets.map((view) => ({ view, chain })), unknown: refs.unknown };
  }

  /**
   * A target pool's instances, the managed groups that add theirs to it (targetPools), and those of
   * its backup pool, which takes the traffic when the pool's instances fail their health checks.
   */
  private poolHosts(pool: ResourceView, seen: Set<ResourceView>): Reached {
    seen.add(pool);
    const own = this.refHosts(pool, listedInstances(pool), INSTANCES, [pool]);
    const managed = (this.poolManagers().get(pool) ?? []).map((view) => ({ view, chain: [pool] }));
    const backups = this.index.refs(pool, backupPool(pool), [TARGET_POOL]);
    const behind = backups.targets.filter((b) => !seen.has(b)).map((b) => this.poolHosts(b, seen));
    return { hosts: [...own.hosts, ...managed, ...behind.flatMap((b) => b.hosts.map((h) => ({ ...h, chain: [pool, ...h.chain] })))], unknown: own.unknown || behind.some((b) => b.unknown) };
  }

  /** Managed instance groups by the target pools they add their instances to: read once. */
  private poolManagers(): Map<ResourceView, ResourceView[]> {
    return (this.poolManagersMemo ??= (() => {
      const index = new Map<ResourceView, ResourceView[]>();
      for (const manager of this.index.ofType(...MANAGERS)) {
        for (const pool of this.index.refs(manager, managerPools(manager), [TARGET_POOL]).targets) cached(index, pool, () => []).push(manager);
      }
      return index;
    })());
  }

  /** A backend service's groups: an unmanaged group's instances, a managed group itself (a host), a network endpoint group's instances. */
  private serviceHosts(service: ResourceView, chain: readonly ResourceView[]): Reached {
    const groups = backendGroups(service).map((f) => this.index.refs(service, f, GROUPS));
    const hosts = groups.flatMap((g) => g.targets).map((group): Reached => {
      if (group.type === INSTANCE_GROUP) return this.refHosts(group, listedInstances(group), INSTANCES, [...chain, group]);
      if (group.type === NETWORK_ENDPOINT_GROUP) return this.endpointHosts(group, [...chain, group]);
      return { hosts: [{ view: group, chain }], unknown: false };
    });
    return { hosts: hosts.flatMap((h) => h.hosts), unknown: groups.some((g) => g.unknown) || hosts.some((h) => h.unknown), unfollowed: hosts.flatMap((h) => h.unfollowed ?? []) };
  }

  /**
   * The instances a zonal GCE_VM_IP network endpoint group holds: those its NetworkEndpoints and
   * NetworkEndpointLists of this stack name in its zone. A group of another kind, or one whose
   * endpoints the stack does not show, is not followed.
   */
  private endpointHosts(group: ResourceView, chain: readonly ResourceView[]): Reached {
    const kind = endpointType(group).value;
    if (isUnknown(kind)) return { hosts: [], unknown: true };
    if (reveal(kind) !== "GCE_VM_IP") return { hosts: [], unknown: false, unfollowed: [`${resourceLabel(group)}, a network endpoint group of ${describe(kind)} endpoints, which cls-guard does not follow`] };
    const endpoints = this.groupEndpoints().get(group) ?? [];
    if (endpoints.length === 0) return { hosts: [], unknown: false, unfollowed: [`${resourceLabel(group)}, whose endpoints no NetworkEndpoint or NetworkEndpointList of this stack adds`] };
    const parts = endpoints.flatMap((endpoint) =>
      endpointInstances(endpoint).map((f) => {
        const refs = this.index.refs(endpoint, f, INSTANCES);
        return { hosts: inZoneOf(endpoint, refs.targets).map((view) => ({ view, chain })), unknown: refs.unknown };
      }),
    );
    return { hosts: parts.flatMap((p) => p.hosts), unknown: parts.some((p) => p.unknown) };
  }

  /** Network endpoint groups by the NetworkEndpoints and NetworkEndpointLists that add to them: read once. */
  private groupEndpoints(): Map<ResourceView, ResourceView[]> {
    return (this.groupEndpointsMemo ??= (() => {
      const index = new Map<ResourceView, ResourceView[]>();
      for (const endpoint of this.index.ofType(...ENDPOINTS)) {
        for (const group of inZoneOf(endpoint, this.index.refs(endpoint, endpointGroup(endpoint), [NETWORK_ENDPOINT_GROUP]).targets)) cached(index, group, () => []).push(endpoint);
      }
      return index;
    })());
  }
}

/** An endpoint names its group and instances by name in its own zone: of the same-named ones, those there. */
function inZoneOf(endpoint: ResourceView, views: readonly ResourceView[]): ResourceView[] {
  const zone = reveal(own(endpoint.props, "zone"));
  return typeof zone === "string" && zone !== "" ? views.filter((v) => inLocation(v, { zone })) : [...views];
}

function reachabilityThrough(label: string, frontend: Frontend, chain: readonly ResourceView[], urns: readonly string[]): Reachability {
  const through = chain.map(resourceLabel).join(" and ");
  if (frontend.scheme === "unknown") return { state: "unknown", how: `whether ${label} is external is not known until the update (${frontend.schemeText})`, path: [] };
  if (frontend.unknown) return { state: "unknown", how: `what ${label} forwards through ${through} is not known until the update (${frontend.widened.join("; ")})`, path: [] };
  const how = `${label} (scheme ${frontend.schemeText}: an external passthrough Network Load Balancer, with an external address) forwards ${frontend.forwards} through ${through} to it, the client's address and the ports unchanged`;
  return { state: "yes", how, path: urns };
}
