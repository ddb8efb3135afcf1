import { cached } from "../../cached";
import { unionOf, type FilterRule } from "../../model/filters";
import type { RuleNote } from "../../model/layers";
import type { Doubt } from "../../model/rule";
import { display, isUnknown, reveal } from "../../model/values";
import { hostRegion } from "../../shapes/gcp/compute";
import { FIREWALL, readFirewall } from "../../shapes/gcp/firewall";
import { regionOf } from "../../shapes/gcp/policies";
import type { GcpRule } from "../../shapes/gcp/rules";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GroupPaths, Hop, HostPath, Reachability } from "../paths";
import { GcpBalancers } from "./balancers";
import { ancestorIndex, ancestorsFrom, ancestorsOf } from "./hierarchy";
import { claimedHop, filterRules, handedOnFirst } from "./filters";
import { hostsOf, outsideHosts, type GcpHost } from "./hosts";
import { GcpIndex } from "./index";
import { networkBucket, networkLink, sameNetwork, type NetworkLink, type NetworkRef } from "./networks";
import { enforcementOrderOf, type EnforcementOrder } from "./order";
import { readPolicies, type OrphanRule, type Policy } from "./policies";
import { hostUrns, reachabilityOf } from "./reachability";
import { appliesTo, type Applies } from "./targets";

/** One first-match rule list of GCP's evaluation order: a policy, or a network's VPC firewall rules. */
interface Level {
  readonly name: string;
  readonly rules: readonly GcpRule[];
  readonly resources: readonly string[];
  readonly policy?: Policy;
  /** Why it is evaluated before the rule being judged. */
  readonly evidence: string;
}

/** Every level GCP may evaluate for one host interface in one network, before the implied rules. */
interface Stages {
  readonly hierarchical: readonly Level[];
  readonly vpc: Level;
  readonly global: readonly Level[];
  readonly regional: readonly Level[];
  readonly order: EnforcementOrder;
  readonly notes: readonly string[];
}

/** What comes before the judged rule on one host's path. */
interface Before {
  readonly hops: Hop[];
  readonly doubts: Doubt[];
  readonly notes: string[];
  readonly resources: string[];
}

const hasRules = (levels: readonly Level[]) => levels.some((l) => l.rules.length > 0);
/** The key of hosts whose network is unknown at preview: every rule may reach them. */
const UNPLACED = "";

/**
 * The GCP path builder. GCP evaluates, for each instance interface: hierarchical policies
 * (organisation, then folders), then the network's VPC firewall rules and its network firewall
 * policies in the order the network sets, then the implied rules. Within each, first match by
 * priority; allow and deny decide, goto_next and no match hand on. So everything before the
 * judged allow is a claimed/continue rule list: an allow there decides (its own opening), a deny
 * stops, the rest goes on.
 */
export class GcpNetwork {
  readonly index: GcpIndex;
  readonly firewalls: readonly { readonly rule: GcpRule; readonly link: NetworkLink }[];
  readonly policies: readonly Policy[];
  readonly orphans: readonly OrphanRule[];
  private readonly hosts: readonly GcpHost[];
  private readonly balancers: GcpBalancers;
  private byNetworkMemo?: Map<string, GcpHost[]>;
  private firewallsMemo?: Map<string, { rule: GcpRule; link: NetworkLink }[]>;
  private orderMemo?: Map<GcpHost, number>;
  private byTagMemo?: Map<string, GcpHost[]>;
  private readonly tagIndexMemo = new Map<readonly GcpRule[], TagIndex>();
  private readonly mayApplyMemo = new Map<readonly GcpRule[], Map<GcpHost, readonly GcpRule[]>>();
  private readonly filterMemo = new Map<GcpRule, FilterRule[]>();
  private readonly reachabilityMemo = new Map<GcpHost, Reachability>();
  private readonly networkMemo = new Map<string, ReturnType<GcpNetwork["networkStages"]>>();
  private readonly stagesMemo = new Map<GcpHost, Map<string, Stages>>();
  private readonly outsideMemo = new Map<string, GcpHost>();

