import * as fs from "fs";
import * as path from "path";
import { changeSteps, previewDigest, stackExport } from "../../harness/documents";
import { exampleRun } from "../../harness/example";
import type { RecordedResource } from "../../harness/programRun";
import { ACTION, runAction, runnerContext, type Context, type StepRun } from "../support/action";
import { packTarball } from "../support/npmPack";
import "../support/sarif";
import { scratchDir } from "../support/scratch";

/**
 * The GitHub Action's own commands, run as a runner runs them: cls-guard installed from its tarball
 * (offline), scan and review on documents of the stacks/edge example, the comment through a `gh`
 * that records what it is asked (GitHub is not reachable here), and the gate.
 */
const work = scratchDir("action");
const runs: Record<string, RecordedResource[]> = {};
let tarball: string;

const context = (event: Context["event"]) => runnerContext(work, event);

/** A `pulumi preview --json --show-sames` of the change from one variant to another. */
function preview(from: string, to: string): string {
  const steps = changeSteps(runs[`${from}:update`], runs[`${to}:update`], runs[`${to}:preview`]);
  const file = path.join(work, `${from}-to-${to}.json`);
  fs.writeFileSync(file, JSON.stringify(previewDigest(steps, { showSames: true })));
  return file;
}

const step = (result: readonly StepRun[], name: string) => result.find((s) => s.name === name);
const codes = (result: readonly StepRun[]) => result.map((s) => [s.name, s.code]);

beforeAll(async () => {
  tarball = packTarball(work);
  for (const v of ["compliant", "exposed"]) {
    [runs[`${v}:update`], runs[`${v}:preview`]] = await Promise.all([exampleRun(v, false, "dev"), exampleRun(v, true, "dev")]);
  }
}, 180_000);

test("the action is composite, and every input it reads is declared", () => {
  expect(ACTION.runs.using).toBe("composite");
  const used = ACTION.runs.steps.flatMap((s) => [...JSON.stringify(s).matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]));
  expect([...new Set(used)].filter((name) => !(name in ACTION.inputs))).toEqual([]);
});

test("a stack export that exposes the CLS ports: SARIF for code scanning, and the gate fails with the scan's exit code", () => {
  const exported = path.join(work, "exposed.export.json");
  fs.writeFileSync(exported, JSON.stringify(stackExport(runs["exposed:update"])));
  const ctx = context("push");
  const result = runAction({ document: exported, review: "false", package: tarball, output: path.join(ctx.runnerTemp, "cls-guard.sarif") }, ctx);
  expect(codes(result)).toEqual([
    ["Install cls-guard", 0],
    ["cls-guard scan", 0],
    ["cls-guard review", 0],
    ["Upload SARIF to code scanning", 0],
    ["Comment on the pull request", 0],
    ["Gate", 1],
  ]);
  const report = step(result, "cls-guard scan")!.outputs.report;
  expect(step(result, "cls-guard scan")!.outputs["exit-code"]).toBe("1");
  const sarif = JSON.parse(fs.readFileSync(report, "utf8"));
  expect(sarif).toBeValidSarifLog();
  expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain("cls-ports-closed");
  expect(step(result, "Upload SARIF to code scanning")!.uses).toEqual({ action: "github/codeql-action/upload-sarif@v3", with: { sarif_file: report, category: "cls-guard" } });
  expect(fs.existsSync(ctx.ghLog)).toBe(false);
  expect(step(result, "Gate")!.stdout).toContain("cls-guard scan exited 1");
});

test("a pull request whose preview opens the CLS ports: the review is commented, and the review gate fails the job", () => {
  const ctx = context("pull_request");
  const result = runAction({ document: preview("compliant", "exposed"), "fail-on": "never", package: tarball, output: path.join(ctx.runnerTemp, "report.sarif") }, ctx);
  expect(step(result, "cls-guard review")!.outputs["exit-code"]).toBe("1");
  const review = step(result, "cls-guard review")!.outputs.review;
  expect(fs.readFileSync(review, "utf8")).toContain(":x: **this change exposes protected ports**");
  expect(fs.readFileSync(ctx.ghLog, "utf8")).toBe(`pr comment 17 --body-file ${review} --edit-last\n`);
  expect(step(result, "Gate")).toMatchObject({ code: 1, stdout: expect.stringContaining("cls-guard review exited 1") });
});

test("a pull request that changes nothing exposed passes", () => {
  const ctx = context("pull_request");
  const result = runAction({ document: preview("compliant", "compliant"), package: tarball, output: path.join(ctx.runnerTemp, "report.sarif") }, ctx);
  expect(codes(result).every(([, code]) => code === 0)).toBe(true);
  expect(fs.readFileSync(ctx.ghLog, "utf8")).toContain("pr comment 17");
});

test("unusable input fails the job with exit 2, and no SARIF is uploaded", () => {
  const ctx = context("push");
  const result = runAction({ document: path.join(work, "missing.json"), review: "false", package: tarball }, ctx);
  expect(step(result, "cls-guard scan")!.outputs["exit-code"]).toBe("2");
  expect(step(result, "cls-guard scan")!.stderr).toContain("no such file");
  expect(ACTION.runs.steps.find((s) => s.uses)!.if).toContain("steps.scan.outputs.exit-code != '2'");
  expect(step(result, "Gate")!.code).toBe(2);
});
