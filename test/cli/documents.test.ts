import { changeSteps, engineEvents, goIndented, planSteps, previewDigest, stackExport, upJson, type RunOptions, type Step, type Violation } from "../../harness/documents";
import { exampleRun, VARIANTS } from "../../harness/example";
import type { RecordedResource } from "../../harness/programRun";
import { firstEventLine } from "../../cli/documents/events";
import { parseDocument, parseState, type InputDocument } from "../../cli/input";
import { review } from "../../cli/review";
import { planRuns, scan, unlinked, type ReportFinding } from "../../cli/scan";
import type { Run } from "sarif";
import { clsGuard, TODAY, write } from "../support/cli";
import "../support/sarif";
import { scratchDir } from "../support/scratch";

/**
 * The documents the Pulumi CLI writes for one change, read as cls-guard reads them: every form
 * must give the stack export's verdict, refuse, or say it cannot verify - never pass silently.
 */
const dir = scratchDir("cli");
const runs: Record<string, { update: RecordedResource[]; preview: RecordedResource[] }> = {};

beforeAll(async () => {
  for (const v of VARIANTS) runs[v] = { update: await exampleRun(v, false, "dev"), preview: await exampleRun(v, true, "dev") };
}, 120_000);

const today = new Date(TODAY);
const verdicts = (doc: InputDocument) => scan(doc.after, planRuns({}), today, doc.hint).map((f) => [f.policy, f.enforcementLevel, f.certainty, f.name]);
const openings = (before: InputDocument["before"], after: InputDocument["after"]) => review(before, after, planRuns({}), today, 30).openings.map((o) => [o.change, o.name, o.added, o.removed, o.causes.map((c) => c.name).sort()]);
const exportOf = (variant: string) => JSON.stringify(stackExport(runs[variant].update));

/** One change as Pulumi would write it: the steps of a preview while `from` is deployed. */
function change(from: string, to: string) {
  const before = runs[from].update;
  const steps = changeSteps(before, runs[to].update, runs[to].preview);
  const state = parseState(exportOf(from), `${from}.json`);
  return {
    state,
    expected: parseDocument(exportOf(to)),
    complete: {
      "preview --json, with --state": () => parseDocument(goIndented(previewDigest(steps)), "preview.json", state),
      "preview --json --show-sames": () => parseDocument(goIndented(previewDigest(steps, { showSames: true })), "preview.json"),
      "up --json": () => parseDocument(upJson(before, runs[to].update, runs[to].preview), "up.json"),
      "the event log of up": () => parseDocument(engineEvents(planSteps(before, runs[to].update), { preview: false, applied: runs[to].update, eventLog: true }), "up.log"),
    },
    plain: () => parseDocument(goIndented(previewDigest(steps)), "preview.json"),
    stream: () => parseDocument(engineEvents(steps, { preview: true }), "preview.jsonl", state),
  };
}

const PAIRS = VARIANTS.flatMap((from) => VARIANTS.filter((to) => to !== from).map((to) => [from, to]));

describe.each(PAIRS)("%s -> %s", (from, to) => {
  test("every complete form gives the stack export's verdicts, and review the exports' changes", () => {
    const c = change(from, to);
    const exported = openings(parseDocument(exportOf(from)).after, c.expected.after);
    for (const [form, read] of Object.entries(c.complete)) {
      const doc = read();
      expect({ form, verdicts: verdicts(doc) }).toEqual({ form, verdicts: verdicts(c.expected) });
      expect({ form, openings: openings(doc.before, doc.after) }).toEqual({ form, openings: exported });
    }
  });

  test("plain preview --json without --state is refused, naming both fixes", () => {
    expect(change(from, to).plain).toThrow(/leaves out \d+ unchanged resources.*--show-sames.*--state with a pulumi stack export/);
  });

  test("the preview's event stream with --state: the export's verdicts, or cannot verify where events lack a link", () => {
    const c = change(from, to);
    const doc = c.stream();
    const found = verdicts(doc);
    const key = (v: unknown[]) => `${v[0]} ${v[3]}`;
    if (unlinked(doc.after).length === 0) expect(found).toEqual(verdicts(c.expected));
    else expect(found.every(([, level, certainty]) => level === "advisory" && certainty === "unverified")).toBe(true);
    expect(verdicts(c.expected).map(key).every((k) => found.map(key).includes(k))).toBe(true);
  });
});