  constructor(views: readonly ResourceView[]) {
    this.index = new GcpIndex(views);
    this.hosts = hostsOf(this.index);
    this.balancers = new GcpBalancers(this.index);
    this.firewalls = this.index.ofType(FIREWALL).flatMap((view) => {
      const reading = readFirewall(view);
      const link = networkLink(this.index, view, reading.network);
      return reading.rules.map((rule) => ({ rule, link }));
    });
    ({ policies: this.policies, orphans: this.orphans } = readPolicies(this.index, views));
  }

  /** The paths to the interfaces a VPC firewall rule applies to in its network. */
  vpcPaths(rule: GcpRule, link: NetworkLink): GroupPaths {
    return this.pathsFor(rule, link, (network, host) => {
      const stages = this.stages(network, host);
      const policies = [...stages.global, ...stages.regional];
      const crossed = this.crossed(stages, policies, "before", (l) => `${l.name} is evaluated before the VPC firewall rules: ${orderEvidence(stages.order)}`);
      return this.before(rule, network, host, stages, [...stages.hierarchical, ...crossed.levels], stages.vpc, crossed);
    });
  }

  /** The paths to the interfaces a policy rule applies to, in the networks the policy is attached to. */
  policyPaths(rule: GcpRule, policy: Policy): GroupPaths {
    if (policy.associations.length === 0) return { paths: [], missing: `${policy.name} is attached to nothing in this stack, so what comes before ${rule.label} could not be followed` };
    if (policy.family.kind === "hierarchical") return this.hierarchicalPaths(rule, policy);
    const links = policy.associations.map((a) => networkLink(this.index, a.view, a.target));
    const link: NetworkLink = { networks: links.flatMap((l) => l.networks), doubt: links.find((l) => l.doubt)?.doubt };
    return this.pathsFor(rule, link, (network, host) => {
      const stages = this.stages(network, host);
      const own = [...stages.global, ...stages.regional].find((l) => l.policy === policy) ?? this.policyLevel(policy, "");
      const vpc = this.crossed(stages, [stages.vpc], "after", (l) => `${l.name} are evaluated before network firewall policies: ${orderEvidence(stages.order)}`);
      const globals = policy.family.kind === "regional" ? stages.global.map((l) => ({ ...l, evidence: `${l.name} is evaluated before regional network firewall policies` })) : [];
      return this.before(rule, network, host, stages, [...stages.hierarchical, ...vpc.levels, ...globals], own, vpc);
    }, (host) => policy.family.kind !== "regional" || !differentRegions(policy, host));
  }

  /**
   * A hierarchical policy applies wherever it is attached above: read as applying to every network
   * here, and to the networks under its nodes that the stack does not show.
   */
  private hierarchicalPaths(rule: GcpRule, policy: Policy): GroupPaths {
    const here = [...new Map(this.hosts.flatMap((h) => h.link.networks).map((n) => [n.key, n])).values()];
    const beyond = policy.associations.map((a): NetworkRef => {
      const under = ancestorsFrom(this.index, a.view, a.target);
      return { key: `beyond ${a.view.urn}`, label: `a network under ${under[0]?.view ? resourceLabel(under[0].view) : display(a.target.value)}`, under };
    });
    return this.pathsFor(rule, { networks: [...here, ...beyond] }, (network, host) => {
      const stages = this.stages(network, host);
      const at = stages.hierarchical.findIndex((l) => l.policy === policy);
      const own = stages.hierarchical[at] ?? this.policyLevel(policy, "");
      return this.before(rule, network, host, stages, at < 0 ? [] : stages.hierarchical.slice(0, at), own, { doubts: [], notes: [] });
    });
  }

