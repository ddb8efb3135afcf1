import { cached } from "../../cached";
import { ALL_ADDRESSES, FAMILY_SPACE } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { Traffic } from "../../model/traffic";
import { display, isUnknown, reveal } from "../../model/values";
import {
  balancerAssociation,
  balancerForwards,
  balancerFrontends,
  balancerIdentity,
  balancerPools,
  PART_COLLECTIONS,
  partOfId,
  poolAddress,
  publicIpFamily,
  type BalancerRef,
  type ForwardShape,
  type FrontendShape,
  type PoolShape,
} from "../../shapes/azure/balancers";
import type { BalancerLink, BalancerPart } from "../../shapes/azure/links";
import { BALANCER_ASSOCIATION_TYPES, BALANCER_PART_TYPES, CLASSIC, LOAD_BALANCER_TYPES, NIC_TYPES, PUBLIC_IP_TYPES } from "../../shapes/azure/types";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { HostPath, Reachability } from "../paths";
import { unknownLink, type AzureIndex } from "./azureIndex";
import type { AzureHost } from "./hosts";

/**
 * Azure Load Balancer in front of hosts. The balancer is pass-through at layer 4: it does not end
 * the connection and keeps the client's address, so the NSGs of the backend's subnet and network
 * interface judge the client's address and the backend port exactly as for direct traffic ("Azure
 * Load Balancer": NSGs must explicitly allow the traffic; the AzureLoadBalancer tag covers only the
 * health probes). A path through a balancer therefore crosses the host's own NSG hops and carries
 * only what the balancer's rules forward to the host.
 */
interface Frontend {
  readonly shape: FrontendShape;
  readonly label: string;
  readonly publicIps: readonly ResourceView[];
  readonly isPublic: boolean;
  /** The client addresses it admits: its public IP's family; every address where that cannot be read. */
  readonly sources: IntervalSet;
}

interface Balancer {
  readonly view: ResourceView;
  readonly frontends: readonly Frontend[];
  readonly pools: Pool[];
  readonly forwards: Forward[];
}

interface Pool {
  readonly shape: PoolShape;
  readonly balancer: Balancer;
}

interface Forward {
  readonly shape: ForwardShape;
  readonly balancer: Balancer;
  readonly pools: readonly Pool[];
  /** The frontends it may use: the one it names, or all of its balancer's where that cannot be told. */
  readonly frontends: readonly Frontend[];
  readonly notes: readonly string[];
}

type Part = { readonly pool: Pool } | { readonly forward: Forward };

/** What a link to a part of a balancer names: the parts, or why they cannot be told. */
interface PartsFound {
  readonly parts: readonly Part[];
  readonly notes: readonly string[];
  readonly unresolved?: string;
}

/** A balancer rule seen from its frontend: what it forwards, and to which hosts. */
export interface BalancerForward {
  readonly shape: ForwardShape;
  readonly balancer: ResourceView;
  readonly hosts: readonly AzureHost[];
  /** Its frontend's private address is not known yet, so it may or may not be the one asked for. */
  readonly unsure: boolean;
  readonly notes: readonly string[];
}

/** One way a balancer reaches a host: by a rule through a pool (or a NAT rule naming the host), or an unfollowable link. */
type HostForward = { readonly forward: Forward; readonly via: readonly ResourceView[]; readonly notes: readonly string[] } | { readonly unresolved: string; readonly via: readonly ResourceView[] };

const lower = (value: unknown) => {
  const v = reveal(value);
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
};

const partLabel = (part: Part) => ("pool" in part ? `backend pool ${part.pool.shape.name ? `"${part.pool.shape.name}"` : ""}`.trim() : part.forward.shape.label);
const partViews = (part: Part) => ("pool" in part ? [part.pool.shape.view] : [part.forward.shape.view]);

export class AzureBalancers {
  private readonly balancers = new Map<ResourceView, Balancer>();
  private readonly byId = new Map<string, Part>();
  private readonly byView = new Map<ResourceView, Part[]>();
  private readonly poolForwards = new Map<Pool, Forward[]>();
  private readonly poolsByAddress = new Map<string, Pool[]>();
  private readonly associations = new Map<ResourceView, { link: BalancerLink; owner: ResourceView }[]>();
  private readonly memo = new Map<AzureHost, HostForward[]>();

