import { IntervalSet } from "../../src/model/intervals";
import { addressSet, parseRules, portSet } from "../../src/shapes/aws/suricata";

const spans = (r: ReturnType<typeof portSet>) => (r.ok ? r.set.intervals.map(([a, b]) => `${a}-${b}`).join(",") : `error: ${r.reason}`);
const vars = new Map([["CLS", IntervalSet.range(50001, 50003)]]);

describe("Suricata ports", () => {
  test.each([
    ["any", "0-65535"],
    ["50001", "50001-50001"],
    ["50001:50003", "50001-50003"],
    ["1024:", "1024-65535"],
    [":1023", "0-1023"],
    ["[50001,50002, 50003]", "50001-50003"],
    ["!50002", "0-50001,50003-65535"],
    ["[1:100,!50]", "1-49,51-100"],
    ["![0:50000,50004:65535]", "50001-50003"],
    ["[!80]", "0-79,81-65535"],
    ["[[50001,50002],50003]", "50001-50003"],
    ["$CLS", "50001-50003"],
    ["!$CLS", "0-50000,50004-65535"],
    ["$HTTP_PORTS", "error: variable $HTTP_PORTS is not defined"],
    ["70000", 'error: "70000" is not understood'],
    ["50003:50001", 'error: "50003:50001" is not understood'],
    ["x", 'error: "x" is not understood'],
    ["x50001", 'error: "x50001" is not understood'],
    ["50001x", 'error: "50001x" is not understood'],
    [":", 'error: ":" is not understood'],
    ["[50001", 'error: "[50001" is not understood'],
    ["50001]", 'error: "50001]" is not understood'],
    ["[50001,$NOPE]", "error: variable $NOPE is not defined"],
    ["[0:100, ! 50, 200, !60]", "0-49,51-59,61-100,200-200"],
    ["[50001, 50002,]", "50001-50002"],
  ])("%s", (expr, expected) => expect(spans(portSet(expr, vars))).toBe(expected));
});

describe("Suricata addresses", () => {
  const home = new Map([["HOME_NET", addressSet("10.0.0.0/16", new Map()).ok ? (addressSet("10.0.0.0/16", new Map()) as { set: IntervalSet }).set : IntervalSet.EMPTY]]);
  test.each([
    ["any", (s: IntervalSet) => s.has(2n ** 128n + 1n) && s.has(1n)],
    ["10.0.0.0/8", (s: IntervalSet) => s.intervals.length === 1],
    ["10.1.2.3", (s: IntervalSet) => s.intervals[0][0] === s.intervals[0][1]],
    ["[10.0.0.0/8,!10.1.0.0/16]", (s: IntervalSet) => s.intervals.length === 2],
    ["!$HOME_NET", (s: IntervalSet) => !s.has(2n ** 128n + 10n * 2n ** 24n)],
    ["2001:db8::/32", (s: IntervalSet) => s.intervals[0][1] < 2n ** 128n],
  ])("%s", (expr, check) => {
    const r = addressSet(expr, home);
    expect(r.ok && check(r.set)).toBe(true);
  });
  test.each([["1.2.3/8"], ["10.0.0.0/33"], ["$NOPE"], ["[10.0.0.0/8"]])("rejects %s", (expr) => expect(addressSet(expr, home).ok).toBe(false));
});

describe("Suricata rule text", () => {
  test("rules, comments, blank lines and continued lines", () => {
    const parsed = parseRules(
      [
        "# CLS agent",
        "",
        'drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (msg:"CLS; agent"; sid:1;)',
        "pass udp any any <> [10.0.0.0/8, 192.168.0.0/16] any \\",
        "  (sid:2;)",
        "rejectboth tcp any any -> any 50001 (sid:3;)",
      ].join("\n"),
    );
    expect(parsed.map((p) => (p.ok ? [p.rule.line, p.rule.action, p.rule.bidirectional, p.rule.destination] : p.reason))).toEqual([
      [3, "drop", false, "$HOME_NET"],
      [4, "pass", true, "[10.0.0.0/8, 192.168.0.0/16]"],
      [6, "rejectboth", false, "any"],
    ]);
    const first = parsed[0];
    expect(first.ok && first.rule.options).toEqual([
      { keyword: "msg", value: '"CLS; agent"' },
      { keyword: "sid", value: "1" },
    ]);
  });

  test("every action Network Firewall takes", () => {
    const actions = ["alert", "pass", "drop", "reject", "rejectsrc", "rejectdst", "rejectboth", "DROP"];
    expect(parseRules(actions.map((a) => `${a} tcp any any -> any 50001 (sid:1;)`).join("\n")).map((p) => p.ok && p.rule.action)).toEqual([...actions.slice(0, -1), "drop"]);
  });

  test("options: quoted semicolons, bare keywords, spaces and case", () => {
    const [p] = parseRules('drop tcp any any -> any 50001 (msg:"first"; SID : 1 ; noalert; metadata:"a;b"; rev:2;)');
    expect(p.ok && p.rule.options).toEqual([
      { keyword: "msg", value: '"first"' },
      { keyword: "sid", value: "1" },
      { keyword: "noalert", value: "" },
      { keyword: "metadata", value: '"a;b"' },
      { keyword: "rev", value: "2" },
    ]);
  });

  test("indented comments are skipped; a last line ending in \\ still makes a rule; a port glued to the options is read", () => {
    const parsed = parseRules(["   # indented comment", "drop tcp any any -> any 50001(sid:1;)", "drop tcp any any -> any 50002 (sid:2;) \\"].join("\n"));
    expect(parsed.map((p) => p.ok && [p.rule.line, p.rule.destinationPort, p.rule.options])).toEqual([
      [2, "50001", [{ keyword: "sid", value: "1" }]],
      [3, "50002", [{ keyword: "sid", value: "2" }]],
    ]);
  });

  test.each([
    ["drop tcp any any -> (sid:1;)", 'expected "action proto src sport -> dst dport", found 5 fields'],
    ["(sid:1;)", "found 0 fields"],
    ["drop tcp any any -> any any (sid:1;", "no (options) part"],
    ["drop tcp any any -> any 50001)", "no (options) part"],
    ["block tcp any any -> any any (sid:1;)", 'unknown action "block"'],
    ["drop tcp any any => any any (sid:1;)", 'unknown direction "=>"'],
    ["drop tcp any any -> any any", "no (options) part"],
  ])("reports %j", (text, reason) => {
    const [p] = parseRules(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toContain(reason);
  });
});
