import { ALL_ADDRESSES } from "../../model/addresses";
import type { FilterRule, RuleVerdict } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import { ruleListLayer, type RuleNote } from "../../model/layers";
import type { Doubt, Source } from "../../model/rule";
import { Traffic } from "../../model/traffic";
import type { GcpAction, GcpRule } from "../../shapes/gcp/rules";
import type { Hop } from "../paths";

const VERDICT: Record<GcpAction, RuleVerdict> = { allow: "pass", deny: "block", goto_next: "continue" };

/** The addresses a source may send from; instances named by tag or account send no internet traffic. */
function addressesOf(source: Source): IntervalSet {
  if (source.kind === "cidr") return source.addresses;
  return source.kind === "unresolved" ? ALL_ADDRESSES : IntervalSet.EMPTY;
}

/** Lower priority number first; at equal priority a deny beats an allow. */
export function orderOf(rule: GcpRule): number {
  return rule.priority * 2 + (rule.action === "deny" ? 0 : 1);
}

/** A rule as first-match filter rules, one per protocol-and-ports pair; `doubts` say what is not known about it here. */
export function filterRules(rule: GcpRule, doubts: readonly Doubt[] = []): FilterRule[] {
  return rule.entries.map((entry) => {
    const traffic = entry.sources.map((s) => Traffic.box(entry.protocol.numbers, entry.ports, addressesOf(s))).reduce((a, b) => a.union(b), Traffic.NONE);
    const sourceDoubts = entry.sources.flatMap((s) => (s.kind === "unresolved" ? [s.doubt] : []));
    return { order: orderOf(rule), verdict: VERDICT[rule.action], traffic, exact: !rule.partial, partialWhy: rule.partial, label: rule.entries.length > 1 ? `${rule.label}, ${entry.origin.rule}` : rule.label, doubts: [...entry.doubts, ...sourceDoubts, ...doubts] };
  });
}

/**
 * A goto_next ends the evaluation of its own policy: what it matches goes on to the next step
 * (where the openings there meet it), and the rules after it in the policy never see it. Before a
 * rule of the same policy it takes that traffic away, as an earlier allow claims its own.
 */
export function handedOnFirst(rules: readonly FilterRule[]): FilterRule[] {
  return rules.map((r) => ({ ...r, verdict: "pass" }));
}

/**
 * Rules GCP evaluates before the rule being judged: what their allows match is theirs (their own
 * openings), what their goto_next or no rule matches goes on, what their denies match stops.
 * `ruleNotes`: rules left out (allows that may decide only part of what they name, denies that may
 * not apply), said why where they could have matched the traffic.
 */
export function claimedHop(name: string, rules: readonly FilterRule[], evidence: string, ruleNotes: readonly RuleNote[] = []): Hop {
  return { layer: ruleListLayer({ name, rules, stateless: false, passes: "claimed", unmatched: "continue", ruleNotes }), evidence, cautions: [] };
}
