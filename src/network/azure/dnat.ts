import type { Doubt, InboundRule } from "../../model/rule";
import { display, isUnknown, reveal } from "../../model/values";
import { dnatCarrier, firewallIdentity, firewallShape } from "../../shapes/azure/dnatLinks";
import { dnatRules, type DnatRule } from "../../shapes/azure/dnatRules";
import type { Link, NameRef, Prefixes } from "../../shapes/azure/links";
import { DNAT_TYPES, FIREWALL_POLICY_TYPES, FIREWALL_TYPES, PUBLIC_IP_TYPES } from "../../shapes/azure/types";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GroupPaths, HostPath, Reachability } from "../paths";
import type { AzureIndex, SubnetNode } from "./azureIndex";
import type { AzureHost } from "./hosts";
import type { AzureNetwork } from "./paths";

/**
 * Azure Firewall DNAT rules as openings of their own. The firewall forwards its public address to
 * the translated host and, doing so, translates the source to one of its private addresses in its
 * subnet (AzureFirewallSubnet). The host's NSGs then judge that address, not the internet client:
 * a deny that matches it stops the forwarded traffic for every client, an allow from Internet
 * does not admit it, and AllowVnetInBound (65000) admits what no rule decides.
 */
export interface DnatForward {
  readonly rule: InboundRule;
  /** The resources whose justification may cover it: the one carrying the rule, then its firewall or policy. */
  readonly subjects: readonly ResourceView[];
  readonly unlinked?: string;
  readonly paths: GroupPaths;
}

/** What applies a resource's DNAT rules, as far as the stack shows it. */
interface Carrier {
  readonly view: ResourceView;
  readonly subjects: readonly ResourceView[];
  /** The firewalls of this stack that apply the rules, and their public IPs: the way in. */
  readonly firewalls: readonly ResourceView[];
  readonly publicIps: readonly ResourceView[];
  /** The address space of the firewalls' subnets, which what they forward comes from; undefined where the stack does not show it. */
  readonly firewallSubnet?: Prefixes;
  /** Why the firewall or policy named was not found, when it was not. */
  readonly unlinked?: string;
}

const notInStack = (what: string, name: unknown) => `its ${what} (${display(name)}) is not in this stack, so the ${what}'s tags were not consulted (justify the rule with a central exception)`;

class DnatNetwork {
  private readonly index: AzureIndex;

  constructor(private readonly network: AzureNetwork) {
    this.index = network.index;
  }

  forwards(): DnatForward[] {
    return DNAT_TYPES.flatMap((t) => this.index.stack.ofType(t)).flatMap((view) => {
      const rules = dnatRules(view);
      if (rules.length === 0) return [];
      const carrier = this.carrierOf(view);
      return rules.flatMap((r) => {
        const balanced = this.throughBalancers(r, carrier);
        // A frontend whose address is not known yet may not be the one translated to: the rule stands as written too.
        const direct = balanced.some((b) => !b.unsure) ? [] : [{ rule: r.rule, subjects: carrier.subjects, unlinked: carrier.unlinked, paths: this.pathsOf(r, carrier) }];
        return [...direct, ...balanced.map((b) => b.forward)];
      });
    });
  }

  private carrierOf(view: ResourceView): Carrier {
    const found = this.applier(view);
    if (typeof found === "string") return { view, subjects: [view], firewalls: [], publicIps: [], unlinked: found };
    const firewalls = FIREWALL_TYPES.includes(found.type) ? [found] : this.firewallsUsing(found);
    const publicIps = firewalls.flatMap((fw) => firewallShape(fw).publicIps.flatMap((link) => this.index.resolve(fw, link, PUBLIC_IP_TYPES, "the public IP").targets));
    return { view, subjects: found === view ? [view] : [view, found], firewalls, publicIps, firewallSubnet: this.subnetOf(firewalls) };
  }

  /** The address space of the firewalls' subnets, when each names one subnet of the stack with readable prefixes. */
  private subnetOf(firewalls: readonly ResourceView[]): Prefixes | undefined {
    const subnets = firewalls.flatMap((fw) => firewallShape(fw).subnets.map((link) => this.index.resolveSubnets(fw, link).targets));
    const prefixes = subnets.map((found) => (found.length === 1 ? found[0].prefixes() : undefined));
    if (prefixes.length === 0 || prefixes.some((p) => p === undefined)) return undefined;
    const known = prefixes as Prefixes[];
    return { text: [...new Set(known.map((p) => p.text))].join(", "), addresses: known.reduce((acc, p) => acc.union(p.addresses), known[0].addresses) };
  }