  /** Hosts with an interface in each network, and those whose networks are unknown: indexed once, as every rule asks. */
  private hostsByNetwork(): Map<string, GcpHost[]> {
    return (this.byNetworkMemo ??= (() => {
      const index = new Map<string, GcpHost[]>();
      for (const host of this.hosts) {
        const keys = host.link.doubt && host.link.networks.length === 0 ? [UNPLACED] : new Set(host.link.networks.map(networkBucket));
        for (const key of keys) cached(index, key, () => []).push(host);
      }
      return index;
    })());
  }

  private firewallsByNetwork(): Map<string, { rule: GcpRule; link: NetworkLink }[]> {
    return (this.firewallsMemo ??= (() => {
      const index = new Map<string, { rule: GcpRule; link: NetworkLink }[]>();
      for (const firewall of this.firewalls) for (const key of new Set(firewall.link.networks.map(networkBucket))) cached(index, key, () => []).push(firewall);
      return index;
    })());
  }

  /** Hosts by network tag; a host whose tags are unknown at preview is under UNPLACED, as it may carry any. */
  private hostsByTag(): Map<string, GcpHost[]> {
    return (this.byTagMemo ??= (() => {
      const index = new Map<string, GcpHost[]>();
      for (const host of this.hosts) {
        const tags = host.machine.tags.map((f) => reveal(f.value));
        const keys = host.machine.tags.some((f) => isUnknown(f.value)) ? [UNPLACED] : new Set(tags.filter((t): t is string => typeof t === "string"));
        for (const key of keys) cached(index, key, () => []).push(host);
      }
      return index;
    })());
  }

  /**
   * The hosts a rule of these networks may reach, in the stack's order: those in its networks, and
   * for a rule that targets known network tags only, those that carry one (appliesTo decides the rest).
   */
  private candidates(link: NetworkLink, rule: GcpRule): GcpHost[] {
    const byNetwork = this.hostsByNetwork();
    const unplaced = byNetwork.get(UNPLACED) ?? [];
    const tags = targetTagsOnly(rule);
    const pool = tags ? [UNPLACED, ...tags].flatMap((tag) => this.hostsByTag().get(tag) ?? []) : [...new Set(link.networks.map(networkBucket))].flatMap((key) => byNetwork.get(key) ?? []);
    return this.inStackOrder([...pool, ...unplaced].filter((h) => unplaced.includes(h) || h.link.networks.some((n) => link.networks.some((m) => sameNetwork(m, n)))));
  }

  /** Hosts once each, in the stack's order; most rules reach one host, which needs neither. */
  private inStackOrder(hosts: GcpHost[]): GcpHost[] {
    if (hosts.length <= 1) return hosts;
    const order = (this.orderMemo ??= new Map(this.hosts.map((h, i) => [h, i])));
    return [...new Set(hosts)].sort((a, b) => order.get(a)! - order.get(b)!);
  }

  /**
   * The paths to the hosts of the stack the rule applies to, and to the instances of its networks
   * the stack does not show (outsideHosts), which it applies to as well.
   */
  private pathsFor(rule: GcpRule, link: NetworkLink, before: (network: NetworkRef, host: GcpHost) => Before, keep: (host: GcpHost) => boolean = () => true): GroupPaths {
    const paths: HostPath[] = link.doubt ? [unlinkedPath(`the network of ${rule.label}`, link.doubt)] : [];
    for (const host of this.candidates(link, rule).filter(keep)) {
      if (host.link.doubt && host.link.networks.length === 0) paths.push(...this.withBalancers(unlinkedPath(host.name, host.link.doubt, host), host));
      for (const network of host.link.networks.filter((n) => link.networks.some((m) => sameNetwork(m, n)))) paths.push(...this.hostPaths(rule, host, network, before));
    }
    const networks = link.networks.filter((n, i) => !link.networks.slice(0, i).some((m) => sameNetwork(m, n)));
    for (const network of networks) for (const host of this.outsideHostsOf(rule, network)) paths.push(...this.hostPaths(rule, host, network, before));
    if (paths.length > 0) return { paths };
    const where = link.networks.map((n) => n.label).join(", ") || "its network";
    return { paths: [], missing: `no instance or managed instance group in this stack has an interface in ${where} that ${rule.label} applies to, so nothing before it could be credited (cls-guard follows the networkInterfaces of Instance, InstanceFromTemplate and InstanceFromMachineImage, and the templates of managed instance groups)` };
  }

