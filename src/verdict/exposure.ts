import { ALL_ADDRESSES, NON_INTERNET_ADDRESSES, parseCidr } from "../model/addresses";
import { IntervalSet } from "../model/intervals";
import { TCP, UDP, type Doubt, type InboundRule, type Source } from "../model/rule";
import { Traffic } from "../model/traffic";
import type { Forwarder } from "../network/paths";

/** A protocol and port span as users configure it, e.g. the CLS ports TCP 50001-50003. */
export interface PortSpec {
  readonly protocol: "tcp" | "udp";
  readonly from: number;
  readonly to: number;
}

/** Who is not "the internet" for this stack, beyond the non-internet address space. */
export interface Trust {
  readonly cidrs: IntervalSet;
  readonly prefixLists: ReadonlySet<string>;
}

/** The part of one rule's traffic, from one of its sources, that reaches watched ports. */
export interface Exposure {
  readonly rule: InboundRule;
  readonly source: Source;
  readonly traffic: Traffic;
  readonly doubts: readonly Doubt[];
  /** The forwarders through which the source lets in internet clients it does not admit itself, holding their address. */
  readonly through?: readonly string[];
}

/** "definite" when the rule is read exactly or was unreadable (fail closed); "unverified" when only unknowns stand in the way. */
export type Certainty = "definite" | "unverified";

export function certaintyOf(doubts: readonly Doubt[]): Certainty {
  return doubts.length > 0 && doubts.every((d) => d.kind === "unknown") ? "unverified" : "definite";
}

export function trafficOf(specs: readonly PortSpec[]): Traffic {
  return specs
    .map((s) => Traffic.box(IntervalSet.range(s.protocol === "tcp" ? TCP : UDP, s.protocol === "tcp" ? TCP : UDP), IntervalSet.range(s.from, s.to), ALL_ADDRESSES))
    .reduce((a, b) => a.union(b), Traffic.NONE);
}

/**
 * The same few blocks recur all over a stack; their internet part is worked out once per trust.
 * Written out rather than through `cached`: this runs for every source of every rule.
 */
const internetParts = new WeakMap<Trust, Map<string, IntervalSet>>();

function internetPart(source: Extract<Source, { kind: "cidr" }>, trust: Trust): IntervalSet {
  const cache = internetParts.get(trust) ?? new Map<string, IntervalSet>();
  internetParts.set(trust, cache);
  let part = cache.get(source.text);
  // Stryker disable next-line ConditionalExpression: a cache; computing again gives the same answer
  if (!part) {
    part = source.addresses.subtract(NON_INTERNET_ADDRESSES).subtract(trust.cidrs);
    if (source.text !== "[secret]") cache.set(source.text, part);
  }
  return part;
}

/** A prefix list's entries, or a source that could not be read, may be any address: any internet one. */
// Stryker disable next-line StringLiteral: the text is only a cache key
const ANY_ADDRESS: Extract<Source, { kind: "cidr" }> = { kind: "cidr", text: "0.0.0.0/0 ::/0", addresses: ALL_ADDRESSES };

/** The internet addresses a source admits, and what made that uncertain. */
export function externalPart(source: Source, trust: Trust): { addresses: IntervalSet; doubts: Doubt[] } {
  const anyInternet = () => internetPart(ANY_ADDRESS, trust);
  switch (source.kind) {
    case "cidr":
      return { addresses: internetPart(source, trust), doubts: [] };
    case "prefix-list":
      if (source.id !== null) return { addresses: trust.prefixLists.has(source.id) ? IntervalSet.EMPTY : anyInternet(), doubts: [] };
      // An unknown list is external unless some list is trusted: only then could its id matter.
      return { addresses: anyInternet(), doubts: trust.prefixLists.size > 0 && source.doubt ? [source.doubt] : [] };
    case "security-group":
    case "self":
    case "internal":
      return { addresses: IntervalSet.EMPTY, doubts: [] };
    case "unresolved":
      return { addresses: anyInternet(), doubts: [source.doubt] };
  }
}

