import { ALL_ADDRESSES, parseAddressBlock } from "../../model/addresses";
import type { FilterRule } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, ANY_PROTOCOL, TCP, UDP, type Doubt, type InboundRule, type Origin, type ProtocolMatch, type Source } from "../../model/rule";
import { ALL_PROTOCOLS, Traffic } from "../../model/traffic";
import { describe, display, isUnknown, reveal, Secret } from "../../model/values";
import { field, isUnset, listField, malformedDoubt, unknownDoubt, type Field, unresolved } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";
import type { Link, Prefixes } from "./links";
import type { RoutePrefix } from "./routes";
import { CLASSIC, NATIVE } from "./types";

/**
 * Azure network security group rules ("Network security groups: how they work"): inbound rules by
 * ascending priority 100-4096, first match wins. Inline rules of both providers and standalone
 * rule resources share one rule shape; only the application-security-group field differs.
 */
export interface NsgRule {
  /** The rule as an opening: what it lets in when it is an allow. */
  readonly rule: InboundRule;
  /** The rule's own name, for labels. */
  readonly name: string;
  /** Ascending evaluation order; -Infinity when unreadable (evaluated first, crediting nothing). */
  readonly priority: number;
  readonly priorityDoubts: readonly Doubt[];
  /** False only for a readable "Deny"; an unreadable access may be an allow (rule.doubts says why). */
  readonly allows: boolean;
  /** Sources read wider than they are: public service tags, whose addresses only Azure knows. */
  readonly approximate: readonly Source[];
  /** The source ports it is limited to, as written; undefined for every source port. */
  readonly sourcePorts?: string;
  readonly destination: Destination;
  /** What each source matches among the virtual network's own addresses. */
  readonly inside: readonly InsideMatch[];
  /** The sources that are the VirtualNetwork tag, which user-defined routes widen. */
  readonly vnetSources: readonly Source[];
}

/**
 * What a source matches among the virtual network's own addresses, such as the private one Azure
 * Firewall gives the traffic it forwards by DNAT: all of them (*, Any, VirtualNetwork), none
 * (Internet, AzureLoadBalancer, an application security group, which holds network interfaces
 * only), those of a block, or it cannot be told (a public service tag, a value that cannot be read).
 */
export type InsideMatch = { readonly kind: "every" | "none" | "unsure" } | { readonly kind: "block"; readonly addresses: IntervalSet };

/**
 * The hosts a rule applies to. NSGs evaluate inbound rules after a public IP is translated to the
 * host's private one ("Network security groups: how they work"), so its destination is compared
 * with the host's private address.
 */
export interface Destination {
  /** *, Any or VirtualNetwork: every host of the network (so is a rule naming none). */
  readonly everyHost: boolean;
  /** The addresses and blocks it names. */
  readonly blocks: IntervalSet;
  /** The application security groups it names: the rule applies to the IP configurations that are their members. */
  readonly groups?: GroupLinks;
  /** It also names what cannot be compared with an address: a service tag, a value unknown or unreadable. */
  readonly unsure: boolean;
  readonly text: string;
}

/** Application security groups a rule names, with the resource that names them: its dependencies link them while ids are unknown at preview. */
export interface GroupLinks {
  readonly owner: ResourceView;
  readonly links: readonly Link[];
  /**
   * The property holds these links and nothing else (a standalone rule's destination groups), so
   * the engine's dependencies of it, which it records per top-level property, are their groups.
   * An NSG's inline rules share securityRules with everything else the rules say.
   */
  readonly dedicated: boolean;
}

/** Whether something holds every one of a host's addresses (or IP configurations), none of them, or it cannot be told. */
export type Holds = "all" | "none" | "unsure";

/** Whether a host's IP configurations are members of some groups, and, where that cannot be told, why, and the value unknown at preview it waits on. */
export interface Membership {
  readonly holds: Holds;
  readonly why?: string;
  readonly doubt?: Doubt;
}

