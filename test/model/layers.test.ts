import { ALL_ADDRESSES } from "../../src/model/addresses";
import type { FilterRule, LayerResult, RuleVerdict } from "../../src/model/filters";
import { IntervalSet } from "../../src/model/intervals";
import type { Doubt } from "../../src/model/rule";
import { ALL_PORTS, Traffic } from "../../src/model/traffic";
import { firewallLayer, networkAclLayer, ruleListLayer, type FirewallSpec, type RuleListSpec } from "../../src/model/layers";
import { trafficText } from "../support/modelText";

/**
 * The two layer kinds on hand-made rules: which traffic passes, what blocks the rest (explicitly
 * or by default, statelessly or not) and what the notes tell a reviewer. The input is TCP
 * 50001-50003 from anywhere.
 */
const tcp = (lo: number, hi: number) => Traffic.box(IntervalSet.range(6, 6), IntervalSet.range(lo, hi), ALL_ADDRESSES);
const CLS = tcp(50001, 50003);
const doubt = (detail: string): Doubt => ({ kind: "malformed", field: "f", detail });
const unknown = (detail: string): Doubt => ({ kind: "unknown", field: "f", detail });
const rule = (label: string, verdict: RuleVerdict, order: number, more: Partial<FilterRule> = {}): FilterRule => ({ label, verdict, order, traffic: Traffic.box(IntervalSet.range(0, 255), ALL_PORTS, ALL_ADDRESSES), exact: true, doubts: [], ...more });

const spec = (more: Partial<FirewallSpec>): FirewallSpec => ({
  name: "fw",
  stateless: [],
  statelessDefault: "continue",
  statelessDefaultLabel: "stateless default",
  stateful: [],
  statefulDefault: "pass",
  statefulDefaultLabel: "stateful default",
  doubts: [],
  notes: [],
  ruleNotes: [],
  ...more,
});

const outcome = (r: LayerResult) => ({
  passed: trafficText(r.passed),
  blocks: r.blocks.map((b) => `${b.by}: ${b.kind}, ${b.stateless ? "stateless" : "stateful"}, ${trafficText(b.traffic).join(" + ")}`),
  notes: r.notes,
  doubts: r.doubts.map((d) => d.detail),
});
const CLS_TEXT = "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0";
const result = (passed: string[], blocks: string[], notes: string[] = [], doubts: string[] = []) => ({ passed, blocks, notes, doubts });
const PARTIAL = "it may match only part of this traffic (source ports, TCP flags or content)";

