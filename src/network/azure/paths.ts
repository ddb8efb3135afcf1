import { cached, once } from "../../cached";
import type { FilterRule, Layer } from "../../model/filters";
import { ALL_ADDRESSES } from "../../model/addresses";
import { ruleListLayer } from "../../model/layers";
import { IntervalSet } from "../../model/intervals";
import type { Doubt, InboundRule, Source } from "../../model/rule";
import { nsgIdentity, privateAddresses, standaloneRuleNsg, type Prefixes } from "../../shapes/azure/links";
import {
  allowVnetInBound,
  denyAllLabel,
  destinationHold,
  forwardedFilterRule,
  inlineNsgRules,
  nsgFilterRule,
  standaloneNsgRule,
  STANDALONE_RULE_TYPES,
  type NsgRule,
  type RuleTarget,
} from "../../shapes/azure/nsgRules";
import { joinedPrefixes, type RoutePrefix } from "../../shapes/azure/routes";
import { NSG_TYPES, PUBLIC_IP_TYPES, SCALE_SET_TYPES } from "../../shapes/azure/types";
import { ALL_PORTS, ALL_PROTOCOLS, Traffic } from "../../model/traffic";
import { isUnknown, reveal } from "../../model/values";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GroupPaths, Hop, HostPath, Reachability } from "../paths";
import { AsgMembership } from "./asgs";
import { AzureIndex, type SubnetNode } from "./azureIndex";
import { AzureBalancers, type BalancerForward } from "./balancers";
import { azureHosts, type AzureHost } from "./hosts";
import { VnetRoutes } from "./routes";

/** One rule of an NSG, and the standalone rule resource it comes from, if any. */
export interface NsgEntry {
  readonly rule: NsgRule;
  readonly view?: ResourceView;
}

/** An NSG with all its inbound rules: inline and standalone, read as their union. */
export interface NsgModel {
  readonly view: ResourceView;
  readonly entries: readonly NsgEntry[];
}

/** A standalone rule whose NSG is not in the stack, or cannot be told at preview. */
export interface UnlinkedRule {
  readonly view: ResourceView;
  readonly rule: NsgRule;
  readonly why: string;
}

const nsgLabel = (nsg: ResourceView) => `NSG "${nsg.name}"`;

/** A rule whose destination names particular hosts, or whose VirtualNetwork source a host's routes widen, reads differently for that host. */
const readsHost = (entry: NsgEntry, target: RuleTarget | undefined) => !entry.rule.destination.everyHost || (entry.rule.vnetSources.length > 0 && target?.virtualNetwork !== undefined);

/**
 * The Azure path builder. Inbound traffic meets the subnet's NSG, then the network interface's;
 * both must allow it, and a level without an NSG allows everything. A rule of one NSG is reached
 * only by what the rules before it in that NSG leave unclaimed, and then faces the NSG at the
 * other level as a whole.
 */
export class AzureNetwork {
  readonly nsgs: NsgModel[];
  readonly unlinked: UnlinkedRule[] = [];
  /** Shared with the DNAT reading, which places its translated hosts among the same interfaces. */
  readonly index: AzureIndex;
  readonly hosts: AzureHost[];
  private readonly routes: VnetRoutes;
  private readonly vnetMemo = new Map<ResourceView, RoutePrefix | undefined>();
  private readonly models = new Map<ResourceView, NsgModel>();
  private readonly wholeMemo = new Map<ResourceView, Layer>();
  /** Every later rule of an NSG, and the NSG as a whole, meets the same earlier rules. */
  private readonly filterMemo = new Map<NsgEntry, FilterRule>();
  private readonly precedingMemo = new Map<NsgEntry, Hop>();
  private behindMemo?: Map<ResourceView, AzureHost[]>;
  private doubtfulMemo?: AzureHost[];
  private balancersMemo?: AzureBalancers;
  private readonly asgs = once(() => new AsgMembership(this.index));

