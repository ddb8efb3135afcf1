import type { Doubt } from "./rule";
import { Traffic } from "./traffic";

/**
 * Ordered rule lists (network ACLs, firewall rule groups): each packet is decided by the first
 * rule it matches. A rule's traffic is what it may match; `exact` says it matches all of that.
 */
export type RuleVerdict = "pass" | "block" | "continue";

export interface FilterRule {
  /** Ascending evaluation order (rule number, priority). */
  readonly order: number;
  readonly verdict: RuleVerdict;
  readonly traffic: Traffic;
  /** False when the rule may match only part of `traffic` (source ports, TCP flags, content...). */
  readonly exact: boolean;
  /** Why it may match only part of `traffic`, for the message, where the reader knows (the generic list otherwise). */
  readonly partialWhy?: string;
  /** How a reviewer finds it, e.g. `rule 90 of NACL "edge-public"`. */
  readonly label: string;
  readonly doubts: readonly Doubt[];
}

/** Traffic stopped before the host, and by what. */
export interface Block {
  readonly by: string;
  /** "implicit": nothing allowed it, so it fell to the list's default deny. */
  readonly kind: "explicit" | "implicit";
  /** Stateless filters also drop the replies of connections the host itself opens. */
  readonly stateless: boolean;
  readonly traffic: Traffic;
}

export interface Hit {
  readonly rule: FilterRule;
  readonly traffic: Traffic;
}

export interface FirstMatch {
  readonly hits: Hit[];
  readonly unmatched: Traffic;
  readonly uncredited: FilterRule[];
}

/** A rule that may match only part of its traffic, or that may not apply at all. */
const mayMatchLess = (r: FilterRule) => !r.exact || r.doubts.length > 0;

/**
 * First match, failing closed: a blocking rule counts only when it is exact and readable (an
 * unsure deny must not be credited); a passing rule is taken to match all it may match. A rule
 * that hands traffic on, where it may match less than it names, hands on all it may match and
 * leaves that traffic to the rules after it as well: what it does not match meets them, and they
 * may let through what the next stage would stop (AWS's stateless default aws:pass after a partial
 * aws:forward_to_sfe). The rules a first match skips are returned so a message can say why they
 * earned no credit. The list is sorted once, as a layer is applied to every opening's traffic.
 */
export function firstMatchOf(rules: readonly FilterRule[]): (input: Traffic) => FirstMatch {
  const isDoubtful = (r: FilterRule) => r.verdict === "block" && mayMatchLess(r);
  const leavesRest = (r: FilterRule) => r.verdict === "continue" && mayMatchLess(r);
  const doubtful = rules.filter(isDoubtful);
  const effective = rules.filter((r) => !isDoubtful(r)).sort((a, b) => a.order - b.order);
  return (input) => {
    // A doubtful block is worth naming only where it could have matched this traffic.
    const uncredited = doubtful.filter((r) => !r.traffic.intersect(input).isEmpty());
    const hits: Hit[] = [];
    let pending = input;
    for (const rule of effective) {
      // Stryker disable next-line ConditionalExpression: a shortcut; later rules would match nothing
      if (pending.isEmpty()) break;
      const hit = pending.intersect(rule.traffic);
      if (!hit.isEmpty()) {
        hits.push({ rule, traffic: hit });
        if (!leavesRest(rule)) pending = pending.subtract(rule.traffic);
      }
    }
    return { hits, unmatched: pending, uncredited };
  };
}

/** What a network layer (a NACL, a firewall) does to traffic headed for one host. */
export interface LayerResult {
  readonly passed: Traffic;
  readonly blocks: readonly Block[];
  /** Why something was not credited, for the message. */
  readonly notes: readonly string[];
  /** Doubts of rules left uncredited: an unknown one may turn out to deny after all. */
  readonly doubts: readonly Doubt[];
}

export interface Layer {
  readonly name: string;
  /** Values unknown at preview that decide what this layer does; its blocks are not credited. */
  readonly doubts: readonly Doubt[];
  apply(traffic: Traffic): LayerResult;
}

export const unionOf = (parts: readonly Traffic[]): Traffic => parts.reduce((a, b) => a.union(b), Traffic.NONE);