describe("firewall layer", () => {
  test.each([
    ["a stateless drop", spec({ stateless: [rule("sl drop", "block", 1)] }), result([], [`sl drop: explicit, stateless, ${CLS_TEXT}`])],
    ["a stateless pass skips the stateful engine", spec({ stateless: [rule("sl pass", "pass", 1)], stateful: [rule("sf drop", "block", 1)] }), result([CLS_TEXT], [])],
    ["forwarded to a stateful drop", spec({ stateless: [rule("fwd", "continue", 1)], stateful: [rule("sf drop", "block", 1)] }), result([], [`sf drop: explicit, stateful, ${CLS_TEXT}`])],
    // What a partial forward does not match meets the rules after it: here the default aws:pass delivers it unseen.
    ["a partial forward, then the stateless default pass", spec({ stateless: [rule("fwd", "continue", 1, { exact: false })], statelessDefault: "pass", stateful: [rule("sf drop", "block", 1)] }), result([CLS_TEXT], [])],
    ["a partial forward, then a stateless pass", spec({ stateless: [rule("fwd", "continue", 1, { exact: false }), rule("sl pass", "pass", 2)], stateful: [rule("sf drop", "block", 1)] }), result([CLS_TEXT], [])],
    ["a forward unknown at preview, then the stateless default pass", spec({ stateless: [rule("fwd", "continue", 1, { doubts: [unknown("ports unknown")] })], statelessDefault: "pass", stateful: [rule("sf drop", "block", 1)] }), result([CLS_TEXT], [], ["fwd was read as letting through all it might: ports unknown"])],
    ["a partial forward, then the default drop: stopped either way", spec({ stateless: [rule("fwd", "continue", 1, { exact: false })], statelessDefault: "block", stateful: [rule("sf drop", "block", 1)] }), result([], [`stateless default: implicit, stateless, ${CLS_TEXT}`, `sf drop: explicit, stateful, ${CLS_TEXT}`])],
    ["a partial forward to a stateful pass, then the default drop", spec({ stateless: [rule("fwd", "continue", 1, { exact: false })], statelessDefault: "block", stateful: [rule("sf pass", "pass", 1)] }), result([CLS_TEXT], [])],
    ["stateless default drop", spec({ statelessDefault: "block" }), result([], [`stateless default: implicit, stateless, ${CLS_TEXT}`])],
    ["stateless default pass", spec({ statelessDefault: "pass", stateful: [rule("sf drop", "block", 1)] }), result([CLS_TEXT], [])],
    ["stateful default drop", spec({ statefulDefault: "block" }), result([], [`stateful default: implicit, stateful, ${CLS_TEXT}`])],
    ["stateful default pass", spec({}), result([CLS_TEXT], [])],
    [
      "a stateless drop of part, the rest to the stateful default",
      spec({ stateless: [rule("sl drop", "block", 1, { traffic: tcp(50001, 50002) })], statefulDefault: "block" }),
      result([], ["sl drop: explicit, stateless, protocols 6 ports 50001-50002 from ::/0 0.0.0.0/0", "stateful default: implicit, stateful, protocols 6 ports 50003 from ::/0 0.0.0.0/0"]),
    ],
    [
      "stateful rules in order: the first match decides",
      spec({ stateful: [rule("sf drop", "block", 2), rule("sf pass", "pass", 1, { traffic: tcp(50001, 50001) })] }),
      result(["protocols 6 ports 50001 from ::/0 0.0.0.0/0"], ["sf drop: explicit, stateful, protocols 6 ports 50002-50003 from ::/0 0.0.0.0/0"]),
    ],
    [
      "an inexact stateful drop earns no credit",
      spec({ stateful: [rule("sf drop", "block", 1, { exact: false })] }),
      result([CLS_TEXT], [], [`sf drop was not credited: ${PARTIAL}`]),
    ],
    [
      "a doubtful stateless drop earns no credit, its doubts said",
      spec({ stateless: [rule("sl drop", "block", 1, { doubts: [doubt("one"), doubt("two")] })], statelessDefault: "pass" }),
      result([CLS_TEXT], [], ["sl drop was not credited: one; two"], ["one", "two"]),
    ],
    [
      "a doubtful pass is read as passing all it might",
      spec({ stateful: [rule("sf pass", "pass", 1, { doubts: [doubt("unreadable"), doubt("unknown port")] })], statefulDefault: "block" }),
      result([CLS_TEXT], [], ["sf pass was read as letting through all it might: unreadable; unknown port"]),
    ],
    [
      "a doubtful forward likewise",
      spec({ stateless: [rule("fwd", "continue", 1, { doubts: [doubt("unreadable")] })], statelessDefault: "block" }),
      result([CLS_TEXT], [], ["fwd was read as letting through all it might: unreadable"]),
    ],
    ["the spec's notes come first", spec({ notes: ["HOME_NET unknown"], stateful: [rule("sf drop", "block", 1, { exact: false })] }), result([CLS_TEXT], [], ["HOME_NET unknown", `sf drop was not credited: ${PARTIAL}`])],
    [
      "a rule's note is given only where the rule names some of the traffic judged",
      spec({ ruleNotes: [{ traffic: tcp(50002, 50002), text: "sf drop misses IPv6" }, { traffic: tcp(22, 22), text: "ssh drop misses IPv6" }] }),
      result([CLS_TEXT], [], ["sf drop misses IPv6"]),
    ],
  ])("%s", (_name, s, expected) => expect(outcome(firewallLayer(s).apply(CLS))).toEqual(expected));

  // UDP's fragments: a sender may fragment any datagram, and fragments no stateless rule matches
  // take the fragment default action, unseen by the stateful engine.
  const udp = (lo: number, hi: number) => Traffic.box(IntervalSet.range(17, 17), IntervalSet.range(lo, hi), ALL_ADDRESSES);
  const MEDIA = tcp(50000, 59999).union(udp(50000, 59999));
  const [TCP_MEDIA, UDP_MEDIA] = ["6", "17"].map((p) => `protocols ${p} ports 50000-59999 from ::/0 0.0.0.0/0`);
  const FRAGMENTS = "fragments pass";
  test.each([
    ["UDP no stateless rule matches passes; TCP goes on to the stateful drop", spec({ fragmentsPass: FRAGMENTS, stateful: [rule("sf drop", "block", 1)] }), result([UDP_MEDIA], [`sf drop: explicit, stateful, ${TCP_MEDIA}`], [FRAGMENTS])],
    ["the stateless default drop keeps TCP only", spec({ fragmentsPass: FRAGMENTS, statelessDefault: "block" }), result([UDP_MEDIA], [`stateless default: implicit, stateless, ${TCP_MEDIA}`], [FRAGMENTS])],
    ["a stateless rule that matches the UDP decides it first", spec({ fragmentsPass: FRAGMENTS, stateless: [rule("sl drop", "block", 1, { traffic: udp(0, 65535) })], statefulDefault: "block" }), result([], [`sl drop: explicit, stateless, ${UDP_MEDIA}`, `stateful default: implicit, stateful, ${TCP_MEDIA}`])],
    ["with the stateless default pass, fragments change nothing", spec({ fragmentsPass: FRAGMENTS, statelessDefault: "pass" }), result([TCP_MEDIA, UDP_MEDIA], [])],
    ["fragments forwarded or dropped: the stateful drop holds", spec({ stateful: [rule("sf drop", "block", 1)] }), result([], [`sf drop: explicit, stateful, ${TCP_MEDIA} + ${UDP_MEDIA}`])],
  ])("UDP fragments: %s", (_name, s, expected) => expect(outcome(firewallLayer(s).apply(MEDIA))).toEqual(expected));

  test("the layer carries its name and the spec's doubts", () => {
    const layer = firewallLayer(spec({ name: 'firewall "edge-fw"', doubts: [doubt("policy unknown")] }));
    expect([layer.name, layer.doubts.map((d) => d.detail)]).toEqual(['firewall "edge-fw"', ["policy unknown"]]);
  });
});