describe("every op kind, from the preview's steps and from the events", () => {
  const sg = (name: string, description: string, extra: Partial<RecordedResource> = {}): RecordedResource => ({
    urn: `urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::${name}`,
    type: "aws:ec2/securityGroup:SecurityGroup",
    name,
    custom: true,
    id: `${name}-id`,
    inputs: { description },
    outputs: { description, id: `${name}-id`, arn: `arn:${name}` },
    dependencies: [],
    propertyDependencies: {},
    ...extra,
  });
  const stored = sg("sg", "a");
  const goal = (description: string) => ({ ...sg("sg", description), id: undefined, outputs: {} });
  type Expected = { id?: string; description?: string; arn?: string } | "absent";
  const cases: [string, Step[], Expected][] = [
    ["create", [{ op: "create", goal: goal("a") }], { description: "a" }],
    ["same", [{ op: "same", old: stored, goal: goal("a") }], { id: "sg-id", description: "a", arn: "arn:sg" }],
    ["update", [{ op: "update", old: stored, goal: goal("b") }], { id: "sg-id", description: "b", arn: "arn:sg" }],
    ["replace", [{ op: "create-replacement", old: stored, goal: goal("b") }, { op: "replace", old: stored, goal: goal("b") }, { op: "delete-replaced", old: stored }], { description: "b" }],
    ["delete", [{ op: "delete", old: stored }], "absent"],
    ["read", [{ op: "read", goal: goal("a"), id: "sg-read" }], { id: "sg-read", description: "a" }],
    ["import", [{ op: "import", goal: goal("a"), id: "sg-imported" }], { id: "sg-imported", description: "a" }],
    ["refresh that finds a change", [{ op: "refresh", old: stored, found: sg("sg", "drifted") }], { id: "sg-id", description: "drifted", arn: "arn:sg" }],
    ["refresh that finds the resource gone", [{ op: "refresh", old: stored, found: "gone" }], "absent"],
    ["discard", [{ op: "discard", old: stored }], "absent"],
  ];
  const forms: [string, (steps: Step[]) => string][] = [
    ["preview --json --show-sames --show-replacement-steps", (steps) => goIndented(previewDigest(steps, { showSames: true, showReplacementSteps: true }))],
    ["preview --json --show-sames (replacement steps left out)", (steps) => goIndented(previewDigest(steps, { showSames: true }))],
    ["event stream", (steps) => engineEvents(steps, { preview: true })],
  ];

  test.each(cases.flatMap(([op, steps, expected]) => forms.map(([form, write]) => [op, form, write(steps), expected] as const)))("%s in %s", (_op, _form, text, expected) => {
    const doc = parseDocument(text, "doc");
    const r = doc.after.find((a) => a.name === "sg");
    if (expected === "absent") return expect(r).toBeUndefined();
    const { id, description, arn } = expected;
    expect({ id: r?.id, description: r?.outputs.description, arn: r?.outputs.arn }).toEqual({ id, description, arn });
    expect(doc.before.map((b) => b.name)).toEqual(cases.find(([op]) => op === _op)![1].some((s) => s.old) ? ["sg"] : []);
  });
});