  /** The firewall or firewall policy that applies a resource's rules, or why it was not found. */
  private applier(view: ResourceView): ResourceView | string {
    const ref = dnatCarrier(view)!;
    if (ref.kind === "firewall itself") return view;
    if ("link" in ref) return this.linked(view, ref.link);
    return ref.kind === "firewall" ? this.named(view, ref.name, FIREWALL_TYPES, "firewall") : this.named(view, ref.name, FIREWALL_POLICY_TYPES, "firewall policy");
  }

  /** A firewall or policy named within a resource group: by the engine's dependency, else by name. */
  private named(owner: ResourceView, ref: NameRef, types: readonly string[], what: string): ResourceView | string {
    const byName = this.index.namedInGroup(owner, ref, types, firewallIdentity);
    if (byName) return byName;
    if (isUnknown(ref.name)) return `its ${what} could not be identified: ${ref.key} is unknown at preview and no property dependency names the ${what}, so its tags were not consulted (set ${ref.key} from the ${what} resource's name output so the engine records the link)`;
    return notInStack(what, ref.name);
  }

  /** A firewall policy named by id. */
  private linked(owner: ResourceView, link: Link): ResourceView | string {
    const found = this.index.resolve(owner, link, FIREWALL_POLICY_TYPES, "the firewall policy");
    if (found.targets.length > 0) return found.targets[0];
    return found.doubt ? `${found.doubt.detail}; the policy's tags were not consulted` : notInStack("firewall policy", link.value);
  }

  private firewallsUsing(policy: ResourceView): ResourceView[] {
    const users = this.index.stack.referrers("azure firewall->policy", FIREWALL_TYPES, (fw) => {
      const link = firewallShape(fw).policy;
      return link ? this.index.resolve(fw, link, FIREWALL_POLICY_TYPES, "the firewall policy").targets : [];
    });
    return users.get(policy) ?? [];
  }

  /**
   * Where the rule translates to an internal balancer's frontend rather than to a network
   * interface, one opening per balancer rule taking that port, judged by the port the rule hands
   * its hosts (443 on the frontend sent to 50001 exposes the CLS agent). The balancer keeps the
   * firewall's address as the source, so the hosts' NSGs judge that address as for direct DNAT.
   */
  private throughBalancers(r: DnatRule, carrier: Carrier): { forward: DnatForward; unsure: boolean }[] {
    const address = r.translatedAddress;
    if (this.holding(address).length > 0) return [];
    return this.network.forwardsAt(address).flatMap((f) => {
      const protocols = r.rule.protocol.numbers.intersect(f.shape.protocols);
      if (protocols.isEmpty() || !f.shape.frontendPorts.overlaps(r.rule.ports)) return [];
      const rule: DnatRule = { ...r, rule: { ...r.rule, protocol: { label: f.shape.protocolText.toLowerCase(), numbers: protocols, portless: false }, ports: f.shape.hostPorts } };
      const via = `${resourceLabel(carrier.view)} sends ${r.forwards}, a frontend of ${resourceLabel(f.balancer)}, whose ${f.shape.label} forwards ${f.shape.protocolText} ${f.shape.frontendPortText} to port ${f.shape.hostPortText} of its backends`;
      const doubts: Doubt[] = !f.unsure
        ? []
        : address === undefined
          ? [{ kind: r.addressUnknown ? "unknown" : "malformed", field: r.target, detail: `the rule forwards to ${r.target}, which may be a frontend of ${resourceLabel(f.balancer)}` }]
          : [{ kind: "unknown", field: `${resourceLabel(f.balancer)} frontends`, detail: `the private address of a frontend of ${resourceLabel(f.balancer)} is not known until the update, so it may be ${address}` }];
      const paths = f.hosts.length > 0 ? this.hostPaths(rule, carrier, f.hosts) : [this.unplacedPath(rule, carrier, `${via}, and no backend of it is in this stack, so no NSG was credited`)];
      const forward: DnatForward = { rule: rule.rule, subjects: carrier.subjects, unlinked: carrier.unlinked, paths: { paths: paths.map((p) => ({ ...p, notes: [via, ...f.notes, ...p.notes], doubts: [...p.doubts, ...doubts], resources: [...new Set([...p.resources, f.balancer.urn, f.shape.view.urn])] })) } };
      return [{ forward, unsure: f.unsure }];
    });
  }