/** The host a rule is judged for, and its private addresses when the stack shows them (else its subnet's prefixes). */
export interface RuleTarget {
  readonly name: string;
  readonly addresses?: Prefixes;
  /** What the VirtualNetwork tag holds for the host beyond the network itself: its subnet's route prefixes. */
  readonly virtualNetwork?: RoutePrefix;
  /** Whether the host's IP configurations are members of the groups; "unsure" where that is not given. */
  readonly inGroups?: (groups: GroupLinks) => Membership;
}

/** How a destination stands to the host: whether it holds it, and where that cannot be told, why and what it waits on at preview. */
export interface DestinationHold {
  readonly holds: Holds;
  /** For a message: "its destination (...) may not include ..."; only where it is unsure. */
  readonly why?: string;
  readonly doubts: readonly Doubt[];
}

/** Whether a destination holds the host: every private address (or IP configuration) of it, none, or it cannot be told. */
export function destinationHold(d: Destination, target: RuleTarget | undefined): DestinationHold {
  const host = target?.addresses;
  const membership = d.groups && target?.inGroups?.(d.groups);
  const groups = d.groups ? (membership?.holds ?? "unsure") : "none";
  if (d.everyHost || groups === "all" || (host !== undefined && d.blocks.covers(host.addresses))) return { holds: "all", doubts: [] };
  // Blocks can miss a host whose address is not known only when there are none.
  const blocksMiss = host !== undefined ? !d.blocks.overlaps(host.addresses) : d.blocks.isEmpty();
  if (!d.unsure && groups === "none" && blocksMiss) return { holds: "none", doubts: [] };
  return { holds: "unsure", why: destinationDoubt(d, target, membership?.why), doubts: membership?.doubt ? [membership.doubt] : [] };
}

const EVERY: InsideMatch = { kind: "every" };
const NONE: InsideMatch = { kind: "none" };
const UNSURE: InsideMatch = { kind: "unsure" };

const PROTOCOLS: Record<string, number> = { tcp: TCP, udp: UDP, icmp: 1, esp: 50, ah: 51 };
/** "*": every protocol, but TCP and UDP still only on the rule's ports. */
const STAR_PROTOCOL: ProtocolMatch = { label: "any", numbers: ALL_PROTOCOLS, portless: false };
/** Prefixes naming every internet address, and what each matches inside the virtual network. */
const EVERY_SOURCE = new Map([
  ["*", EVERY],
  ["any", EVERY],
  ["internet", NONE],
]);
const INTERNAL_TAGS = new Map([
  ["virtualnetwork", EVERY],
  ["azureloadbalancer", NONE],
]);
/** Destinations holding every host of the network. */
const EVERY_HOST = new Set(["*", "any", "virtualnetwork"]);
/** Service tags are names, optionally regional: AzureCloud, Storage.WestEurope, AzureMonitor.EastUS2. */
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
const MIN_PRIORITY = 100;
const MAX_PRIORITY = 4096;

/** `every`: how the resource spells every protocol (an NSG rule "*", a security admin rule "Any"). */
export function readProtocol(f: Field, every = "*"): { protocol: ProtocolMatch; doubts: Doubt[] } {
  if (isUnknown(f.value)) return { protocol: { ...ANY_PROTOCOL, label: "protocol unknown at preview" }, doubts: [unknownDoubt(f)] };
  const text = reveal(f.value);
  const lower = typeof text === "string" ? text.toLowerCase() : undefined;
  if (lower === every.toLowerCase()) return { protocol: STAR_PROTOCOL, doubts: [] };
  if (lower !== undefined && Object.hasOwn(PROTOCOLS, lower)) {
    const n = PROTOCOLS[lower];
    return { protocol: { label: lower, numbers: IntervalSet.range(n, n), portless: n !== TCP && n !== UDP }, doubts: [] };
  }
  const problem = `is ${describe(f.value)}, not a protocol Azure accepts (Tcp, Udp, Icmp, Esp, Ah or ${every})`;
  return { protocol: { ...ANY_PROTOCOL, label: "unreadable protocol" }, doubts: [malformedDoubt(f, problem)] };
}