describe("a change that only removes the NACL deny, from plain pulumi preview --json", () => {
  let preview: string;
  let state: string;
  beforeAll(() => {
    const before = runs["denied-by-nacl"].update;
    preview = write(dir, "deny-removed.json", goIndented(previewDigest(changeSteps(before, runs.exposed.update, runs.exposed.preview))));
    state = write(dir, "denied-by-nacl.export.json", exportOf("denied-by-nacl"));
  });

  test.each(["scan", "review"])("%s without --state exits 2, naming --show-sames and --state", async (command) => {
    const run = await clsGuard([command, preview]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/leaves out \d+ unchanged resources.*--show-sames.*--state/);
    expect(run.stdout).toBe("");
  });

  test("scan with --state blocks it", async () => {
    const run = await clsGuard(["scan", preview, "--state", state, "--format", "json", "--today", TODAY]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ policy: "cls-ports-closed", enforcementLevel: "mandatory", certainty: "definite", name: "edge-av-media-tcp" });
  });

  test("review with --state names the NACL as what widens the opening, and fails the gate", async () => {
    const run = await clsGuard(["review", preview, "--state", state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/SecurityGroupRule "edge-av-media-tcp" widens: .*\[protected ports\] - caused by NetworkAcl "edge-public-acl"/);
  });

  test.each([
    ["a stack export to scan", () => ["scan", state, "--state", state], "--state goes with a preview or an event stream"],
    ["the export of another stack", () => ["scan", preview, "--state", write(dir, "other.json", stackExport([]))], /--state \S*other\.json is not the stack \S*deny-removed\.json was planned from/],
    ["a preview as --state", () => ["scan", preview, "--state", preview], "is not a stack export"],
  ] as const)("--state with %s exits 2", async (_name, args, reason) => {
    const run = await clsGuard(args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
  });
});

describe("incomplete runs exit 2; a preview failed only by mandatory policy violations is whole", () => {
  const steps = () => planSteps(runs["denied-by-nacl"].update, runs["denied-by-nacl"].update);
  const events = (options: Omit<RunOptions, "preview">) => engineEvents(steps(), { preview: true, ...options });
  const mandatory: Violation = { pack: "cls-guard", version: "0.1.0", policy: "cls-ports-closed", level: "mandatory", urn: "", message: "m" };
  const cases: [string, () => string, string | undefined][] = [
    ["a cut-short event stream", () => events({ cutShort: true }), "ends before the engine's summaryEvent"],
    ["a failed run", () => events({ error: "creating edge-vpc: AccessDenied" }), 'reported an error: "creating edge-vpc: AccessDenied"'],
    ["a cancelled run", () => events({ result: "canceled" }), "the run was cancelled"],
    ["a failed update", () => engineEvents(steps(), { preview: false, result: "failed" }), "is not a whole update: the run failed"],
    ["a preview document with an error", () => goIndented(previewDigest(steps(), { showSames: true, error: "AccessDenied" })), 'records a failed preview ("error: AccessDenied")'],
    ["a preview failed by a mandatory policy violation", () => events({ violations: [mandatory] }), undefined],
  ];
  test.each(cases)("%s", async (_name, text, reason) => {
    const run = await clsGuard(["scan", write(dir, "run.jsonl", text()), "--state", write(dir, "state.json", exportOf("denied-by-nacl"))]);
    if (reason === undefined) return expect(run.code).toBe(0);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain("cls-guard judges only complete");
  });
});

describe("policy events of a pulumi preview --policy-pack run, every pack", () => {
  /** What the engine's run of the cls-guard pack reports: the same policies on the same plan. */
  const engineReports = (findings: readonly ReportFinding[]): Violation[] => findings.map((f) => ({ pack: "cls-guard", version: "0.1.0", policy: f.policy, level: f.enforcementLevel, urn: f.urn, message: f.message }));
  const other: Violation = { pack: "aws-tagging", version: "2.0.1", policy: "require-owner-tag", level: "advisory", urn: "", message: "the stack has no owner tag" };
  const scanLog = async (drop: number, format = "json") => {
    const before = runs["denied-by-nacl"].update;
    const steps = changeSteps(before, runs.exposed.update, runs.exposed.preview);
    const ours = engineReports(scan(parseDocument(exportOf("exposed")).after, planRuns({}), today));
    const log = engineEvents(steps, { preview: true, eventLog: true, violations: [...ours.slice(drop), other] });
    const args = ["scan", write(dir, "policy.log", log), "--state", write(dir, "nacl.json", exportOf("denied-by-nacl")), "--today", TODAY];
    return { json: JSON.parse((await clsGuard([...args, "--format", format])).stdout), text: (await clsGuard(args)).stdout };
  };

  test("are reported beside cls-guard's findings, under their pack and policy names", async () => {
    const { json, text } = await scanLog(0);
    expect(json.input.kind).toBe("preview-events");
    expect(json.policyEvents.map((e: { pack: string; policy: string; enforcementLevel: string }) => [e.pack, e.policy, e.enforcementLevel])).toEqual([
      ["cls-guard", "cls-ports-closed", "mandatory"],
      ["cls-guard", "media-range-inbound-justified", "advisory"],
      ["cls-guard", "media-range-inbound-justified", "advisory"],
      ["aws-tagging", "require-owner-tag", "advisory"],
    ]);
    expect(json.policyEvents[3]).toEqual({ pack: "aws-tagging", packVersion: "2.0.1", policy: "require-owner-tag", enforcementLevel: "advisory", urn: "urn:pulumi:dev::cls-guard-edge::pulumi:pulumi:Stack::cls-guard-edge-dev", message: "the stack has no owner tag" });
    expect(json.disagreements).toEqual([]);
    expect(text).toContain("- [advisory] aws-tagging@2.0.1 require-owner-tag (stack): the stack has no owner tag");
  });

  test("SARIF carries every pack as a run of its own, its results located on their resources", async () => {
    const { json: log } = await scanLog(0, "sarif");
    expect(log).toBeValidSarifLog();
    expect(log.runs.map((r: Run) => [r.tool.driver.name, r.tool.driver.version, r.results?.length])).toEqual([
      ["cls-guard", expect.any(String), 3],
      ["cls-guard", "0.1.0", 3],
      ["aws-tagging", "2.0.1", 1],
    ]);
    const tagging = log.runs[2].results[0];
    expect(tagging).toMatchObject({ ruleId: "require-owner-tag", level: "warning", message: { text: "the stack has no owner tag" }, properties: { pack: "aws-tagging", source: "engine" } });
    expect(tagging.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/pulumi:pulumi:Stack::cls-guard-edge-dev$/);
    expect(log.runs[1].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("stacks/edge/index.ts");
  });

  test("where the engine's run of the cls-guard pack and cls-guard disagree, the report says so", async () => {
    const { json: log } = await scanLog(1, "sarif");
    expect(log.runs[0].properties.disagreements).toEqual([expect.objectContaining({ policy: "cls-ports-closed", clsGuard: "mandatory", engine: "none" })]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^cls-guard and the engine's run of the cls-guard pack disagree on cls-ports-closed for .*edge-av-media-tcp: cls-guard mandatory, engine none$/);
    const { json, text } = await scanLog(1);
    expect(json.disagreements).toEqual([{ policy: "cls-ports-closed", urn: expect.stringMatching(/edge-av-media-tcp$/), clsGuard: "mandatory", engine: "none" }]);
    expect(text).toContain("- cls-ports-closed (SecurityGroupRule: edge-av-media-tcp): cls-guard mandatory, the engine's run of the pack none");
  });
});

test("a finding the event stream leaves unverifiable says how to make it definite", async () => {
  const file = write(dir, "first.jsonl", engineEvents(planSteps([], runs.exposed.preview), { preview: true }));
  const run = await clsGuard(["scan", file, "--format", "json", "--today", TODAY]);
  const finding = JSON.parse(run.stdout).findings[0];
  expect(finding).toMatchObject({ policy: "cls-ports-closed", enforcementLevel: "advisory", certainty: "unverified" });
  expect(finding.message).toMatch(/Cannot verify: \d+ reference\(s\) hold values unknown at preview that no property dependency links \(.*Subnet "edge-public-a" vpcId/);
  expect(finding.message).toContain("scan `pulumi preview --json --show-sames`, whose steps carry them, or give --state");
  expect(run.code).toBe(0);
});

describe("where an event stream starts: the first line that opens an engine event", () => {
  const event = '{"sequence":0,"timestamp":1700000000,"preludeEvent":{}}';
  test.each([
    ["an event log", `${event}\n${event}\n`, 0],
    ["a preview's document, then its events (up --json)", `{\n  "steps": []\n}\n${event}\n`, 18],
    ["an event line that starts with the timestamp", `\n{"timestamp":1700000000,"cancelEvent":{}}`, 1],
    ["a line that opens another object first", `{"config":{}}\n${event}`, 14],
    ["a pretty-printed stack export", '{\n  "version": 3,\n  "deployment": {\n    "resources": []\n  }\n}\n', -1],
    ["a one-line stack export", '{"version":3,"deployment":{"resources":[]}}', -1],
    ["an event's keys not at a line's start", `{"note": ${JSON.stringify(event)}}`, -1],
    ["nothing", "", -1],
  ])("%s", (_, text, expected) => {
    expect(firstEventLine(text)).toBe(expected);
  });
});