  constructor(private readonly index: AzureIndex) {
    const stack = index.stack;
    for (const view of LOAD_BALANCER_TYPES.flatMap((t) => stack.ofType(t))) this.balancers.set(view, { view, frontends: balancerFrontends(view).map((f) => this.frontend(view, f)), pools: [], forwards: [] });
    for (const view of BALANCER_ASSOCIATION_TYPES.flatMap((t) => stack.ofType(t))) {
      const association = balancerAssociation(view)!;
      for (const nic of this.index.resolve(view, association.nic, NIC_TYPES, "the network interface").targets) cached(this.associations, nic, () => []).push({ link: association.part, owner: view });
    }
    if (this.balancers.size === 0) return;
    const carriers = [...this.balancers.keys(), ...BALANCER_PART_TYPES.flatMap((t) => stack.ofType(t))];
    const forwards: ForwardShape[] = [];
    for (const view of carriers) {
      for (const shape of balancerPools(view)) this.place(view, shape.balancer, shape.id, (b) => ({ pool: b.pools[b.pools.push({ shape, balancer: b }) - 1] }));
      forwards.push(...balancerForwards(view));
    }
    // Pools first: a rule names its pools, which the balancer or pool resources declare.
    for (const shape of forwards) {
      this.place(shape.view, shape.balancer, shape.id, (b) => {
        const forward = this.forwardOf(shape, b);
        b.forwards.push(forward);
        for (const pool of forward.pools) cached(this.poolForwards, pool, () => []).push(forward);
        return { forward };
      });
    }
    this.indexAddresses();
  }

  /** Adds a part to the balancer it names (a part whose balancer is not in the stack is left out: a link to it reads as not followed). */
  private place(view: ResourceView, ref: BalancerRef, id: unknown, add: (b: Balancer) => Part): void {
    const balancer = this.balancerOf(view, ref);
    if (!balancer) return;
    const part = add(balancer);
    cached(this.byView, view, () => []).push(part);
    const key = lower(id);
    if (key) this.byId.set(key, part);
  }

  private balancerOf(view: ResourceView, ref: BalancerRef): Balancer | undefined {
    if (ref.kind === "inside") return this.balancers.get(ref.view);
    const found = ref.kind === "link" ? this.index.resolve(view, ref.link, LOAD_BALANCER_TYPES, "the load balancer").targets[0] : this.index.namedInGroup(view, ref.ref, LOAD_BALANCER_TYPES, balancerIdentity);
    return found && this.balancers.get(found);
  }

  private frontend(view: ResourceView, shape: FrontendShape): Frontend {
    const label = `frontend ${shape.name ? `"${shape.name}"` : "(unnamed)"}`;
    if (!shape.publicIp) return { shape, label, publicIps: [], isPublic: shape.publicPrefix !== undefined, sources: ALL_ADDRESSES };
    const found = this.index.resolve(view, shape.publicIp, PUBLIC_IP_TYPES, "the public IP");
    const families = found.targets.map(publicIpFamily);
    const known = found.targets.length > 0 && families.every((f) => f !== undefined);
    return { shape, label, publicIps: found.targets, isPublic: true, sources: known ? families.reduce((acc, f) => acc.union(FAMILY_SPACE[f!]), IntervalSet.EMPTY) : ALL_ADDRESSES };
  }

  private forwardOf(shape: ForwardShape, balancer: Balancer): Forward {
    const notes = [...shape.readings];
    const pools = shape.pools.flatMap((link) => {
      const found = this.partsOf(shape.view, link, ["backend pool"], balancer);
      notes.push(...found.notes);
      return found.parts.flatMap((p) => ("pool" in p ? [p.pool] : []));
    });
    return { shape, balancer, pools, frontends: this.frontendsOf(shape, balancer, notes), notes };
  }

  /** The frontend a rule names, by id or name within its balancer; where that is unknown, any of the balancer's. */
  private frontendsOf(shape: ForwardShape, balancer: Balancer, notes: string[]): readonly Frontend[] {
    const ref = shape.frontend;
    const all = balancer.frontends;
    if (!ref) return all;
    const value = ref.kind === "link" ? ref.link.value : ref.name;
    if (isUnknown(value)) {
      if (all.length > 1) notes.push(`the frontend of ${shape.label} is not known until the update, so every frontend of ${resourceLabel(balancer.view)} was taken for it`);
      return all;
    }
    const wanted = lower(value);
    const name = ref.kind === "name" ? wanted : /\/frontendipconfigurations\/([^/]+)$/.exec(wanted ?? "")?.[1];
    return all.filter((f) => (wanted !== undefined && lower(f.shape.id) === wanted) || (name !== undefined && f.shape.name === name));
  }