  constructor(views: readonly ResourceView[]) {
    this.index = new AzureIndex(views);
    this.hosts = azureHosts(this.index);
    this.routes = new VnetRoutes(this.index);
    const standalone = new Map<ResourceView, NsgEntry[]>();
    for (const view of STANDALONE_RULE_TYPES.flatMap((t) => this.index.stack.ofType(t))) {
      const rule = standaloneNsgRule(view);
      if (!rule) continue;
      const found = this.nsgOfRule(view);
      if (typeof found === "string") this.unlinked.push({ view, rule, why: found });
      else standalone.set(found, [...(standalone.get(found) ?? []), { rule, view }]);
    }
    // AllowVnetInBound ends every NSG's list: it admits the internet where routes widen VirtualNetwork.
    this.nsgs = NSG_TYPES.flatMap((t) => this.index.stack.ofType(t)).map((view) => ({ view, entries: [...inlineNsgRules(view).map((rule) => ({ rule })), ...(standalone.get(view) ?? []), { rule: allowVnetInBound(view) }] }));
    for (const model of this.nsgs) this.models.set(model.view, model);
  }

  /** The NSG a standalone rule names, by the engine's dependency or by name and resource group; else why not. */
  private nsgOfRule(view: ResourceView): ResourceView | string {
    const ref = standaloneRuleNsg(view);
    const byName = this.index.namedInGroup(view, ref, NSG_TYPES, nsgIdentity);
    const name = reveal(ref.name);
    if (byName) return byName;
    if (isUnknown(ref.name)) return "its NSG could not be identified: networkSecurityGroupName is unknown at preview and no property dependency names the NSG, so the NSG's tags and rules were not consulted (set networkSecurityGroupName from the NSG resource's name output so the engine records the link)";
    return `its NSG (${typeof name === "string" ? name : "unnamed"}) is not in this stack, so the NSG's tags and rules were not consulted (justify the rule with its own tags or a central exception)`;
  }

  /** Every path from the internet to a host the rule guards, each through what stands before the rule. */
  pathsFor(nsg: NsgModel, entry: NsgEntry): GroupPaths {
    const using = this.hostsBehind().get(nsg.view) ?? [];
    // A host whose links are unknown at preview may sit behind this NSG too.
    const maybe = this.doubtfulHosts().filter((h) => !using.includes(h));
    const paths = [
      ...using.flatMap((h) => (h.subnets.length > 0 ? h.subnets : [undefined]).flatMap((s) => this.withBalancers(this.hostPath(nsg, entry, h, s), h, s))),
      ...maybe.flatMap((h) => this.withBalancers(this.unlinkedHostPath(nsg, entry, h), h, undefined)),
    ];
    return { paths: paths.length > 0 ? paths : [this.unusedPath(nsg, entry)] };
  }

  /** The hosts behind each NSG, at the NIC or through a subnet: indexed once, as every rule asks. */
  private hostsBehind(): Map<ResourceView, AzureHost[]> {
    return (this.behindMemo ??= (() => {
      const index = new Map<ResourceView, AzureHost[]>();
      for (const host of this.hosts) {
        for (const nsg of new Set([...host.nsgs, ...host.subnets.flatMap((s) => s.nsgs)])) cached(index, nsg, () => []).push(host);
      }
      return index;
    })());
  }

  /** The host's direct path, and the same hops as each load balancer forwarding to it takes them. */
  private withBalancers(direct: HostPath, host: AzureHost, subnet: SubnetNode | undefined): HostPath[] {
    return [direct, ...this.balancers().pathsThrough(direct, host, this.hostTail(host, subnet))];
  }

  /** The balancer rules that take traffic sent to this internal frontend address, and their hosts. */
  forwardsAt(address: string | undefined): BalancerForward[] {
    return this.balancers().forwardsAt(address, this.hosts);
  }

  private balancers(): AzureBalancers {
    return (this.balancersMemo ??= new AzureBalancers(this.index));
  }

  private doubtfulHosts(): AzureHost[] {
    return (this.doubtfulMemo ??= this.hosts.filter((h) => h.doubts.length > 0));
  }