/** "*", "50001" or "50000-59999". */
function portSpan(text: unknown): IntervalSet | undefined {
  if (text === "*") return ALL_PORTS;
  const match = typeof text === "string" ? /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text) : null;
  if (!match) return undefined;
  const [lo, hi] = [Number(match[1]), Number(match[2] ?? match[1])];
  return lo <= hi && hi <= 65535 ? IntervalSet.range(lo, hi) : undefined;
}

export function readPorts(protocol: ProtocolMatch, single: Field, list: readonly Field[]): { ports: IntervalSet; doubts: Doubt[] } {
  if (protocol.portless) return { ports: ALL_PORTS, doubts: [] };
  const given = [...(isUnset(single.value) ? [] : [single]), ...list];
  if (given.length === 0) return { ports: ALL_PORTS, doubts: [malformedDoubt(single, `and ${single.path}s are both missing; read as every port`)] };
  const doubts: Doubt[] = isUnset(single.value) || list.length === 0 ? [] : [malformedDoubt(single, `and ${single.path}s are both set (Azure takes one); read as their union`)];
  let ports = IntervalSet.EMPTY;
  for (const f of given) {
    const span = f.problem || isUnknown(f.value) ? undefined : portSpan(reveal(f.value));
    if (span) ports = ports.union(span);
    else {
      ports = ALL_PORTS;
      doubts.push(isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, f.problem ?? `is ${describe(f.value)}, not a port, a range a-b or *`));
    }
  }
  return { ports, doubts };
}


/** One address prefix: any address, an internal tag, a block, or a public service tag (read as any address). */
export function prefixSource(f: Field): { source: Source; approximate: boolean; inside: InsideMatch; virtualNetwork?: boolean } {
  if (f.problem) return { source: unresolved(f, malformedDoubt(f, f.problem)), approximate: false, inside: UNSURE };
  if (isUnknown(f.value)) return { source: unresolved(f, unknownDoubt(f)), approximate: false, inside: UNSURE };
  const text = reveal(f.value);
  if (typeof text === "string") {
    const lower = text.toLowerCase();
    const every = EVERY_SOURCE.get(lower);
    if (every) return { source: { kind: "cidr", text: display(f.value), addresses: ALL_ADDRESSES }, approximate: false, inside: every };
    const internal = INTERNAL_TAGS.get(lower);
    if (internal) return { source: { kind: "internal", text: display(f.value) }, approximate: false, inside: internal, virtualNetwork: lower === "virtualnetwork" };
    const block = parseAddressBlock(text);
    if (block) return { source: { kind: "cidr", text: display(f.value), addresses: block }, approximate: false, inside: { kind: "block", addresses: block } };
    if (SERVICE_TAG.test(text)) return { source: { kind: "cidr", text: display(f.value), addresses: ALL_ADDRESSES }, approximate: true, inside: UNSURE };
  }
  const problem = `${describe(f.value)} is not an address, a CIDR block, * or a service tag; read as any address`;
  return { source: unresolved(f, malformedDoubt(f, problem)), approximate: false, inside: UNSURE };
}

/** A value as a message shows it: secrets hidden, unknowns said. */
const written = (value: unknown) => (isUnknown(value) ? "(unknown at preview)" : display(value));

/** An application security group's id: an object with an id in azure-native, the id itself in the classic provider. */
const asgId = (f: Field) => (isRecord(f.value) ? own(f.value, "id") : f.value);
const asgText = (id: unknown) => `application security group ${written(id)}`;

function asgSource(f: Field): { source: Source; inside: InsideMatch } {
  if (f.problem) return { source: unresolved(f, malformedDoubt(f, f.problem)), inside: UNSURE };
  return { source: { kind: "internal", text: asgText(asgId(f)) }, inside: NONE };
}