  /** One stand-in per network, region and target, shared by the rules that name it, as are the paths' memos. */
  private outsideHostsOf(rule: GcpRule, network: NetworkRef): GcpHost[] {
    const region = hostRegion(rule.view);
    return outsideHosts(rule, network, region).map((host) => cached(this.outsideMemo, `${network.key} ${display(region)} ${host.name}`, () => host));
  }

  private hostPaths(rule: GcpRule, host: GcpHost, network: NetworkRef, before: (network: NetworkRef, host: GcpHost) => Before): HostPath[] {
    const applies = appliesTo(this.index, rule, host, network);
    if (applies.state === "no") return [];
    const b = before(network, host);
    const doubts = applies.state === "unknown" ? [applies.doubt, ...b.doubts] : b.doubts;
    const reachability = host.outside ? outsideReachability(rule) : cached(this.reachabilityMemo, host, () => reachabilityOf(host, this.balancers));
    // Fail closed: an allow is judged on all it names, but the reviewer learns it may match less.
    const notes = rule.partial ? [...b.notes, `${rule.label} was judged as reaching ${host.name}, though ${rule.partial}`] : b.notes;
    const direct: HostPath = { host: host.name, hops: b.hops, bypassed: [], doubts, notes, reachability, resources: [...new Set([...b.resources, ...reachability.path, ...(host.outside ? [] : [host.view.urn])])] };
    return host.outside ? [direct] : this.withBalancers(direct, host);
  }

  /**
   * The host's direct path, and one more per forwarding rule that sends to it. An external
   * passthrough balancer delivers the client's packets with their address and ports unchanged, so
   * the firewall rules and policies that judge direct traffic judge its traffic too: the same hops,
   * carrying only what the rule forwards.
   */
  private withBalancers(direct: HostPath, host: GcpHost): HostPath[] {
    const forwarded = this.balancers.to(host.view);
    if (forwarded.length === 0) return [direct];
    return [
      direct,
      ...forwarded.map((f) => ({
        ...direct,
        host: `${host.name} through ${f.label}`,
        carries: f.carries,
        notes: [...direct.notes, ...f.notes],
        reachability: f.reachability.state === "yes" ? { ...f.reachability, path: [...f.reachability.path, ...hostUrns(host)] } : f.reachability,
        resources: [...new Set([...direct.resources, ...f.chain])],
      })),
    ];
  }

  /** Cross-level levels (VPC rules against network policies) that the network's order puts first, or a doubt when it cannot say. */
  private crossed(stages: Stages, levels: readonly Level[], needed: "after" | "before", evidence: (l: Level) => string): { levels: Level[]; doubts: Doubt[]; notes: string[] } {
    if (stages.order.kind === needed) return { levels: levels.map((l) => ({ ...l, evidence: evidence(l) })), doubts: [], notes: [] };
    if (stages.order.kind !== "unsure" || !hasRules(levels)) return { levels: [], doubts: [], notes: [] };
    return { levels: [], doubts: stages.order.doubt ? [stages.order.doubt] : [], notes: stages.order.doubt ? [] : [stages.order.why] };
  }