  private precedingHop(nsg: NsgModel, entry: NsgEntry, target?: RuleTarget): Hop {
    const build = (): Hop => {
      const before = nsg.entries.filter((e) => e !== entry && e.rule.priority < entry.rule.priority).map((e) => this.filterRule(nsg.view, e, target));
      const judged = this.filterRule(nsg.view, entry, target).label;
      return {
        layer: ruleListLayer({ name: `the rules of ${nsgLabel(nsg.view)} before ${judged}`, rules: before, stateless: false, passes: "claimed", unmatched: "continue" }),
        evidence: `${nsgLabel(nsg.view)} evaluates its rules by ascending priority, so the ones before ${judged} decide first`,
        cautions: [],
      };
    };
    // Most NSGs hold no rule for particular hosts: what stands before a rule is then the same for every host.
    return nsg.entries.some((e) => readsHost(e, target)) ? build() : cached(this.precedingMemo, entry, build);
  }

  private filterRule(nsg: ResourceView, entry: NsgEntry, target: RuleTarget | undefined): FilterRule {
    return readsHost(entry, target) ? nsgFilterRule(entry.rule, nsg.name, target) : cached(this.filterMemo, entry, () => nsgFilterRule(entry.rule, nsg.name));
  }

  /** An NSG at the other level, as a whole: what it does not allow meets DenyAllInBound. */
  private wholeLayer(nsg: ResourceView, target: RuleTarget): Layer {
    const entries = this.models.get(nsg)!.entries;
    const build = () => ruleListLayer({ name: nsgLabel(nsg), rules: entries.map((e) => this.filterRule(nsg, e, target)), stateless: false, passes: "through", unmatched: { block: denyAllLabel(nsg.name) } });
    return entries.some((e) => readsHost(e, target)) ? build() : cached(this.wholeMemo, nsg, build);
  }

  /**
   * The judged rule's own destination, compared with the host's private address: where it does
   * not hold the host, the rule admits none of the host's traffic (a hop stopping all of it);
   * where that cannot be told, a note says so and the rule is judged as though it did.
   */
  private destinationHops(nsg: NsgModel, entry: NsgEntry, target: RuleTarget, notes: string[], doubts: Doubt[]): Hop[] {
    const destination = entry.rule.destination;
    const { holds, why, doubts: waits } = destinationHold(destination, target);
    const label = this.filterRule(nsg.view, entry, target).label;
    if (holds === "unsure") {
      notes.push(`${label} was judged as admitting this traffic, though ${why}`);
      doubts.push(...waits);
    }
    if (holds !== "none") return [];
    const outside: FilterRule = {
      order: 0,
      verdict: "block",
      traffic: Traffic.box(ALL_PROTOCOLS, ALL_PORTS, ALL_ADDRESSES),
      exact: true,
      label: `the destination of ${label} (${destination.text}), ${destination.blocks.isEmpty() ? `of which ${target.name} is not a member` : `which does not include ${target.name}${target.addresses ? ` (${target.addresses.text})` : ""}`}`,
      doubts: [],
    };
    const layer = ruleListLayer({ name: `the destination of ${label}`, rules: [outside], stateless: false, passes: "through", unmatched: "continue" });
    return [{ layer, evidence: "NSGs compare a rule's destination with the host's private address, a public IP being translated to it first", cautions: [] }];
  }

  /** What NSGs compare destinations with (the host's private addresses, else its subnet's prefixes), and what its subnet's routes add to VirtualNetwork. */
  private target(host: AzureHost, subnet: SubnetNode | undefined): RuleTarget {
    // Read when first asked: only a rule whose destination may leave a host out compares them, and
    // parsing every host's and subnet's addresses up front cost a large stack a tenth of its scan.
    const addresses = once((): Prefixes | undefined => {
      const own = privateAddresses(host.shape);
      if (own) return { text: `private address ${own.text}`, addresses: own.addresses };
      const prefixes = subnet?.prefixes();
      return prefixes && { text: `private address in ${prefixes.text}`, addresses: prefixes.addresses };
    });
    return {
      name: host.name,
      get addresses() {
        return addresses();
      },
      virtualNetwork: subnet && this.routes.of(subnet),
      inGroups: (groups) => this.asgs().of(host, groups),
    };
  }