interface RuleFields {
  readonly priority: Field;
  readonly access: Field;
  readonly direction: Field;
  readonly protocol: Field;
  readonly prefix: Field;
  readonly prefixes: readonly Field[];
  readonly groups: readonly Field[];
  readonly portRange: Field;
  readonly portRanges: readonly Field[];
  readonly sourcePorts: readonly Field[];
  readonly destinations: readonly Field[];
  readonly destinationGroups: readonly Field[];
  /** The top-level property holding the destination groups: what the engine records their dependencies under. */
  readonly destinationGroupsKey: string;
}

function fieldsOf(object: unknown, prefix: string, groupsKey: GroupsKeys): RuleFields {
  const f = (key: string) => field(object, key, prefix);
  const list = (key: string) => listField(object, key, prefix);
  return {
    priority: f("priority"),
    access: f("access"),
    direction: f("direction"),
    protocol: f("protocol"),
    prefix: f("sourceAddressPrefix"),
    prefixes: list("sourceAddressPrefixes"),
    groups: list(groupsKey.source),
    portRange: f("destinationPortRange"),
    portRanges: list("destinationPortRanges"),
    sourcePorts: [f("sourcePortRange"), ...list("sourcePortRanges")].filter((p) => !isUnset(p.value)),
    destinations: [f("destinationAddressPrefix"), ...list("destinationAddressPrefixes")].filter((p) => !isUnset(p.value)),
    destinationGroups: list(groupsKey.destination),
    destinationGroupsKey: prefix === "" ? groupsKey.destination : prefix.slice(0, prefix.indexOf("[")),
  };
}

/** The source ports a rule is limited to; none where it takes them all ("*", 0-65535). */
function readSourcePorts(fields: readonly Field[]): string | undefined {
  if (fields.every((f) => reveal(f.value) === "*")) return undefined;
  const spans = fields.map((f) => (f.problem ? undefined : portSpan(reveal(f.value))));
  const every = spans.reduce<IntervalSet>((acc, span) => (span ? acc.union(span) : acc), IntervalSet.EMPTY).covers(ALL_PORTS);
  return fields.length === 0 || every ? undefined : fields.map((f) => written(f.value)).join(", ");
}

/** The destination nearly every rule has, read without parsing: any host. */
const ANY_DESTINATION = (text: string): Destination => ({ everyHost: true, blocks: IntervalSet.EMPTY, unsure: false, text });

/** Group fields as links to follow, under the property the engine records their dependencies by. */
const fieldLinks = (fields: readonly Field[], key: string): Link[] => fields.filter((f) => !f.problem).map((f) => ({ key, value: asgId(f), path: f.path }));

function readDestination(owner: ResourceView, prefixes: readonly Field[], groups: readonly Field[], groupsKey: string): Destination {
  const only = prefixes.length === 1 && groups.length === 0 ? reveal(prefixes[0].value) : undefined;
  if (typeof only === "string" && !prefixes[0].problem && !(prefixes[0].value instanceof Secret) && EVERY_HOST.has(only.toLowerCase())) return ANY_DESTINATION(only);
  const texts = prefixes.map((f) => {
    const v = reveal(f.value);
    return typeof v === "string" && !f.problem ? v : undefined;
  });
  const blocks = texts.map((t) => (t === undefined ? undefined : parseAddressBlock(t)));
  const links = fieldLinks(groups, groupsKey);
  // A list unknown as a whole is one link that may name several groups: its dependencies cannot be counted.
  const wholeListUnknown = groups.some((f) => isUnknown(f.value) && !f.path.endsWith("]"));
  const linked = links.length > 0 ? { owner, links, dedicated: groupsKey !== "securityRules" && !wholeListUnknown } : undefined;
  return {
    everyHost: prefixes.length + groups.length === 0 || texts.some((t) => t !== undefined && EVERY_HOST.has(t.toLowerCase())),
    blocks: blocks.reduce<IntervalSet>((acc, b) => (b ? acc.union(b) : acc), IntervalSet.EMPTY),
    ...(linked ? { groups: linked } : {}),
    unsure: blocks.some((b) => b === undefined) || groups.some((f) => f.problem),
    text: [...prefixes.map((f) => written(f.value)), ...groups.map((f) => asgText(asgId(f)))].join(", "),
  };
}

