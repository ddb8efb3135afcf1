import { ALL_ADDRESSES, FAMILIES, FAMILY_NAME, FAMILY_SPACE, parseAddressBlock, type Family } from "../../model/addresses";
import { unionOf, type FilterRule, type RuleVerdict } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import { SCTP, TCP, TCP_AND_UDP, TCP_ONLY, UDP, UDP_ONLY, type Doubt } from "../../model/rule";
import { ALL_PORTS, ALL_PROTOCOLS, Traffic } from "../../model/traffic";
import { describe, display, holdsUnknown, isUnknown, reveal } from "../../model/values";
import type { FirewallSpec, RuleNote } from "../../model/layers";
import { doubtOf, field, isUnset, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { isRecord, listOf, own, type ResourceView } from "../resource";
import { addressSet, parseRules, portSet, type ParsedRule, type SuricataRule, type Variables } from "./suricata";

/** AWS Network Firewall shapes: rule groups, firewall policies and firewalls. */
export const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
export const FIREWALL_POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
export const FIREWALL = "aws:networkfirewall/firewall:Firewall";

const path = (object: unknown, ...keys: string[]): unknown => keys.reduce((o, k) => own(reveal(o), k), object);
/** What a rule that cannot be read, or a group the stack does not hold, may match. */
const EVERYTHING = Traffic.box(ALL_PROTOCOLS, ALL_PORTS, ALL_ADDRESSES);
/** Stateless rule priorities run from 1 to 65535 within a group, and a group's priority places them all. */
const STATELESS_PRIORITIES = 65536;

/** What the destination of a rule says about one host: all of its addresses, none, or some. */
type HostMatch = "all" | "none" | "some";

/** Where the protected host sits: its subnet's addresses when known, and the VPC's. */
export interface HostContext {
  /** The subnet's IPv4 and IPv6 blocks, as far as they are known. */
  readonly hostAddresses?: IntervalSet;
  /** The VPC's CIDR, AWS's default HOME_NET; or why it cannot stand for it. */
  readonly vpcCidr?: IntervalSet | { readonly unsure: string };
}

/**
 * Whether a rule's destinations hold the host's addresses of one family. A packet matches only if
 * its destination address is in them, and a packet of one family is addressed to the host's
 * address of that family: an IPv4 destination never matches an IPv6 packet. Where the host's
 * block of the family is not known, only a destination of the whole family surely holds it.
 */
function matchHost(destinations: IntervalSet, host: HostContext, family: Family): HostMatch {
  const named = destinations.intersect(FAMILY_SPACE[family]);
  if (named.isEmpty()) return "none";
  if (named.covers(FAMILY_SPACE[family])) return "all";
  const own = host.hostAddresses?.intersect(FAMILY_SPACE[family]) ?? IntervalSet.EMPTY;
  if (own.isEmpty()) return "some";
  if (named.covers(own)) return "all";
  return named.overlaps(own) ? "some" : "none";
}

/** The sources whose packets a rule may match on their way to the host, and whether it matches all of them there. */
interface HostSlice {
  readonly sources: IntervalSet;
  readonly whole: boolean;
}

/**
 * A rule's destinations split by address family into the sources it matches wholly and those it
 * may match in part; families it never matches are left out. A rule that could not be fully read
 * is taken to match in part even where its destinations leave the host out.
 */
function hostSlices(destinations: IntervalSet, host: HostContext, doubtful = false): HostSlice[] {
  const sources = (whole: boolean) =>
    FAMILIES.filter((family) => {
      const match = matchHost(destinations, host, family);
      return whole ? match === "all" : match === "some" || (doubtful && match === "none");
    }).reduce((acc, family) => acc.union(FAMILY_SPACE[family]), IntervalSet.EMPTY);
  return [{ sources: sources(true), whole: true }, { sources: sources(false), whole: false }].filter((slice) => !slice.sources.isEmpty());
}

/**
 * Why a blocking rule whose destinations (of each direction) leave out the host's addresses of one
 * family drops none of that family's traffic to it; `matched` is the traffic the rule names from
 * the given sources, so the note is given only where that traffic is judged.
 */
function missedFamilyNote(label: string, destinations: readonly IntervalSet[], host: HostContext, matched: (sources: IntervalSet) => Traffic): RuleNote[] {
  const missed = FAMILIES.filter((family) => destinations.every((to) => matchHost(to, host, family) === "none"));
  if (missed.length !== 1) return [];
  const name = FAMILY_NAME[missed[0]];
  return [{ traffic: matched(FAMILY_SPACE[missed[0]]), text: `${label} drops no ${name} traffic to the host: its destinations hold none of the host's ${name} addresses, and a packet matches only where its destination address is among them` }];
}

/** TCP/UDP are filtered by port; every other protocol a rule names is matched on all its traffic. */
function portedTraffic(protocols: IntervalSet, ports: IntervalSet, sources: IntervalSet): Traffic {
  const ported = TCP_AND_UDP;
  return Traffic.box(protocols.intersect(ported), ports, sources).union(Traffic.box(protocols.subtract(ported), ALL_PORTS, sources));
}

// ---------------------------------------------------------------- rule groups

export interface RuleGroupReading {
  readonly view: ResourceView;
  readonly kind: "stateless" | "stateful" | "unknown";
  readonly ipVariables: Variables;
  readonly portVariables: Variables;
  readonly stateless: readonly unknown[];
  readonly stateful: readonly ParsedRule[];
  /** Why some of its rules could not be read: it may pass anything. */
  readonly unreadable: readonly Doubt[];
  readonly doubts: readonly Doubt[];
}

/**
 * Rule variables by name. One definition that cannot be read makes the whole variable unreadable
 * (undefined): a pass rule using it may pass more than the rest say, a drop may drop less.
 */
function variables(defs: unknown, setKey: string, literal: (t: string) => IntervalSet | undefined, doubts: Doubt[], where: string): Map<string, IntervalSet | undefined> {
  const out = new Map<string, IntervalSet | undefined>();
  listOf(defs).forEach((entry, i) => {
    const key = reveal(own(entry, "key"));
    let set: IntervalSet | undefined = IntervalSet.EMPTY;
    for (const d of listOf(path(entry, setKey, "definitions"))) {
      const parsed = typeof reveal(d) === "string" ? literal(reveal(d) as string) : undefined;
      if (parsed) set = set?.union(parsed);
      else {
        doubts.push(malformedDoubt({ path: `${where}[${i}]`, value: d }, `holds ${describe(d)}, which is not understood`));
        set = undefined;
      }
    }
    if (typeof key === "string") out.set(key, set);
  });
  return out;
}

function portDefinition(text: string): IntervalSet | undefined {
  const result = portSet(text, new Map());
  return result.ok ? result.set : undefined;
}

/** The 5-tuple form of a stateful rule, written as the Suricata rule it stands for (the parser folds case). */
function fiveTuple(rule: unknown, i: number): ParsedRule {
  const header = own(rule, "header");
  const text = (k: string) => String(reveal(own(header, k)) ?? "");
  const direction = text("direction").toUpperCase() === "ANY" ? "<>" : "->";
  const opts = listOf(own(rule, "ruleOptions")).map((o) => `${reveal(own(o, "keyword"))}${listOf(own(o, "settings")).length ? `:${listOf(own(o, "settings")).map(reveal).join(",")}` : ""};`);
  const action = String(reveal(own(rule, "action")) ?? "");
  const line = `${action} ${text("protocol")} ${text("source")} ${text("sourcePort")} ${direction} ${text("destination")} ${text("destinationPort")} (${opts.join("")})`;
  return parseRules(line).map((p) => (p.ok ? { ok: true as const, rule: { ...p.rule, line: i + 1 } } : { ...p, line: i + 1 }))[0];
}

/**
 * A property holding a group's rules, as text or a list: its value, or undefined when unset. One
 * unknown at preview (or holding an unknown) is a doubt, which keeps the whole firewall from
 * credit until the update; one set but unreadable (a secret the document does not carry) may hold
 * a pass of anything, so it goes to `unreadable`.
 */
function rulesValue(f: Field, kind: "text" | "list", doubts: Doubt[], unreadable: Doubt[]): unknown {
  if (isUnset(f.value)) return undefined;
  const value = reveal(f.value);
  if (holdsUnknown(value)) doubts.push(unknownDoubt(f));
  else if (kind === "text" ? typeof value === "string" : Array.isArray(value)) return value;
  else unreadable.push(malformedDoubt(f, `is ${describe(f.value)}, which cannot be read as rules`));
  return undefined;
}

export function readRuleGroup(view: ResourceView): RuleGroupReading {
  const doubts: Doubt[] = [];
  const unreadable: Doubt[] = [];
  const type = reveal(own(view.props, "type"));
  const group = own(view.props, "ruleGroup");
  const source = own(group, "rulesSource");
  const statelessLists = field(source, "statelessRulesAndCustomActions", "ruleGroup.rulesSource.");
  for (const f of [field(view.props, "ruleGroup"), field(group, "rulesSource", "ruleGroup."), statelessLists]) {
    if (isUnknown(f.value)) doubts.push(unknownDoubt(f));
    else if (!isUnset(f.value) && !isRecord(f.value)) unreadable.push(malformedDoubt(f, `is ${describe(f.value)}, which cannot be read as rules`));
  }
  // The provider writes the one left unset as "" or null.
  const textField = [field(source, "rulesString", "ruleGroup.rulesSource."), field(view.props, "rules")].find((f) => !isUnset(f.value));
  const text = textField && rulesValue(textField, "text", doubts, unreadable);
  const tuples = rulesValue(field(source, "statefulRules", "ruleGroup.rulesSource."), "list", doubts, unreadable);
  const statelessRules = rulesValue(field(reveal(statelessLists.value), "statelessRules", `${statelessLists.path}.`), "list", doubts, unreadable);
  const vars = own(group, "ruleVariables");
  return {
    view,
    kind: type === "STATELESS" ? "stateless" : type === "STATEFUL" ? "stateful" : "unknown",
    ipVariables: variables(own(vars, "ipSets"), "ipSet", parseAddressBlock, doubts, "ruleGroup.ruleVariables.ipSets"),
    portVariables: variables(own(vars, "portSets"), "portSet", portDefinition, doubts, "ruleGroup.ruleVariables.portSets"),
    stateless: listOf(statelessRules),
    stateful: [...(typeof text === "string" ? parseRules(text) : []), ...listOf(tuples).map(fiveTuple)],
    unreadable,
    doubts,
  };
}

// ---------------------------------------------------------------- stateless rules

function statelessVerdict(actions: unknown[]): RuleVerdict | undefined {
  const names = actions.map(reveal);
  if (names.includes("aws:drop")) return "block";
  if (names.includes("aws:pass")) return "pass";
  if (names.includes("aws:forward_to_sfe")) return "continue";
  return undefined;
}

/** The union of what each entry reads as; all of `all` for an empty list; undefined if one entry is unreadable. */
function entriesUnion(entries: unknown[], all: IntervalSet, read: (entry: unknown) => IntervalSet | undefined): IntervalSet | undefined {
  if (entries.length === 0) return all;
  let set = IntervalSet.EMPTY;
  for (const entry of entries) {
    const part = read(entry);
    if (!part) return undefined;
    set = set.union(part);
  }
  return set;
}

function addressEntry(entry: unknown): IntervalSet | undefined {
  const text = reveal(own(entry, "addressDefinition"));
  return typeof text === "string" ? parseAddressBlock(text) : undefined;
}

function portEntry(entry: unknown): IntervalSet | undefined {
  const from = reveal(own(entry, "fromPort"));
  // An unset toPort is written as 0 (or null): the range is the one port.
  const written = reveal(own(entry, "toPort"));
  const to = isUnset(written) || (written === 0 && typeof from === "number" && from > 0) ? from : written;
  if (typeof from !== "number" || typeof to !== "number" || from > to || from < 0 || to > 65535) return undefined;
  return IntervalSet.range(from, to);
}

/** A stateless rule as filter rules for traffic towards the host, one per part its destinations match wholly or in part. */
function statelessFilterRules(rule: unknown, groupName: string, groupPriority: number, host: HostContext, notes: RuleNote[]): FilterRule[] {
  const written = own(rule, "priority");
  const priority = reveal(written);
  const definition = own(rule, "ruleDefinition");
  const match = own(definition, "matchAttributes");
  const doubts: Doubt[] = [];
  const label = `stateless rule ${typeof priority === "number" ? priority : describe(written)} of rule group "${groupName}"`;
  const verdict = statelessVerdict(listOf(own(definition, "actions")));
  if (!verdict) doubts.push(malformedDoubt({ path: label, value: undefined }, "has no aws:pass, aws:drop or aws:forward_to_sfe action; read as aws:pass"));
  // Where it stands among the others is not known: first for what it may pass, no credit for what it may drop.
  if (typeof priority !== "number") doubts.push(malformedDoubt({ path: label, value: undefined }, "has a priority that is not a number"));
  const protocols = listOf(own(match, "protocols")).map(reveal);
  const protocolsRead = protocols.every((p) => Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 255);
  // No protocols means all of them; one that cannot be read may be any of them.
  const protocolSet = protocols.length === 0 || !protocolsRead ? ALL_PROTOCOLS : IntervalSet.of(...protocols.map((p) => [BigInt(p as number), BigInt(p as number)] as const));
  const sources = entriesUnion(listOf(own(match, "sources")), ALL_ADDRESSES, addressEntry);
  const destinations = entriesUnion(listOf(own(match, "destinations")), ALL_ADDRESSES, addressEntry);
  const ports = entriesUnion(listOf(own(match, "destinationPorts")), ALL_PORTS, portEntry);
  if (!sources || !destinations || !ports || !protocolsRead) doubts.push(malformedDoubt({ path: label, value: undefined }, "has match attributes that cannot be read"));
  const narrowed = listOf(own(match, "sourcePorts")).length > 0 || listOf(own(match, "tcpFlags")).length > 0;
  if (verdict === "block" && destinations && doubts.length === 0) notes.push(...missedFamilyNote(label, [destinations], host, (from) => portedTraffic(protocolSet, ports ?? ALL_PORTS, (sources ?? ALL_ADDRESSES).intersect(from))));
  // Unreadable destinations may be any: the rule may match in part, never wholly.
  const slices = destinations ? hostSlices(destinations, host, doubts.length > 0) : [{ sources: ALL_ADDRESSES, whole: false }];
  return slices.map((slice) => ({
    order: typeof priority === "number" ? groupPriority * STATELESS_PRIORITIES + priority : -Infinity,
    verdict: verdict ?? "pass",
    traffic: portedTraffic(protocolSet, ports ?? ALL_PORTS, (sources ?? ALL_ADDRESSES).intersect(slice.sources)),
    exact: slice.whole && !narrowed,
    label,
    doubts,
  }));
}

// ---------------------------------------------------------------- stateful rules

const PROTOCOLS: Record<string, { numbers: IntervalSet; portless: boolean; exact: boolean }> = {
  tcp: { numbers: TCP_ONLY, portless: false, exact: true },
  udp: { numbers: UDP_ONLY, portless: false, exact: true },
  icmp: { numbers: IntervalSet.range(1, 1), portless: true, exact: true },
  ip: { numbers: ALL_PROTOCOLS, portless: true, exact: true },
};
/** Application-layer protocols match only some TCP/UDP flows. */
const APP_LAYER = TCP_AND_UDP;
/**
 * Suricata matches an `ip` rule whose source or destination port is not `any` only on packets
 * that carry ports - TCP, UDP and SCTP - to those ports (OISF/suricata bug #611, PR #872).
 */
const PORTED_IP = { numbers: IntervalSet.of([BigInt(TCP), BigInt(TCP)], [BigInt(UDP), BigInt(UDP)], [BigInt(SCTP), BigInt(SCTP)]), portless: false, exact: true };

function protocolOf(rule: SuricataRule) {
  const namesPorts = [rule.sourcePort, rule.destinationPort].some((port) => port.toLowerCase() !== "any");
  if (rule.protocol === "ip" && namesPorts) return PORTED_IP;
  return PROTOCOLS[rule.protocol] ?? { numbers: APP_LAYER, portless: false, exact: false };
}

/** Options that do not narrow which packets a rule matches. */
const NEUTRAL_OPTIONS = new Set(["msg", "sid", "rev", "gid", "classtype", "priority", "metadata", "reference", "target", "noalert"]);
const NEUTRAL_FLOW = new Set(["to_server", "from_client", "stateless"]);

function optionsNarrow(rule: SuricataRule): boolean {
  return rule.options.some((o) => {
    if (o.keyword === "flow") return o.value.split(",").some((v) => !NEUTRAL_FLOW.has(v.trim().toLowerCase()));
    return !NEUTRAL_OPTIONS.has(o.keyword);
  });
}

function ruleName(rule: SuricataRule, groupName: string): string {
  const sid = rule.options.find((o) => o.keyword === "sid")?.value;
  return `rule ${sid ? `sid ${sid}` : `#${rule.line}`} (${rule.action}) of rule group "${groupName}"`;
}

export interface StatefulContext {
  readonly host: HostContext;
  /** Where the reading of a rule leaves something for the reviewer to know. */
  readonly ruleNotes: RuleNote[];
  readonly ipVariables: Variables;
  readonly portVariables: Variables;
  /** The stateful reference overrides DROP to ALERT: its drops decide nothing. */
  readonly dropToAlert: boolean;
  readonly order: (verdict: RuleVerdict, position: number) => number;
}

/**
 * A stateful rule as filter rules for traffic towards the host: one for its own direction and,
 * for "<>", one for the reverse, where the packet's destination port is the rule's source port.
 */
function statefulRule(parsed: ParsedRule, position: number, groupName: string, ctx: StatefulContext): FilterRule[] {
  if (!parsed.ok) {
    const action = parsed.text.trim().split(/\s+/)[0].toLowerCase();
    const doubt: Doubt = { kind: "malformed", field: `rule group "${groupName}" line ${parsed.line}`, detail: `rule at line ${parsed.line} of rule group "${groupName}" cannot be parsed (${parsed.reason})` };
    const label = `rule at line ${parsed.line} of rule group "${groupName}"`;
    // An unreadable rule that can only block is left out; one that may pass is read as passing everything.
    // (It never acts, being doubtful; its traffic says what it might have matched, for the notes.)
    if (["drop", "reject", "rejectsrc", "rejectdst", "rejectboth", "alert"].includes(action)) return [{ order: ctx.order("block", position), verdict: "block", traffic: EVERYTHING, exact: false, label, doubts: [doubt] }];
    return [{ order: -Infinity, verdict: "pass", traffic: EVERYTHING, exact: false, label, doubts: [doubt] }];
  }
  const rule = parsed.rule;
  if (rule.action === "alert" || (ctx.dropToAlert && rule.action !== "pass")) return [];
  const verdict: RuleVerdict = rule.action === "pass" ? "pass" : "block";
  const protocol = protocolOf(rule);
  const parts = [addressSet(rule.source, ctx.ipVariables), portSet(rule.sourcePort, ctx.portVariables), addressSet(rule.destination, ctx.ipVariables), portSet(rule.destinationPort, ctx.portVariables)];
  const failure = parts.find((r) => !r.ok) as { ok: false; reason: string } | undefined;
  if (failure) return statefulRule({ ok: false, line: rule.line, text: rule.action, reason: failure.reason }, position, groupName, ctx);
  const [srcAddrs, srcPorts, dstAddrs, dstPorts] = parts.map((r) => (r as { set: IntervalSet }).set);
  const directions = [{ from: srcAddrs, fromPorts: srcPorts, to: dstAddrs, toPorts: dstPorts }, ...(rule.bidirectional ? [{ from: dstAddrs, fromPorts: dstPorts, to: srcAddrs, toPorts: srcPorts }] : [])];
  const matched = (from: IntervalSet) => unionOf(directions.map((d) => Traffic.box(protocol.numbers, protocol.portless ? ALL_PORTS : d.toPorts, d.from.intersect(from))));
  if (verdict === "block") ctx.ruleNotes.push(...missedFamilyNote(ruleName(rule, groupName), directions.map((d) => d.to), ctx.host, matched));
  return directions.flatMap((d) =>
    hostSlices(d.to, ctx.host).map((slice) => {
      // The remote end picks its source port: a rule that names some only matches part of the traffic.
      const exact = protocol.exact && slice.whole && d.fromPorts.covers(ALL_PORTS) && !optionsNarrow(rule);
      const ports = protocol.portless ? ALL_PORTS : d.toPorts;
      return { order: ctx.order(verdict, position), verdict, traffic: Traffic.box(protocol.numbers, ports, d.from.intersect(slice.sources)), exact, label: ruleName(rule, groupName), doubts: [] };
    }),
  );
}

// ---------------------------------------------------------------- policies

export interface GroupReference {
  readonly field: Field;
  readonly priority: number;
  readonly dropToAlert: boolean;
}

export interface PolicyReading {
  readonly view: ResourceView;
  readonly stateless: readonly GroupReference[];
  readonly stateful: readonly GroupReference[];
  readonly statelessDefault: RuleVerdict;
  /** statelessFragmentDefaultActions: what becomes of a UDP fragment no stateless rule matches. */
  readonly fragmentDefault: RuleVerdict;
  readonly strictOrder: boolean;
  readonly dropStrict: boolean;
  /** The policy's rule variables (AWS takes HOME_NET from them); an undefined value could not be read. */
  readonly policyVariables: Variables;
  readonly doubts: readonly Doubt[];
}

/**
 * A policy's references to its rule groups, in order. Where the order uses their priorities, one
 * unknown at preview (or unreadable) is a doubt on the policy, as which group decides first is not
 * known; so is an override that cannot be read, as the group's drops may only alert.
 */
function references(policy: unknown, key: string, usesPriority: boolean, doubts: Doubt[]): GroupReference[] {
  return listOf(own(policy, key)).map((ref, i) => {
    const prefix = `firewallPolicy.${key}[${i}].`;
    const priority = field(ref, "priority", prefix);
    const override = field(ref, "override", prefix);
    const action = field(reveal(override.value), "action", `${override.path}.`);
    if (usesPriority && typeof reveal(priority.value) !== "number" && !isUnset(priority.value)) doubts.push(doubtOf(priority, "is not a number"));
    if (isUnknown(override.value)) doubts.push(unknownDoubt(override));
    else if (!isUnset(action.value) && typeof reveal(action.value) !== "string") doubts.push(doubtOf(action, "cannot be read"));
    return { field: field(ref, "resourceArn", prefix), priority: typeof reveal(priority.value) === "number" ? (reveal(priority.value) as number) : i, dropToAlert: reveal(action.value) === "DROP_TO_ALERT" };
  });
}

/** Default actions; none readable: the packet may be passed. */
function defaultAction(actions: unknown): RuleVerdict {
  const names = listOf(actions).map(reveal);
  return names.includes("aws:drop") ? "block" : names.includes("aws:forward_to_sfe") ? "continue" : "pass";
}

export function readFirewallPolicy(view: ResourceView): PolicyReading {
  const policy = own(view.props, "firewallPolicy");
  const doubts: Doubt[] = isUnknown(policy) ? [unknownDoubt({ path: "firewallPolicy", value: policy })] : [];
  const policyVariables = variables(path(policy, "policyVariables", "ruleVariables"), "ipSet", parseAddressBlock, doubts, "firewallPolicy.policyVariables.ruleVariables");
  const strictOrder = reveal(path(policy, "statefulEngineOptions", "ruleOrder")) === "STRICT_ORDER";
  return {
    view,
    stateless: references(policy, "statelessRuleGroupReferences", true, doubts),
    stateful: references(policy, "statefulRuleGroupReferences", strictOrder, doubts),
    statelessDefault: defaultAction(own(policy, "statelessDefaultActions")),
    fragmentDefault: defaultAction(own(policy, "statelessFragmentDefaultActions")),
    strictOrder,
    dropStrict: listOf(own(policy, "statefulDefaultActions")).map(reveal).includes("aws:drop_strict"),
    policyVariables,
    doubts,
  };
}

/** A group whose rules could not all be read may pass anything, first: it earns the firewall no credit for what it may pass. */
function unreadableRules(group: RuleGroupReading): FilterRule[] {
  if (group.unreadable.length === 0) return [];
  return [{ order: -Infinity, verdict: "pass", traffic: EVERYTHING, exact: false, label: `the rules of rule group "${group.view.name}"`, doubts: group.unreadable }];
}

/** A policy's reference to a rule group, and the group where the stack holds it (one shared from another account, or AWS managed, it does not). */
export interface ReferencedGroup {
  readonly ref: GroupReference;
  readonly group?: RuleGroupReading;
}

/**
 * AWS managed rule groups (threat signatures, domain and IP lists, active threat defense) drop,
 * reject or alert on the threats they name ("AWS managed rule groups in AWS Network Firewall"); none
 * lets through what another group drops.
 */
export function isAwsManagedGroup(arn: unknown): boolean {
  return typeof arn === "string" && /^arn:aws[\w-]*:network-firewall:[^:]*:aws-managed:/.test(arn);
}

/**
 * A group the stack does not hold may pass anything where it stands in the evaluation order:
 * nothing after it earns the firewall credit (in default action order, a pass of any group comes
 * before every drop). An AWS managed group never passes, so it takes nothing away.
 */
function groupOutsideStack(ref: GroupReference, order: number): FilterRule[] {
  const arn = reveal(ref.field.value);
  if (isAwsManagedGroup(arn)) return [];
  return [{ order, verdict: "pass", traffic: EVERYTHING, exact: false, label: `rule group ${display(arn)} (not in this stack)`, doubts: [] }];
}

/** Where a stateful rule stands: default action order puts every pass before any drop; strict order, group priority, then rule order. */
const statefulOrder = (policy: PolicyReading, ref: GroupReference) => (verdict: RuleVerdict, position: number) =>
  policy.strictOrder ? ref.priority * 1e6 + position : verdict === "pass" ? 0 : 1;

/**
 * The firewall's decision procedure for traffic to one host, from its policy and the rule
 * groups the policy references (already resolved, in reference order).
 */
export function firewallSpec(
  name: string,
  policy: PolicyReading,
  stateless: readonly ReferencedGroup[],
  stateful: readonly ReferencedGroup[],
  host: HostContext,
  extraDoubts: readonly Doubt[],
): FirewallSpec {
  const notes: string[] = [];
  const ruleNotes: RuleNote[] = [];
  const statelessRules = stateless.flatMap(({ ref, group }) =>
    group ? [...unreadableRules(group), ...group.stateless.flatMap((r) => statelessFilterRules(r, group.view.name, ref.priority, host, ruleNotes))] : groupOutsideStack(ref, ref.priority * STATELESS_PRIORITIES),
  );
  // AWS's HOME_NET: the group's own, else the policy's, else the firewall VPC's CIDR. A group's
  // EXTERNAL_NET, where it sets none, is the policy's: the negation of the policy's HOME_NET,
  // whatever HOME_NET the group sets ("Limitations and caveats for stateful rules").
  const vpcCidr = host.vpcCidr instanceof IntervalSet ? host.vpcCidr : undefined;
  const homeNet = policy.policyVariables.has("HOME_NET") ? [policy.policyVariables.get("HOME_NET")] : vpcCidr ? [vpcCidr] : [];
  const externalNet = homeNet.map((home) => home && ALL_ADDRESSES.subtract(home));
  const statefulRules = stateful.flatMap(({ ref, group }) => {
    if (!group) return groupOutsideStack(ref, statefulOrder(policy, ref)("pass", -1));
    const ipVariables = new Map(group.ipVariables);
    if (!ipVariables.has("HOME_NET") && homeNet.length > 0) ipVariables.set("HOME_NET", homeNet[0]);
    if (!ipVariables.has("EXTERNAL_NET") && externalNet.length > 0) ipVariables.set("EXTERNAL_NET", externalNet[0]);
    const why = host.vpcCidr && "unsure" in host.vpcCidr ? host.vpcCidr.unsure : "no rule variable, no policy variable, no VPC CIDR in this stack";
    if (!ipVariables.has("HOME_NET")) notes.push(`HOME_NET of rule group "${group.view.name}" is not known (${why}), so rules using it earn no credit`);
    else if (!ipVariables.has("EXTERNAL_NET")) notes.push(`EXTERNAL_NET of rule group "${group.view.name}" is not known: a group that sets none takes the policy's, the negation of the policy's HOME_NET, which is not known (${why}), so rules using it earn no credit`);
    const ctx: StatefulContext = {
      host,
      ruleNotes,
      ipVariables,
      portVariables: group.portVariables,
      dropToAlert: ref.dropToAlert,
      order: statefulOrder(policy, ref),
    };
    return [...unreadableRules(group), ...group.stateful.flatMap((r, i) => statefulRule(r, i, group.view.name, ctx))];
  });
  const doubts = [...policy.doubts, ...extraDoubts, ...[...stateless, ...stateful].flatMap(({ group }) => group?.doubts.filter((d) => d.kind === "unknown") ?? [])];
  return {
    name,
    stateless: statelessRules,
    statelessDefault: policy.statelessDefault,
    statelessDefaultLabel: `the stateless default action (aws:drop) of firewall policy "${policy.view.name}"`,
    fragmentsPass:
      policy.fragmentDefault === "pass"
        ? `firewall policy "${policy.view.name}" passes UDP packet fragments that no stateless rule matches (its statelessFragmentDefaultActions has no aws:drop or aws:forward_to_sfe), unseen by the stateful engine, so UDP sent in fragments gets through`
        : undefined,
    stateful: statefulRules,
    statefulDefault: policy.strictOrder && policy.dropStrict ? "block" : "pass",
    statefulDefaultLabel: `the stateful default action (aws:drop_strict) of firewall policy "${policy.view.name}"`,
    doubts,
    notes,
    ruleNotes,
  };
}