  /** What the VirtualNetwork tag gains, across the hosts an NSG guards, from their subnets' routes. */
  private routedBehind(nsg: ResourceView): RoutePrefix | undefined {
    return cached(this.vnetMemo, nsg, () => {
      return this.routedFor(this.hostsBehind().get(nsg) ?? []);
    });
  }

  /** What the VirtualNetwork tag gains from the routes of any host's subnet. */
  routedAnywhere(): RoutePrefix | undefined {
    return this.routedFor(this.hosts);
  }

  private routedFor(hosts: readonly AzureHost[]): RoutePrefix | undefined {
    const gains = [...new Set(hosts.flatMap((h) => h.subnets.map((s) => this.routes.of(s))))].filter((g) => g !== undefined);
    return gains.length > 0 ? joinedPrefixes(gains, "; ") : undefined;
  }

  /** Every allow is an opening; AllowVnetInBound only where routes widen VirtualNetwork for a host the NSG guards (else it admits no internet source). */
  isOpening(nsg: NsgModel, entry: NsgEntry): boolean {
    return entry.rule.allows && (!entry.rule.rule.origin.builtIn || this.routedBehind(nsg.view) !== undefined);
  }

  /**
   * A rule as an opening: where routes widen VirtualNetwork for a host it guards, its VirtualNetwork
   * sources stand for the route prefixes of all those hosts (each path then keeps only its host's).
   */
  openingRule(nsg: NsgModel, entry: NsgEntry): InboundRule {
    const { rule, vnetSources } = entry.rule;
    const routed = vnetSources.length > 0 ? this.routedBehind(nsg.view) : undefined;
    if (!routed) return rule;
    return { ...rule, sources: rule.sources.map((s): Source => (vnetSources.includes(s) && s.kind === "internal" ? { kind: "cidr", text: `${s.text} (holding the route prefixes of ${routed.text})`, addresses: routed.addresses } : s)) };
  }

  private routedNote(target: RuleTarget, subnet: SubnetNode): string {
    return `the VirtualNetwork tag holds the address prefixes of user-defined routes, so for ${target.name} in ${subnet.label} (${target.virtualNetwork!.text}) AllowVnetInBound (65000) and every rule from VirtualNetwork admit those sources`;
  }

  /**
   * Where the opening's VirtualNetwork sources hold route prefixes of other hosts than this one, a
   * hop stops what this host's VirtualNetwork does not hold (and no other source of the rule admits).
   */
  private routedHops(nsg: NsgModel, entry: NsgEntry, target: RuleTarget): Hop[] {
    const routed = entry.rule.vnetSources.length > 0 ? this.routedBehind(nsg.view) : undefined;
    if (!routed) return [];
    const others = entry.rule.rule.sources.filter((s) => !entry.rule.vnetSources.includes(s));
    const otherAddresses = others.reduce((acc, s) => acc.union(s.kind === "cidr" ? s.addresses : s.kind === "unresolved" ? ALL_ADDRESSES : IntervalSet.EMPTY), IntervalSet.EMPTY);
    const outside = routed.addresses.subtract(target.virtualNetwork?.addresses ?? IntervalSet.EMPTY).subtract(otherAddresses);
    if (outside.isEmpty()) return [];
    const label = `VirtualNetwork as ${target.name} sees it (${target.virtualNetwork ? `holding the route prefixes of ${target.virtualNetwork.text}` : "its subnet has no route prefixes"})`;
    const rule: FilterRule = { order: 0, verdict: "block", traffic: Traffic.box(ALL_PROTOCOLS, ALL_PORTS, outside), exact: true, label, doubts: [] };
    return [{ layer: ruleListLayer({ name: label, rules: [rule], stateless: false, passes: "through", unmatched: "continue" }), evidence: "the VirtualNetwork tag holds the route prefixes of the host's own subnet", cautions: [] }];
  }

