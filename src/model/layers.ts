import { firstMatchOf, unionOf, type Block, type FilterRule, type Hit, type Layer, type LayerResult, type RuleVerdict } from "./filters";
import { UDP_ONLY, type Doubt } from "./rule";
import { ALL_ADDRESSES } from "./addresses";
import { ALL_PORTS, Traffic } from "./traffic";

/** Rules that could not be read but may let traffic through were read as letting through all they might. */
function widenedNotes(hits: readonly Hit[]): string[] {
  return (
    hits
      // Doubtful blocks never hit (firstMatch leaves them uncredited), so "block" -> "" changes nothing; the test says what is meant.
      // Stryker disable next-line StringLiteral: equivalent, as above
      .filter((h) => h.rule.verdict !== "block" && h.rule.doubts.length > 0)
      .map((h) => `${h.rule.label} was read as letting through all it might: ${h.rule.doubts.map((d) => d.detail).join("; ")}`)
  );
}

function uncreditedNote(rule: FilterRule): string {
  const why = rule.doubts.length > 0 ? rule.doubts.map((d) => d.detail).join("; ") : (rule.partialWhy ?? "it may match only part of this traffic (source ports, TCP flags or content)");
  return `${rule.label} was not credited: ${why}`;
}

/** What blocks stopped of traffic that does not get through all the same (a partial hand-on also takes it past them). */
function stoppedFor(blocks: readonly Block[], passed: Traffic): Block[] {
  return blocks.map((b) => ({ ...b, traffic: b.traffic.subtract(passed) })).filter((b) => !b.traffic.isEmpty());
}

/** One ordered rule list, and what it does with what its rules pass and with what none matches. */
export interface RuleListSpec {
  readonly name: string;
  readonly rules: readonly FilterRule[];
  /** Stateless lists (NACLs) also drop the replies of connections the host opens. */
  readonly stateless: boolean;
  /**
   * "through": what a rule passes goes on to the next filter (a NACL, an Azure subnet NSG seen
   * from the NIC's). "claimed": an earlier allow decides it, so it never reaches the rule being
   * judged (the rules before it in its own list, a GCP policy before the VPC rules); it is that
   * allow's exposure, reported with it.
   */
  readonly passes: "through" | "claimed";
  /** What no rule matches: dropped by the list's default deny (named), or left to what follows. */
  readonly unmatched: { readonly block: string } | "continue";
  readonly doubts?: readonly Doubt[];
  /** Rules left out of `rules`, said why where they could have matched the traffic judged. */
  readonly ruleNotes?: readonly RuleNote[];
}

/** What a list lets through, decided by first match; what a partial hand-on shares with later rules is counted once. */
function passedBy(spec: RuleListSpec, { hits, unmatched }: { readonly hits: readonly Hit[]; readonly unmatched: Traffic }): Traffic {
  const decided = (v: RuleVerdict) => unionOf(hits.filter((h) => h.rule.verdict === v).map((h) => h.traffic));
  const handedOn = decided("continue");
  const rest = (spec.passes === "through" ? decided("pass") : Traffic.NONE).union(spec.unmatched === "continue" ? unmatched : Traffic.NONE);
  return handedOn.union(rest.subtract(handedOn));
}

/** An allow that waits on a value unknown at preview: it was read as letting through all it might. */
const isDoubtfulAllow = (r: FilterRule) => r.verdict !== "block" && r.doubts.some((d) => d.kind === "unknown");

/**
 * A list decided by first match in ascending order; "continue" rules (GCP's goto_next) hand on.
 * Where what gets through gets through only by allows that wait on values unknown at preview, it
 * waits on them too; where something gets through without them, what the list passes is sure.
 */
export function ruleListLayer(spec: RuleListSpec): Layer {
  const firstMatch = firstMatchOf(spec.rules);
  const withoutDoubtfulAllows = spec.rules.some(isDoubtfulAllow) ? firstMatchOf(spec.rules.filter((r) => !isDoubtfulAllow(r))) : undefined;
  return {
    name: spec.name,
    doubts: spec.doubts ?? [],
    apply(traffic: Traffic): LayerResult {
      const match = firstMatch(traffic);
      const { hits, unmatched, uncredited } = match;
      const blocks: Block[] = hits.filter((h) => h.rule.verdict === "block").map((h) => ({ by: h.rule.label, kind: "explicit", stateless: spec.stateless, traffic: h.traffic }));
      const passed = passedBy(spec, match);
      if (spec.unmatched !== "continue" && !unmatched.isEmpty()) blocks.push({ by: spec.unmatched.block, kind: "implicit", stateless: spec.stateless, traffic: unmatched });
      const sure = withoutDoubtfulAllows && passedBy(spec, withoutDoubtfulAllows(traffic));
      const waitsOn = sure?.isEmpty() && !passed.isEmpty() ? hits.filter((h) => isDoubtfulAllow(h.rule)).flatMap((h) => h.rule.doubts.filter((d) => d.kind === "unknown")) : [];
      const noted = notesFor(spec.ruleNotes ?? [], traffic);
      return { passed, blocks: stoppedFor(blocks, passed), notes: [...noted.map((n) => n.text), ...uncredited.map(uncreditedNote), ...widenedNotes(hits)], doubts: [...uncredited.flatMap((r) => r.doubts), ...waitsOn, ...noted.flatMap((n) => n.doubts ?? [])] };
    },
  };
}