  /**
   * The parts of a balancer a link names: by id; by the balancer and part names the id spells
   * (a balancer's inline parts have no id until it exists); at preview by the engine's dependency
   * (a balancer named stands for each of its parts of that kind). `within` keeps a rule's links
   * to its own balancer.
   */
  private partsOf(owner: ResourceView, link: BalancerLink | { key: string; value: unknown; path: string }, kinds: readonly BalancerPart[], within?: Balancer): PartsFound {
    const ofKind = (part: Part) => ("pool" in part ? kinds.includes("backend pool") : kinds.includes(part.forward.shape.part as BalancerPart));
    if (!isUnknown(link.value)) {
      const key = lower(link.value);
      const byId = key ? this.byId.get(key) : undefined;
      if (byId) return { parts: [byId], notes: [] };
      const spelled = partOfId(link.value);
      const balancers = spelled ? (within ? [within] : [...this.balancers.values()]).filter((b) => this.spells(b, spelled)) : [];
      const parts = balancers.flatMap((b) => this.partsIn(b).filter((p) => ofKind(p) && PART_COLLECTIONS[kindOf(p)] === spelled!.collection && nameOf(p) === spelled!.name));
      return parts.length > 0 ? { parts, notes: [] } : { parts: [], notes: [], unresolved: `${resourceLabel(owner)} names ${kinds[0]} ${display(link.value)} (${link.path}), which no load balancer of this stack holds, so whether it is internet-facing and what it forwards cannot be told` };
    }
    const targets = this.index.stack.targets(owner, link.key, null, [...LOAD_BALANCER_TYPES, ...BALANCER_PART_TYPES]);
    const parts = targets.flatMap((t) => (this.balancers.has(t) && t !== within?.view ? this.partsIn(this.balancers.get(t)!) : (this.byView.get(t) ?? [])).filter(ofKind));
    if (within && targets.every((t) => t === within.view)) {
      const own = this.partsIn(within).filter(ofKind);
      return { parts: own, notes: own.length > 1 ? [`${link.path} of ${resourceLabel(owner)} is not known until the update, so every ${kinds[0]} of it was taken`] : [] };
    }
    if (parts.length === 0) return { parts: [], notes: [], unresolved: unknownLink(owner, link, `the ${kinds[0]}`).detail };
    const wide = parts.length > 1 ? [`${link.path} of ${resourceLabel(owner)} is not known until the update, so every ${kinds.join(" and ")} of ${targets.map(resourceLabel).join(", ")} was taken`] : [];
    return { parts, notes: wide };
  }

  private partsIn(balancer: Balancer): Part[] {
    return [...balancer.pools.map((pool) => ({ pool })), ...balancer.forwards.map((forward) => ({ forward }))];
  }

  private spells(balancer: Balancer, spelled: { balancer: string; resourceGroup?: string }): boolean {
    const identity = balancerIdentity(balancer.view);
    return identity.name === spelled.balancer && (spelled.resourceGroup === undefined || identity.resourceGroup === undefined || identity.resourceGroup === spelled.resourceGroup);
  }

  /** Pools that hold hosts by IP address (azure-native's loadBalancerBackendAddresses, the classic BackendAddressPoolAddress). */
  private indexAddresses(): void {
    const add = (address: unknown, pool: Pool) => {
      const text = reveal(address);
      if (typeof text === "string" && text !== "") cached(this.poolsByAddress, text, () => []).push(pool);
    };
    for (const balancer of this.balancers.values()) for (const pool of balancer.pools) for (const address of pool.shape.addresses) add(address, pool);
    for (const view of this.index.stack.ofType(CLASSIC.backendPoolAddress)) {
      const { pool, address } = poolAddress(view)!;
      for (const part of this.partsOf(view, pool, ["backend pool"]).parts) if ("pool" in part) add(address, part.pool);
    }
  }

  /** Every rule of a balancer that forwards to the host, and the links that could not be followed. */
  forHost(host: AzureHost): HostForward[] {
    if (host.shape.balancers.length === 0 && this.balancers.size === 0 && this.associations.size === 0) return [];
    return cached(this.memo, host, () => {
      const links = [...host.shape.balancers.map((link) => ({ link, owner: host.view })), ...(this.associations.get(host.view) ?? [])];
      const found: HostForward[] = [];
      for (const { link, owner } of links) {
        const parts = this.partsOf(owner, link, link.parts);
        if (parts.unresolved) found.push({ unresolved: parts.unresolved, via: owner === host.view ? [] : [owner] });
        for (const part of parts.parts) {
          const via = owner === host.view ? partViews(part) : [owner, ...partViews(part)];
          const forwards = "pool" in part ? (this.poolForwards.get(part.pool) ?? []) : [part.forward];
          found.push(...forwards.map((forward) => ({ forward, via, notes: [...parts.notes, ...("pool" in part ? [`${host.name} is in ${partLabel(part)} of ${resourceLabel(part.pool.balancer.view)}`] : [])] })));
        }
      }
      for (const pool of new Set(host.shape.privateIps.flatMap((ip) => this.poolsByAddress.get(String(reveal(ip))) ?? []))) {
        found.push(...(this.poolForwards.get(pool) ?? []).map((forward) => ({ forward, via: [pool.shape.view], notes: [`${host.name} is in backend pool "${pool.shape.name ?? ""}" of ${resourceLabel(pool.balancer.view)} by its private address`] })));
      }
      return found;
    });
  }