  /**
   * An NSG as traffic Azure Firewall forwards by DNAT meets it: from a private address in the
   * firewall's subnet, which AllowVnetInBound (65000) admits where no rule of the NSG decides.
   */
  private forwardedLayer(nsg: ResourceView, firewall: Prefixes | undefined, target: RuleTarget): Layer {
    const rules = this.models.get(nsg)!.entries.map((e) => forwardedFilterRule(e.rule, nsg.name, firewall, target));
    return ruleListLayer({ name: `${nsgLabel(nsg)} (DNAT'd traffic, from the firewall's private address)`, rules, stateless: false, passes: "through", unmatched: { block: denyAllLabel(nsg.name) } });
  }

  /** The hop of the NSG at one level, none where there is no NSG (that level allows everything). */
  private levelHops(nsgs: readonly ResourceView[], of: string, notes: string[], layerOf: (nsg: ResourceView) => Layer): Hop[] {
    if (nsgs.length === 0) notes.push(`${of} has no NSG, so nothing filters there`);
    if (nsgs.length > 1) notes.push(`${of} is associated with more than one NSG (${nsgs.map(nsgLabel).join(", ")}), so none of them was credited`);
    return nsgs.length === 1 ? [{ layer: layerOf(nsgs[0]), evidence: `${nsgLabel(nsgs[0])} is the NSG of ${of}`, cautions: [] }] : [];
  }

  /** The NSGs of a host in a subnet, subnet first, as the traffic an Azure Firewall forwards to it by DNAT meets them. */
  forwardedHops(host: AzureHost, subnet: SubnetNode | undefined, firewall: Prefixes | undefined, notes: string[]): Hop[] {
    if (!subnet) notes.push(this.subnetMissing(host));
    const target = this.target(host, subnet);
    const layerOf = (nsg: ResourceView) => this.forwardedLayer(nsg, firewall, target);
    return [...(subnet ? this.levelHops(subnet.nsgs, subnet.label, notes, layerOf) : []), ...this.levelHops(host.nsgs, host.name, notes, layerOf)];
  }

  /** What a path through the host's NSGs was read from, and what a review should watch. */
  pathResources(host: AzureHost, subnet: SubnetNode | undefined): string[] {
    const filters = [...(subnet?.nsgs ?? []), ...host.nsgs];
    const groups = this.asgs().associationsOf(host).map((a) => a.urn);
    return [...new Set([...filters.flatMap((n) => this.nsgResources(n)), ...(subnet ? [subnet.view.urn] : []), host.view.urn, ...host.vms.map((v) => v.urn), ...groups])];
  }

  /** Links unknown at preview that decide which NSGs stand on the path. */
  pathDoubts(host: AzureHost, subnet: SubnetNode | undefined): Doubt[] {
    return [...host.doubts, ...(subnet?.doubts ?? []), ...this.index.linkDoubts];
  }

  private subnetMissing(host: AzureHost): string {
    return `the subnet of ${host.name} is not in this stack, so an NSG there could not be credited`;
  }

  private hostPath(nsg: NsgModel, entry: NsgEntry, host: AzureHost, subnet: SubnetNode | undefined): HostPath {
    const notes: string[] = [];
    const destinationDoubts: Doubt[] = [];
    const target = this.target(host, subnet);
    const preceding = this.precedingHop(nsg, entry, target);
    const atSubnet = subnet?.nsgs.includes(nsg.view) ?? false;
    const where = atSubnet ? `${nsgLabel(nsg.view)} is the NSG of ${subnet!.label}` : `${nsgLabel(nsg.view)} is the NSG of ${host.name}`;
    const own = { ...preceding, evidence: `${where}; ${preceding.evidence}` };
    if (!subnet) notes.push(this.subnetMissing(host));
    if (target.virtualNetwork && entry.rule.vnetSources.length > 0) notes.push(this.routedNote(target, subnet!));
    const whole = (other: ResourceView) => this.wholeLayer(other, target);
    const levels = atSubnet ? [own, ...this.levelHops(host.nsgs, host.name, notes, whole)] : [...(subnet ? this.levelHops(subnet.nsgs, subnet.label, notes, whole) : []), own];
    return {
      host: subnet ? `${host.name} in ${subnet.label}` : host.name,
      hops: [...this.destinationHops(nsg, entry, target, notes, destinationDoubts), ...this.routedHops(nsg, entry, target), ...levels],
      bypassed: [],
      doubts: [...this.pathDoubts(host, subnet), ...destinationDoubts],
      notes,
      reachability: this.reachability(host, subnet),
      resources: this.pathResources(host, subnet),
    };
  }