/**
 * A network ACL's inbound rules as AWS evaluates them: ascending rule number, first match
 * decides, and what no rule allows falls to the implicit deny (the "*" rule).
 */
export function networkAclLayer(name: string, rules: readonly FilterRule[], doubts: readonly Doubt[] = []): Layer {
  return ruleListLayer({ name, rules, stateless: true, passes: "through", unmatched: { block: `the implicit deny ("*" rule) of ${name}` }, doubts });
}

/** What a reviewer should know about one rule, worth saying only where the rule could have matched the traffic judged. */
export interface RuleNote {
  readonly traffic: Traffic;
  readonly text: string;
  /** What about the rule is not known or could not be read: where it could have matched, the traffic judged waits on it. */
  readonly doubts?: readonly Doubt[];
}

function notesFor(notes: readonly RuleNote[], traffic: Traffic): RuleNote[] {
  return notes.filter((n) => !n.traffic.intersect(traffic).isEmpty());
}

/** An AWS Network Firewall policy, as far as it decides packets headed for one host. */
export interface FirewallSpec {
  readonly name: string;
  /** Stateless rules of all groups, ordered by group priority then rule priority. */
  readonly stateless: readonly FilterRule[];
  /** statelessDefaultActions for packets no stateless rule matches. */
  readonly statelessDefault: RuleVerdict;
  readonly statelessDefaultLabel: string;
  /**
   * Why UDP that no stateless rule matches passes, where the fragment default action passes it: a
   * sender may fragment its datagrams, and fragments skip the stateful engine.
   */
  readonly fragmentsPass?: string;
  /** Stateful rules in evaluation order (alerts left out: they decide nothing). */
  readonly stateful: readonly FilterRule[];
  /** What happens to forwarded packets no stateful rule matches (strict order's default actions). */
  readonly statefulDefault: "pass" | "block";
  readonly statefulDefaultLabel: string;
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
  readonly ruleNotes: readonly RuleNote[];
}

const ALL_UDP = Traffic.box(UDP_ONLY, ALL_PORTS, ALL_ADDRESSES);

/**
 * Stateless engine first (aws:pass lets a packet through unseen by the stateful engine, aws:drop
 * stops it, aws:forward_to_sfe hands it on), then the stateful engine.
 */
export function firewallLayer(spec: FirewallSpec): Layer {
  const statelessMatch = firstMatchOf(spec.stateless);
  const statefulMatch = firstMatchOf(spec.stateful);
  return {
    name: spec.name,
    doubts: spec.doubts,
    apply(traffic: Traffic): LayerResult {
      const blocks: Block[] = [];
      const stage1 = statelessMatch(traffic);
      const byVerdict = (v: RuleVerdict) => unionOf(stage1.hits.filter((h) => h.rule.verdict === v).map((h) => h.traffic));
      stage1.hits.filter((h) => h.rule.verdict === "block").forEach((h) => blocks.push({ by: h.rule.label, kind: "explicit", stateless: true, traffic: h.traffic }));
      const fragments = spec.fragmentsPass && spec.statelessDefault !== "pass" ? stage1.unmatched.intersect(ALL_UDP) : Traffic.NONE;
      const unmatched = stage1.unmatched.subtract(fragments);
      let passed = byVerdict("pass").union(fragments);
      let forwarded = byVerdict("continue");
      if (spec.statelessDefault === "pass") passed = passed.union(unmatched);
      else if (spec.statelessDefault === "continue") forwarded = forwarded.union(unmatched);
      else if (!unmatched.isEmpty()) blocks.push({ by: spec.statelessDefaultLabel, kind: "implicit", stateless: true, traffic: unmatched });

      const stage2 = statefulMatch(forwarded);
      stage2.hits.filter((h) => h.rule.verdict === "block").forEach((h) => blocks.push({ by: h.rule.label, kind: "explicit", stateless: false, traffic: h.traffic }));
      // A partial forward also leaves its traffic to the stateless rules after it: count it once.
      const statefulPassed = unionOf(stage2.hits.filter((h) => h.rule.verdict !== "block").map((h) => h.traffic)).union(spec.statefulDefault === "pass" ? stage2.unmatched : Traffic.NONE);
      passed = passed.union(statefulPassed.subtract(passed));
      if (spec.statefulDefault !== "pass" && !stage2.unmatched.isEmpty()) blocks.push({ by: spec.statefulDefaultLabel, kind: "implicit", stateless: false, traffic: stage2.unmatched });

      const uncredited = [...stage1.uncredited, ...stage2.uncredited];
      const ruleNotes = notesFor(spec.ruleNotes, traffic);
      const notes = [...spec.notes, ...(fragments.isEmpty() ? [] : [spec.fragmentsPass!]), ...ruleNotes.map((n) => n.text), ...uncredited.map(uncreditedNote), ...widenedNotes([...stage1.hits, ...stage2.hits])];
      return { passed, blocks: stoppedFor(blocks, passed), notes, doubts: [...uncredited.flatMap((r) => r.doubts), ...ruleNotes.flatMap((n) => n.doubts ?? [])] };
    },
  };
}