  /**
   * The rules that take traffic sent to an internal frontend's private address, with the hosts
   * each forwards it to: where an Azure Firewall's DNAT rule sends the internet's traffic to an
   * internal balancer ("Integrate Azure Firewall with Azure Standard Load Balancer"). A frontend
   * whose address is not known yet may hold it, and an address that cannot be read (undefined)
   * may be any frontend's (`unsure`).
   */
  forwardsAt(address: string | undefined, hosts: readonly AzureHost[]): BalancerForward[] {
    return [...this.balancers.values()].flatMap((b) =>
      b.forwards.flatMap((forward): BalancerForward[] => {
        const internal = forward.frontends.filter((fe) => !fe.isPublic);
        const exact = address !== undefined && internal.some((fe) => reveal(fe.shape.privateIp) === address);
        const unsure = !exact && internal.some((fe) => address === undefined || isUnknown(fe.shape.privateIp));
        if (!exact && !unsure) return [];
        const reached = hosts.filter((h) => this.forHost(h).some((hf) => "forward" in hf && hf.forward === forward));
        return [{ shape: forward.shape, balancer: b.view, hosts: reached, unsure, notes: forward.notes }];
      }),
    );
  }

  /**
   * The host's direct path as each balancer rule reaching it takes it: the same NSG hops (the
   * balancer keeps the client's address), carrying only what the rule forwards, reachable through
   * the rule's public frontend. A rule whose frontends are all internal is no way in from the
   * internet, and gives no path.
   */
  pathsThrough(direct: HostPath, host: AzureHost, tail: readonly string[]): HostPath[] {
    return this.forHost(host).flatMap((f): HostPath[] => {
      if ("unresolved" in f) {
        const how = f.unresolved;
        return [{ ...direct, host: `${direct.host} through a load balancer`, notes: [...direct.notes, how], reachability: { state: "unknown", how, path: [] }, resources: [...new Set([...f.via.map((v) => v.urn), ...direct.resources])] }];
      }
      const { forward } = f;
      const frontends = forward.frontends;
      if (frontends.length > 0 && frontends.every((fe) => !fe.isPublic)) return [];
      const sources = frontends.filter((fe) => fe.isPublic).reduce((acc, fe) => acc.union(fe.sources), IntervalSet.EMPTY);
      const carries = Traffic.box(forward.shape.protocols, forward.shape.hostPorts, frontends.length === 0 || frontends.some((fe) => !fe.isPublic) ? ALL_ADDRESSES : sources);
      const balancer = forward.balancer.view;
      const resources = [...new Set([balancer.urn, ...frontends.flatMap((fe) => fe.publicIps.map((ip) => ip.urn)), forward.shape.view.urn, ...forward.pools.map((p) => p.shape.view.urn), ...f.via.map((v) => v.urn), ...direct.resources])];
      return [
        {
          ...direct,
          host: `${direct.host} through ${resourceLabel(balancer)}`,
          carries,
          notes: [...direct.notes, ...f.notes, ...forward.notes],
          reachability: this.reachability(forward, frontends, tail),
          resources,
        },
      ];
    });
  }

  private reachability(forward: Forward, frontends: readonly Frontend[], tail: readonly string[]): Reachability {
    const balancer = resourceLabel(forward.balancer.view);
    if (frontends.length === 0) return { state: "unknown", how: `which frontend of ${balancer} ${forward.shape.label} uses is not known, so whether it is internet-facing cannot be told`, path: [] };
    if (frontends.some((fe) => !fe.isPublic)) return { state: "unknown", how: `${forward.shape.label} of ${balancer} may use an internal frontend or a public one (its frontend is not known until the update)`, path: [] };
    const on = frontends.map((fe) => (fe.publicIps.length > 0 ? fe.publicIps.map(resourceLabel).join(", ") : fe.shape.publicIp ? `public IP ${display(fe.shape.publicIp.value)}` : `the public IP prefix of ${fe.label}`)).join(", ");
    const path = [...frontends.flatMap((fe) => fe.publicIps.map((ip) => ip.urn)), forward.balancer.view.urn, ...tail];
    const { protocolText, frontendPortText, hostPortText, label } = forward.shape;
    return { state: "yes", how: `${balancer} forwards ${protocolText} ${frontendPortText} on ${on} to port ${hostPortText} (${label})`, path };
  }
}

function kindOf(part: Part): BalancerPart | ForwardShape["part"] {
  return "pool" in part ? "backend pool" : part.forward.shape.part;
}

function nameOf(part: Part): string | undefined {
  return "pool" in part ? part.pool.shape.name : part.forward.shape.name;
}