  private before(rule: GcpRule, network: NetworkRef, host: GcpHost, stages: Stages, earlier: readonly Level[], own: Level, crossed: { doubts: Doubt[]; notes: string[] }): Before {
    const notes = [...stages.notes, ...crossed.notes];
    const doubts = [...crossed.doubts];
    const hops: Hop[] = [];
    for (const level of earlier) {
      const hop = this.hop(level.name, level.rules, network, host, level.evidence, notes);
      if (hop) hops.push(hop);
    }
    const first = (r: GcpRule) => r !== rule && (r.priority < rule.priority || (r.priority === rule.priority && r.action === "deny"));
    const same = this.hop(own.name, own.rules, network, host, `rules of ${own.name} that GCP evaluates before ${rule.label}: lower priority numbers, and denies at the same priority`, notes, first, true);
    if (same) hops.push(same);
    return { hops, doubts, notes, resources: [...earlier, own].flatMap((l) => this.levelResources(l, host)) };
  }

  /** What a change on the path could come from: a policy's resources, or the VPC rules that may apply to the host (not every rule of the network). */
  private levelResources(level: Level, host: GcpHost): readonly string[] {
    return level.policy ? level.resources : [...new Set(this.mayApply(level.rules, host).map((r) => r.view.urn))];
  }

  /**
   * The rules of a level (those `among` picks) that apply to the host, as a claimed/continue rule
   * list; none: no hop. An allow takes away from the judged rule what it decides, and so does a
   * goto_next of the judged rule's own policy (`ownPolicy`: it ends the policy's evaluation, so the
   * rules after it never see what it matches); each only where it surely applies to the host and
   * surely matches all it names, else it is left out and said why where it could have matched.
   */
  private hop(name: string, rules: readonly GcpRule[], network: NetworkRef, host: GcpHost, evidence: string, notes: string[], among: (r: GcpRule) => boolean = () => true, ownPolicy = false): Hop | undefined {
    const filters: FilterRule[] = [];
    // Said only where the rule could have matched the traffic judged: allows that take nothing away, denies not credited.
    const ruleNotes: RuleNote[] = [];
    for (const rule of this.mayApply(rules, host).filter(among)) {
      const applies = appliesTo(this.index, rule, host, network);
      if (applies.state === "no") continue;
      const matched = cached(this.filterMemo, rule, () => filterRules(rule));
      const note = (text: string, doubts?: readonly Doubt[]) => ruleNotes.push({ traffic: unionOf(matched.map((f) => f.traffic)), text, doubts });
      if (rule.disabled) {
        if (rule.action === "deny") notes.push(`${rule.label} is disabled, so it earned no credit`);
      } else if (rule.action === "allow" || (ownPolicy && rule.action === "goto_next")) {
        const unsure = unsureClaim(rule, applies, matched);
        const claim = rule.action === "allow" ? "taking the traffic it allows before the rules GCP evaluates after it" : `handing traffic on before the rules after it in ${name}`;
        if (unsure) note(`${rule.label} was not credited with ${claim}: ${unsure.why}`, unsure.doubts);
        else filters.push(...(rule.action === "allow" ? matched : handedOnFirst(matched)));
      } else if (applies.state === "untraceable") {
        if (rule.action === "deny") note(`${rule.label} was not credited: ${applies.why}`);
        else {
          // A goto_next that may apply is read as applying: what it matches skips the denies after it.
          filters.push(...matched);
          note(`${rule.label} was read as handing on what it matches, past the rules after it in ${name}: ${applies.why}`);
        }
      } else if (applies.state === "unknown") filters.push(...filterRules(rule, [applies.doubt]));
      else filters.push(...matched);
    }
    return filters.length > 0 || ruleNotes.length > 0 ? claimedHop(name, filters, evidence, ruleNotes) : undefined;
  }

  /** The ingress rules of a list that may apply to a host, in order: worked out once per list and host, as every rule judged there asks. */
  private mayApply(rules: readonly GcpRule[], host: GcpHost): readonly GcpRule[] {
    return cached(cached(this.mayApplyMemo, rules, () => new Map()), host, () => this.pickFor(rules, host));
  }