function readPriority(f: Field): { priority: number; doubts: Doubt[] } {
  const n = reveal(f.value);
  if (typeof n === "number" && Number.isInteger(n) && n >= MIN_PRIORITY && n <= MAX_PRIORITY) return { priority: n, doubts: [] };
  if (isUnknown(f.value)) return { priority: -Infinity, doubts: [unknownDoubt(f)] };
  return { priority: -Infinity, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not a priority ${MIN_PRIORITY}-${MAX_PRIORITY}`)] };
}

/** "Allow" or "Deny", any case; anything else may be an allow. */
function readAccess(f: Field): { allows: boolean; doubts: Doubt[] } {
  const v = reveal(f.value);
  const lower = typeof v === "string" ? v.toLowerCase() : undefined;
  if (lower === "allow" || lower === "deny") return { allows: lower === "allow", doubts: [] };
  return { allows: true, doubts: [isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}, not "Allow" or "Deny"; read as an allow`)] };
}

/** Outbound rules are left out; a direction that cannot be read may be inbound. */
export function readDirection(f: Field): { inbound: boolean; doubts: Doubt[] } {
  const v = reveal(f.value);
  const lower = typeof v === "string" ? v.toLowerCase() : undefined;
  if (lower === "inbound" || lower === "outbound") return { inbound: lower === "inbound", doubts: [] };
  return { inbound: true, doubts: [isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}, not "Inbound" or "Outbound"; read as inbound`)] };
}

function toNsgRule(view: ResourceView, origin: Origin, name: string, fields: RuleFields): NsgRule | undefined {
  const direction = readDirection(fields.direction);
  if (!direction.inbound) return undefined;
  const { protocol, doubts: protocolDoubts } = readProtocol(fields.protocol);
  const { ports, doubts: portDoubts } = readPorts(protocol, fields.portRange, fields.portRanges);
  const { allows, doubts: accessDoubts } = readAccess(fields.access);
  const { priority, doubts: priorityDoubts } = readPriority(fields.priority);
  const prefixes = [...(isUnset(fields.prefix.value) ? [] : [fields.prefix]), ...fields.prefixes].map(prefixSource);
  const groups = fields.groups.map(asgSource);
  const missing = prefixes.length + groups.length === 0 ? [unresolved(fields.prefix, malformedDoubt(fields.prefix, `and ${fields.prefix.path}es are both missing; read as any address`))] : [];
  return {
    rule: { origin, protocol, ports, sources: [...prefixes.map((p) => p.source), ...groups.map((g) => g.source), ...missing], doubts: [...protocolDoubts, ...portDoubts, ...accessDoubts, ...direction.doubts] },
    name,
    priority,
    priorityDoubts,
    allows,
    approximate: prefixes.filter((p) => p.approximate).map((p) => p.source),
    sourcePorts: readSourcePorts(fields.sourcePorts),
    destination: readDestination(view, fields.destinations, fields.destinationGroups, fields.destinationGroupsKey),
    inside: [...prefixes.map((p) => p.inside), ...groups.map((g) => g.inside), ...missing.map(() => UNSURE)],
    vnetSources: prefixes.filter((p) => p.virtualNetwork).map((p) => p.source),
  };
}

/**
 * AllowVnetInBound (65000), the default rule of every NSG before DenyAllInBound: every protocol and
 * port from VirtualNetwork. It admits internet sources only where user-defined routes put internet
 * prefixes in the tag.
 */
export function allowVnetInBound(view: ResourceView): NsgRule {
  const source: Source = { kind: "internal", text: "VirtualNetwork" };
  return {
    rule: { origin: { ...origin(view, "AllowVnetInBound (65000)"), identity: "AllowVnetInBound", builtIn: true }, protocol: STAR_PROTOCOL, ports: ALL_PORTS, sources: [source], doubts: [] },
    name: "AllowVnetInBound",
    priority: 65000,
    priorityDoubts: [],
    allows: true,
    approximate: [],
    destination: { everyHost: true, blocks: IntervalSet.EMPTY, unsure: false, text: "VirtualNetwork" },
    inside: [EVERY],
    vnetSources: [source],
  };
}

const origin = (view: ResourceView, rule: string): Origin => ({ urn: view.urn, type: view.type, name: view.name, rule });

/** The application-security-group field: objects with an id in azure-native, ids in the classic provider. */
interface GroupsKeys {
  readonly source: string;
  readonly destination: string;
}
const NATIVE_GROUPS: GroupsKeys = { source: "sourceApplicationSecurityGroups", destination: "destinationApplicationSecurityGroups" };
const CLASSIC_GROUPS: GroupsKeys = { source: "sourceApplicationSecurityGroupIds", destination: "destinationApplicationSecurityGroupIds" };
const groupsKeyOf = (view: ResourceView) => (view.type.startsWith("azure-native:") ? NATIVE_GROUPS : CLASSIC_GROUPS);

/** A rule that cannot be read at all may allow everything, first. */
function unreadableRule(view: ResourceView, whole: Field): NsgRule {
  const absent = { path: whole.path, value: undefined };
  const fields: RuleFields = { priority: whole, access: whole, direction: { ...absent, value: "Inbound" }, protocol: whole, prefix: absent, prefixes: [whole], groups: [], portRange: absent, portRanges: [whole], sourcePorts: [], destinations: [], destinationGroups: [], destinationGroupsKey: "" };
  return toNsgRule(view, origin(view, whole.path), whole.path, fields)!;
}

/** The inbound rules written inline on an NSG of either provider. */
export function inlineNsgRules(view: ResourceView): NsgRule[] {
  const rules = own(view.props, "securityRules");
  if (isUnset(rules)) return [];
  if (!Array.isArray(reveal(rules))) return [unreadableRule(view, { path: "securityRules", value: rules, problem: isUnknown(rules) ? undefined : `is ${describe(rules)}, not a list` })];
  return (reveal(rules) as unknown[]).flatMap((item, i) => {
    const path = `securityRules[${i}]`;
    if (!isRecord(item)) return [unreadableRule(view, { path, value: item, problem: isUnknown(item) ? undefined : `is ${describe(item)}, not a rule` })];
    const name = reveal(own(item, "name"));
    const named = typeof name === "string" && name !== "";
    return toNsgRule(view, { ...origin(view, path), ...(named ? { identity: `securityRules "${name}"` } : {}) }, named ? name : path, fieldsOf(item, `${path}.`, groupsKeyOf(view))) ?? [];
  });
}

export const STANDALONE_RULE_TYPES: readonly string[] = [NATIVE.rule, CLASSIC.rule];

/** A standalone rule resource's rule; undefined for an outbound one. */
export function standaloneNsgRule(view: ResourceView): NsgRule | undefined {
  return toNsgRule(view, origin(view, "rule"), view.name, fieldsOf(view.props, "", groupsKeyOf(view)));
}

/**
 * The rule as one step of its NSG's first-match list for traffic to one host, labelled with the
 * NSG. An allow claims what it matches only when read exactly; otherwise ("continue") what it may
 * match is handed on, so an unsure allow never hides a later one. A deny counts only for sources
 * whose addresses are known, and where its destination holds the host.
 */
export function nsgFilterRule(r: NsgRule, nsgName: string, target?: RuleTarget): FilterRule {
  const counted = r.rule.sources.filter((s) => r.allows || !r.approximate.includes(s));
  const addresses = counted.reduce((acc, s) => acc.union(s.kind === "cidr" ? s.addresses : s.kind === "unresolved" ? ALL_ADDRESSES : IntervalSet.EMPTY), IntervalSet.EMPTY);
  // What routes add to VirtualNetwork widens an allow; a deny earns no credit for it (it may be read wider than it is).
  const routed = r.allows && r.vnetSources.length > 0 ? target?.virtualNetwork : undefined;
  return filterStep(r, nsgName, target, routed ? addresses.union(routed.addresses) : addresses, r.approximate.length === 0 && (routed?.exact ?? true));
}

/**
 * The rule as a step of its NSG's list for traffic Azure Firewall forwards by DNAT. The firewall
 * translates the source to one of its private addresses in its subnet (AzureFirewallSubnet), so
 * every internet client meets the NSG as that address: a rule that matches it matches every client
 * (its traffic spans all addresses), one that cannot (Internet, a block outside the firewall's
 * subnet) matches none. It decides for all clients only where its source holds every address of
 * the firewall's subnet (`firewall`, when the stack shows it).
 */
export function forwardedFilterRule(r: NsgRule, nsgName: string, firewall: Prefixes | undefined, target?: RuleTarget): FilterRule {
  const holds = (m: InsideMatch) => m.kind === "every" || (m.kind === "block" && firewall !== undefined && m.addresses.covers(firewall.addresses));
  const meets = (m: InsideMatch) => m.kind === "every" || m.kind === "unsure" || (m.kind === "block" && (firewall === undefined || m.addresses.overlaps(firewall.addresses)));
  const whole = r.inside.some(holds);
  const why = firewall
    ? `its source may not hold every address of the firewall's subnet (${firewall.text}), from one of which the DNAT'd traffic comes`
    : "its source may not hold the private address the DNAT'd traffic comes from (the firewall's subnet is not in this stack)";
  return filterStep(r, nsgName, target, r.inside.some(meets) ? ALL_ADDRESSES : IntervalSet.EMPTY, whole, whole ? undefined : why);
}

/** Why a destination may not hold the host, for a message; `membershipWhy`, why its groups may not. */
function destinationDoubt(d: Destination, target: RuleTarget | undefined, membershipWhy: string | undefined): string {
  // A destination of groups alone is not compared with addresses: the membership says why.
  const byGroups = d.groups !== undefined && d.blocks.isEmpty() && !d.unsure;
  const host = !target ? "the host" : byGroups ? target.name : target.addresses ? `${target.name} (${target.addresses.text})` : `${target.name}, whose private address is not known`;
  return `its destination (${d.text}) may not include ${host}${membershipWhy ? `: ${membershipWhy}` : ""}`;
}

/**
 * A rule's step for traffic to one host: exact where neither source ports nor its destination
 * narrow it; an allow claims what it matches only when its sources say exactly what that is. A
 * rule whose destination does not hold the host matches none of its traffic.
 */
function filterStep(r: NsgRule, nsgName: string, target: RuleTarget | undefined, addresses: IntervalSet, sourcesExact: boolean, sourceWhy?: string): FilterRule {
  const { holds, why, doubts: destinationDoubts } = destinationHold(r.destination, target);
  const doubts = [...r.rule.doubts, ...r.priorityDoubts, ...r.rule.sources.flatMap((s) => (s.kind === "unresolved" ? [s.doubt] : [])), ...destinationDoubts];
  const number = Number.isFinite(r.priority) ? `${r.priority}` : "(priority unreadable)";
  const partly = [r.sourcePorts === undefined ? undefined : `it matches source ports ${r.sourcePorts} only`, why, sourceWhy].filter((w) => w !== undefined);
  const exact = partly.length === 0;
  return {
    order: r.priority,
    verdict: r.allows ? (doubts.length === 0 && sourcesExact && exact ? "pass" : "continue") : "block",
    traffic: Traffic.box(r.rule.protocol.numbers, r.rule.ports, holds === "none" ? IntervalSet.EMPTY : addresses),
    exact,
    ...(exact ? {} : { partialWhy: partly.join("; ") }),
    label: `rule ${number} "${r.name}" of NSG "${nsgName}"`,
    doubts,
  };
}

/** What no rule matches, AllowVnetInBound included (see allowVnetInBound), meets DenyAllInBound; AllowAzureLoadBalancerInBound admits no internet source. */
export const denyAllLabel = (nsgName: string) => `DenyAllInBound (65500) of NSG "${nsgName}"`;