describe("network ACL layer", () => {
  const acl = (rules: FilterRule[]) => outcome(networkAclLayer('NACL "edge-acl"', rules).apply(CLS));
  test.each([
    ["nothing allowed: the implicit deny", [], result([], [`the implicit deny ("*" rule) of NACL "edge-acl": implicit, stateless, ${CLS_TEXT}`])],
    ["an allow", [rule("rule 100", "pass", 100)], result([CLS_TEXT], [])],
    ["a deny before the allow", [rule("rule 100", "pass", 100), rule("rule 90", "block", 90)], result([], [`rule 90: explicit, stateless, ${CLS_TEXT}`])],
    ["a doubtful deny earns no credit", [rule("rule 90", "block", 90, { doubts: [doubt("bad cidr")] }), rule("rule 100", "pass", 100)], result([CLS_TEXT], [], ["rule 90 was not credited: bad cidr"], ["bad cidr"])],
    ["a doubtful allow passes all it might", [rule("rule 90", "pass", 90, { doubts: [doubt("bad action")] })], result([CLS_TEXT], [], ["rule 90 was read as letting through all it might: bad action"])],
    [
      "what only an allow unknown at preview passes waits on it",
      [rule("rule 90", "continue", 90, { doubts: [unknown("cidr unknown")] })],
      result([CLS_TEXT], [], ["rule 90 was read as letting through all it might: cidr unknown"], ["cidr unknown"]),
    ],
    [
      "what a later allow passes surely does not wait on an earlier one unknown at preview",
      [rule("rule 90", "continue", 90, { doubts: [unknown("cidr unknown")] }), rule("rule 100", "pass", 100)],
      result([CLS_TEXT], [], ["rule 90 was read as letting through all it might: cidr unknown"]),
    ],
  ] as [string, FilterRule[], unknown][])("%s", (_name, rules, expected) => expect(acl(rules)).toEqual(expected));
});

describe("rule list layer (NSGs, GCP firewall rules and policies)", () => {
  const list = (more: Partial<RuleListSpec>) => outcome(ruleListLayer({ name: "list", rules: [], stateless: false, passes: "through", unmatched: "continue", ...more }).apply(CLS));
  const PART = (ports: string) => `protocols 6 ports ${ports} from ::/0 0.0.0.0/0`;
  test.each([
    ["nothing matches, the list hands on", {}, result([CLS_TEXT], [])],
    ["nothing matches, the list's default deny drops it (stateful)", { unmatched: { block: "DenyAllInBound" } }, result([], [`DenyAllInBound: implicit, stateful, ${CLS_TEXT}`])],
    ["an allow passes through to the next filter", { rules: [rule("allow", "pass", 100)], unmatched: { block: "default" } }, result([CLS_TEXT], [])],
    ["an earlier allow claims the traffic: neither passed on nor blocked", { rules: [rule("allow", "pass", 100)], passes: "claimed" as const }, result([], [])],
    [
      "an earlier allow claims part; the rest goes on",
      { rules: [rule("allow", "pass", 100, { traffic: tcp(50001, 50001) })], passes: "claimed" as const },
      result([PART("50002-50003")], []),
    ],
    ["a deny blocks explicitly", { rules: [rule("deny", "block", 100)] }, result([], [`deny: explicit, stateful, ${CLS_TEXT}`])],
    [
      "goto_next hands on even when allows are claimed",
      { rules: [rule("next", "continue", 10, { traffic: tcp(50001, 50001) }), rule("deny", "block", 20)], passes: "claimed" as const },
      result([PART("50001")], [`deny: explicit, stateful, ${PART("50002-50003")}`]),
    ],
    ["a stateless list says so in its blocks", { rules: [rule("deny", "block", 1)], stateless: true }, result([], [`deny: explicit, stateless, ${CLS_TEXT}`])],
    ["a doubtful deny earns no credit", { rules: [rule("deny", "block", 1, { doubts: [doubt("unknown port")] })] }, result([CLS_TEXT], [], ["deny was not credited: unknown port"], ["unknown port"])],
    ["a partial goto_next also leaves its traffic to the deny after it, which then stops none of it", { rules: [rule("goto", "continue", 1, { exact: false }), rule("deny", "block", 2)] }, result([CLS_TEXT], [])],
    ["a partial deny earns no credit, and says why when the reader knows", { rules: [rule("deny", "block", 1, { exact: false, partialWhy: "its match.srcNetworkScope NON_INTERNET narrows it" })] }, result([CLS_TEXT], [], ["deny was not credited: its match.srcNetworkScope NON_INTERNET narrows it"])],
  ] as [string, Partial<RuleListSpec>, unknown][])("%s", (_name, more, expected) => expect(list(more)).toEqual(expected));
});
