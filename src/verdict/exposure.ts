import { ALL_ADDRESSES, NON_INTERNET_ADDRESSES, parseCidr } from "../model/addresses";
import { IntervalSet } from "../model/intervals";
import { TCP, UDP, type Doubt, type InboundRule, type Source } from "../model/rule";
import { Traffic } from "../model/traffic";

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

/**
 * What of `target` the rule lets in from outside, source by source, after `blocked` (traffic
 * denied before it reaches the host) is taken away.
 */
export function exposuresOf(rule: InboundRule, target: Traffic, trust: Trust, blocked: Traffic = Traffic.NONE): Exposure[] {
  // Most rules (443, 3478, ...) miss the target entirely: say so before building any traffic.
  // Stryker disable next-line ConditionalExpression: a shortcut; each source would intersect to nothing anyway
  if (!target.meets(rule.protocol.numbers, rule.ports, ALL_ADDRESSES)) return [];
  return rule.sources.flatMap((source) => {
    const { addresses, doubts } = externalPart(source, trust);
    const traffic = Traffic.box(rule.protocol.numbers, rule.ports, addresses).intersect(target).subtract(blocked);
    return traffic.isEmpty() ? [] : [{ rule, source, traffic, doubts: [...rule.doubts, ...doubts] }];
  });
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