  /** A path to each network interface holding the translated address, through each of its subnets; one to a host outside the stack when none does. */
  private pathsOf(r: DnatRule, carrier: Carrier): GroupPaths {
    const placed = this.holding(r.translatedAddress);
    if (placed.length > 0) return { paths: this.hostPaths(r, carrier, placed) };
    const why = r.translatedAddress === undefined ? `the rule forwards to ${r.target}, which names no network interface of this stack` : `no network interface in this stack has the private address ${r.target} (those scale sets and VMs create from their configurations show none)`;
    return { paths: [this.unplacedPath(r, carrier, `${why}, so the host could not be placed and no NSG of it was credited`)] };
  }

  /** The network interfaces of the stack holding the translated address. */
  private holding(address: string | undefined): AzureHost[] {
    return address === undefined ? [] : this.network.hosts.filter((h) => h.shape.privateIps.some((ip) => reveal(ip) === address));
  }

  /** A path to each host through each of its subnets. */
  private hostPaths(r: DnatRule, carrier: Carrier, hosts: readonly AzureHost[]): HostPath[] {
    return hosts.flatMap((h) => (h.subnets.length > 0 ? h.subnets : [undefined]).map((s) => this.hostPath(r, carrier, h, s)));
  }

  private hostPath(r: DnatRule, carrier: Carrier, host: AzureHost, subnet: SubnetNode | undefined): HostPath {
    const from = carrier.firewallSubnet ? `an address of the firewall's subnet (${carrier.firewallSubnet.text})` : "the firewall's private address";
    const snat = `the DNAT rule of ${resourceLabel(carrier.view)} reaches ${host.name} from ${from}, not from the internet client, and its NSGs judge that address: a Deny whose source holds it (*, VirtualNetwork or a block holding the firewall's subnet) stops the forwarded traffic of every client, an allow from Internet does not admit it, and AllowVnetInBound (65000) admits what no rule decides`;
    const notes = [snat];
    const hops = this.network.forwardedHops(host, subnet, carrier.firewallSubnet, notes);
    if (host.shape.publicIps.length > 0 || host.shape.publicConfig === "yes") notes.push(`traffic to the public IP of ${host.name} itself never passes the firewall, so NSG rules admitting it are openings of their own`);
    return {
      host: subnet ? `${host.name} in ${subnet.label}` : host.name,
      hops,
      bypassed: [],
      doubts: this.network.pathDoubts(host, subnet),
      notes,
      reachability: this.reachability(r, carrier, [host.view, ...host.vms]),
      resources: [...new Set([...this.carrierResources(carrier), ...this.network.pathResources(host, subnet)])],
    };
  }

  private unplacedPath(r: DnatRule, carrier: Carrier, why: string): HostPath {
    return { host: `the translated host ${r.target}`, hops: [], bypassed: [], doubts: [], notes: [why], reachability: this.reachability(r, carrier, []), resources: this.carrierResources(carrier) };
  }

  private carrierResources(carrier: Carrier): string[] {
    return [...new Set([...carrier.subjects, ...carrier.firewalls, ...carrier.publicIps].map((v) => v.urn))];
  }

  /** Reached through the firewall's public address: a DNAT rule exists to be reached from outside. */
  private reachability(r: DnatRule, carrier: Carrier, hostViews: readonly ResourceView[]): Reachability {
    if (carrier.firewalls.length === 0) return { state: "unknown", how: `no firewall in this stack applies the DNAT rules of ${resourceLabel(carrier.view)}`, path: [] };
    const at = carrier.publicIps.length > 0 ? ` on ${carrier.publicIps.map(resourceLabel).join(", ")}` : "";
    return { state: "yes", how: `${carrier.firewalls.map(resourceLabel).join(", ")} forwards ${r.forwards}${at}`, path: [...carrier.publicIps, ...carrier.firewalls, ...hostViews].map((v) => v.urn) };
  }
}

/** Every DNAT rule of the stack's Azure Firewalls, classic collections and firewall policies, over the NSG reading's index, hosts and NSGs. */
export function dnatForwards(network: AzureNetwork): DnatForward[] {
  return new DnatNetwork(network).forwards();
}