/** What one source of a rule admits of the target from the internet as it stands, before any path is followed. */
export interface SourceOffer {
  readonly source: Source;
  readonly direct: Traffic;
  readonly doubts: readonly Doubt[];
}

/** Each source of a rule with what it admits of `target` from outside; none when the rule misses the target's ports. */
export function sourceOffers(rule: InboundRule, target: Traffic, trust: Trust): SourceOffer[] {
  // Most rules (443, 3478, ...) miss the target entirely: say so before building any traffic.
  // Stryker disable next-line ConditionalExpression: a shortcut; each source would intersect to nothing anyway
  if (!target.meets(rule.protocol.numbers, rule.ports, ALL_ADDRESSES)) return [];
  return rule.sources.map((source) => {
    const { addresses, doubts } = externalPart(source, trust);
    return { source, direct: Traffic.box(rule.protocol.numbers, rule.ports, addresses).intersect(target), doubts: [...rule.doubts, ...doubts] };
  });
}

/** What of `target` the rule would let in from every internet client: what it admits where a forwarder's address is what it judges. */
export function fromEveryClient(rule: InboundRule, target: Traffic, trust: Trust): Traffic {
  return Traffic.box(rule.protocol.numbers, rule.ports, internetPart(ANY_ADDRESS, trust)).intersect(target);
}

/** Which clients of a forwarder a source admits: those whose address it replaces, every one it forwards, or none. */
export type ForwardedClients = "replaced" | "every" | "none";

/**
 * Which clients a source admits through a forwarder. A block admits the replaced ones where it
 * meets the forwarder's addresses (its nodes sit anywhere in them); one of the forwarder's groups
 * admits every client. What cannot be read (a prefix list's entries, a forwarder whose addresses or
 * groups the stack does not show) may hold it, failing closed.
 */
export function admitsForwarder(source: Source, forwarder: Forwarder): { admits: ForwardedClients; doubts: readonly Doubt[] } {
  const byGroup = (answer: boolean | "unknown", doubts: readonly Doubt[] = []) => ({ admits: answer === false ? ("none" as const) : ("every" as const), doubts: answer === "unknown" ? doubts : [] });
  switch (source.kind) {
    case "cidr":
      if (!forwarder.addresses) return { admits: "replaced", doubts: forwarder.doubts };
      return { admits: source.addresses.overlaps(forwarder.addresses) ? "replaced" : "none", doubts: [] };
    case "security-group":
      if (source.id === null) return byGroup("unknown", source.doubt ? [source.doubt] : []);
      return forwarder.groups ? byGroup(forwarder.groups.has(source.id)) : byGroup("unknown", forwarder.doubts);
    case "self":
      return byGroup(forwarder.ownGroup === "unknown" ? "unknown" : forwarder.ownGroup === "yes", forwarder.doubts);
    case "prefix-list":
      return { admits: "replaced", doubts: [] };
    case "internal":
      return { admits: "every", doubts: [] };
    case "unresolved":
      return { admits: "replaced", doubts: [source.doubt] };
  }
}

/** Trust from config; entries that are no CIDR block are reported and left out. */
export function trustFrom(cidrs: readonly string[], prefixLists: readonly string[]): { trust: Trust; problems: string[] } {
  const problems: string[] = [];
  let addresses = IntervalSet.EMPTY;
  cidrs.forEach((text, i) => {
    const parsed = [parseCidr(text, "ipv4"), parseCidr(text, "ipv6")].find((p) => p.ok);
    if (parsed?.ok) addresses = addresses.union(parsed.addresses);
    else problems.push(`trustedCidrs[${i}] ${JSON.stringify(text)} is not a CIDR block; it is ignored`);
  });
  return { trust: { cidrs: addresses, prefixLists: new Set(prefixLists) }, problems };
}