  private nsgResources(nsg: ResourceView): string[] {
    return [nsg.urn, ...(this.models.get(nsg)?.entries ?? []).flatMap((e) => (e.view ? [e.view.urn] : []))];
  }

  /** A host whose NSG or subnet is unknown at preview: only the rule's own NSG is credited, and the doubt says why. */
  private unlinkedHostPath(nsg: NsgModel, entry: NsgEntry, host: AzureHost): HostPath {
    const how = `which NSGs guard ${host.name} is not known until the update`;
    return { host: host.name, hops: [this.precedingHop(nsg, entry, this.target(host, undefined))], bypassed: [], doubts: host.doubts, notes: [], reachability: { state: "unknown", how, path: [] }, resources: [nsg.view.urn, host.view.urn] };
  }

  private unusedPath(nsg: NsgModel, entry: NsgEntry): HostPath {
    const how = `no network interface, scale set or VM interface configuration in this stack uses ${nsgLabel(nsg.view)}, directly or through its subnet`;
    return { host: nsgLabel(nsg.view), hops: [this.precedingHop(nsg, entry)], bypassed: [], doubts: this.index.linkDoubts, notes: [], reachability: { state: "unknown", how, path: [] }, resources: this.nsgResources(nsg.view) };
  }

  /** What the internet's traffic crosses from the host's subnet on (URNs). */
  private hostTail(host: AzureHost, subnet: SubnetNode | undefined): string[] {
    return [...(subnet ? [...subnet.nsgs.map((n) => n.urn), subnet.view.urn] : []), ...host.nsgs.map((n) => n.urn), host.view.urn, ...host.vms.map((v) => v.urn)];
  }

  /** A public IP on the interface (or on each scale-set instance) makes the host reachable; NSGs decide the rest. */
  private reachability(host: AzureHost, subnet: SubnetNode | undefined): Reachability {
    const ips = host.shape.publicIps.map((link) => ({ link, found: this.index.resolve(host.view, link, PUBLIC_IP_TYPES, "the public IP") }));
    const known = ips.filter((ip) => !ip.found.doubt);
    const path = (entry: string[]) => [...entry, ...this.hostTail(host, subnet)];
    if (known.length > 0) {
      const names = known.map((ip) => (ip.found.targets.length > 0 ? ip.found.targets.map(resourceLabel).join(", ") : `public IP ${String(reveal(ip.link.value))} (not in this stack)`));
      return { state: "yes", how: `${host.name} has ${names.join(", ")}`, path: path(known.flatMap((ip) => ip.found.targets.map((t) => t.urn))) };
    }
    if (host.shape.publicConfig === "yes") return { state: "yes", how: `${SCALE_SET_TYPES.includes(host.view.type) ? `each instance of ${host.name}` : host.name} gets a public IP address from its publicIPAddressConfiguration`, path: path([]) };
    if (ips.length > 0 || host.shape.publicConfig === "unknown") return { state: "unknown", how: `whether ${host.name} has a public IP address is not known until the update`, path: [] };
    return { state: "no", how: `${host.name} has no public IP address (a load balancer that forwards to it is followed as a path of its own, an Azure Firewall DNAT rule as an opening of its own)`, path: [] };
  }
}