  /** Rules that target network tags only are looked up by the host's tags; the rest are all candidates. */
  private pickFor(rules: readonly GcpRule[], host: GcpHost): readonly GcpRule[] {
    const index = cached(this.tagIndexMemo, rules, () => byTargetTag(rules.filter((r) => r.ingress)));
    if (host.machine.tags.some((f) => isUnknown(f.value))) return index.all;
    const picked = new Set([...index.other, ...host.machine.tags.flatMap((f) => index.byTag.get(String(reveal(f.value))) ?? [])]);
    return [...picked].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  }

  /** Asked for every rule judged on the host: worked out once per host and network. */
  private stages(network: NetworkRef, host: GcpHost): Stages {
    return cached(cached(this.stagesMemo, host, () => new Map()), network.key, () => this.hostStages(network, host));
  }

  private hostStages(network: NetworkRef, host: GcpHost): Stages {
    const shared = cached(this.networkMemo, network.key, () => this.networkStages(network));
    const notes = [...shared.notes];
    const regional = shared.regional.filter((p) => {
      if (sameRegion(p, host)) return true;
      if (p.rules.some((r) => r.action === "deny")) notes.push(`${p.name} was not credited: the stack does not show that ${host.name} is in its region`);
      return false;
    });
    return { ...shared, regional: regional.map((p) => this.policyLevel(p, "")), notes };
  }

  /** What every host of a network shares: worked out once per network, not per rule and host. */
  private networkStages(network: NetworkRef): Omit<Stages, "regional"> & { regional: readonly Policy[] } {
    const notes: string[] = [];
    const vpcRules = (this.firewallsByNetwork().get(networkBucket(network)) ?? []).filter((f) => f.link.networks.some((n) => sameNetwork(n, network))).map((f) => f.rule);
    const vpc: Level = { name: `the VPC firewall rules of ${network.label}`, rules: vpcRules, resources: [...new Set(vpcRules.map((r) => r.view.urn))], evidence: "" };
    const attached = (kind: string) => this.policies.filter((p) => p.family.kind === kind && p.associations.some((a) => networkLink(this.index, a.view, a.target).networks.some((n) => sameNetwork(n, network))));
    return {
      hierarchical: this.hierarchical(network, notes),
      vpc,
      global: attached("global").map((p) => this.policyLevel(p, "")),
      regional: attached("regional"),
      order: enforcementOrderOf(network),
      notes,
    };
  }

  /** Hierarchical policies the stack shows to be attached above the network's project, organisation first. */
  private hierarchical(network: NetworkRef, notes: string[]): Level[] {
    const { chain, ambiguous } = network.under ? { chain: network.under, ambiguous: undefined } : ancestorsOf(this.index, network);
    const placed: { depth: number; level: Level }[] = [];
    for (const policy of this.policies.filter((p) => p.family.kind === "hierarchical" && p.associations.length > 0)) {
      const depth = Math.max(...policy.associations.map((a) => ancestorIndex(this.index, chain, a.view, a.target)));
      const targets = policy.associations.map((a) => display(a.target.value)).join(", ");
      if (depth >= 0) placed.push({ depth, level: this.policyLevel(policy, `${policy.name} is evaluated first: it is attached to ${targets}, above the project of ${network.label}`) });
      else if (policy.rules.some((r) => r.action === "deny")) {
        const why = ambiguous ?? `nothing in this stack ties its attachment (${targets}) to ${network.label} (cls-guard follows the network's project by its project id, Project folderId/orgId and Folder parent)`;
        notes.push(`${policy.name} was not credited: ${why}`);
      }
    }
    return placed.sort((a, b) => b.depth - a.depth).map((p) => p.level);
  }

  private policyLevel(policy: Policy, evidence: string): Level {
    return { name: policy.name, rules: policy.rules, resources: policy.resources, policy, evidence };
  }
}

/**
 * Why an allow, or a goto_next of the judged rule's own policy, may not take traffic away from the
 * judged rule, and the doubts that settle it: one that may match less than it names (partial,
 * doubtful, or not surely applying to the host) would hide from the judged rule traffic GCP lets
 * through to it.
 */
function unsureClaim(rule: GcpRule, applies: Applies, filters: readonly FilterRule[]): { why: string; doubts: Doubt[] } | undefined {
  const all = [...(applies.state === "unknown" ? [applies.doubt] : []), ...filters.flatMap((f) => f.doubts)];
  const doubts = [...new Map(all.map((d) => [d.detail, d])).values()];
  const why = [...(applies.state === "untraceable" ? [applies.why] : []), ...doubts.map((d) => d.detail), ...(rule.partial ? [rule.partial] : [])];
  return why.length > 0 ? { why: why.join("; "), doubts } : undefined;
}

/**
 * The network tags a rule targets when it targets known tags and nothing else; an index by them
 * picks a superset of the hosts (or rules) appliesTo accepts, which then decides.
 */
function targetTagsOnly(rule: GcpRule): string[] | undefined {
  const t = rule.targets;
  if (t.tags.length === 0 || t.networks.length > 0 || t.secureTags.length > 0 || t.tags.some((f) => isUnknown(f.value))) return undefined;
  return t.tags.map((f) => String(reveal(f.value)));
}

/** Rules by the network tags they target; `other`: rules that target anything else, or nothing (every instance). */
interface TagIndex {
  readonly all: readonly GcpRule[];
  readonly byTag: Map<string, GcpRule[]>;
  readonly other: readonly GcpRule[];
  readonly order: Map<GcpRule, number>;
}

function byTargetTag(rules: readonly GcpRule[]): TagIndex {
  const byTag = new Map<string, GcpRule[]>();
  const other: GcpRule[] = [];
  for (const rule of rules) {
    const tags = targetTagsOnly(rule);
    if (!tags) other.push(rule);
    else for (const tag of new Set(tags)) cached(byTag, tag, () => []).push(rule);
  }
  return { all: rules, byTag, other, order: new Map(rules.map((r, i) => [r, i])) };
}

function orderEvidence(order: EnforcementOrder): string {
  return order.kind === "unsure" ? order.why : order.evidence;
}

function regionsOf(policy: Policy, host: GcpHost): [unknown, unknown] {
  const own = reveal(regionOf(policy.view));
  const policyRegion = typeof own === "string" && own !== "" ? own : reveal(regionOf(policy.associations[0]?.view ?? policy.view));
  return [policyRegion, reveal(hostRegion(host.view))];
}

/** Both regions known and equal: only then is a regional policy credited on the host's path. */
function sameRegion(policy: Policy, host: GcpHost): boolean {
  const [a, b] = regionsOf(policy, host);
  return typeof a === "string" && a !== "" && a === b;
}

/** Both regions known and different: the regional policy does not apply to the host at all. */
function differentRegions(policy: Policy, host: GcpHost): boolean {
  const [a, b] = regionsOf(policy, host);
  return typeof a === "string" && typeof b === "string" && a !== "" && b !== "" && a !== b;
}

/**
 * "As the stack stands" an instance the stack does not show has no address in it; the reviewer
 * learns why its path still counts.
 */
function outsideReachability(rule: GcpRule): Reachability {
  const how = `none is in the stack, so none has an external address of it; ${rule.label} reaches such instances all the same, and on their way only the rules sure to apply to each of them were credited`;
  return { state: "no", how, path: [] };
}

/** A path that could not be followed at preview: nothing on it is credited, and the doubt says why. */
export function unlinkedPath(what: string, doubt: Doubt, host?: GcpHost): HostPath {
  const how = `${what} is not known until the update`;
  return { host: host?.name ?? what, hops: [], bypassed: [], doubts: [doubt], notes: [], reachability: { state: "unknown", how, path: [] }, resources: host ? [host.view.urn] : [] };
}
