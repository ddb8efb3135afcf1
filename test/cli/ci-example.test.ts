import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { changeSteps, previewDigest } from "../../harness/documents";
import { exampleRun } from "../../harness/example";
import { ROOT } from "../../harness/paths";
import { runAction, runnerContext } from "../support/action";
import { packTarball } from "../support/npmPack";
import { scratchDir } from "../support/scratch";

/** examples/ci stays runnable: its cls-guard step, run through the action, gates a real preview. */
interface WorkflowStep {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
const workflow = yaml.load(fs.readFileSync(path.join(ROOT, "examples/ci/cls-guard.yml"), "utf8")) as { jobs: Record<string, { steps: WorkflowStep[] }> };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const clsGuardStep = steps.find((s) => s.uses?.startsWith("cls-guard/cls-guard@"))!;

test("the workflow gates with the installed pack and runs the action on the whole plan", () => {
  expect(steps.some((s) => /pulumi preview .*--policy-pack node_modules\/cls-guard\/policies --policy-pack-config/.test(s.run ?? ""))).toBe(true);
  const plan = steps.find((s) => (s.run ?? "").includes("--json"))!;
  expect(plan.run).toContain("--show-sames");
  expect(plan.run).toContain(`> ${clsGuardStep.with!.document}`);
});

test("its cls-guard step fails a pull request that exposes the CLS ports, with findings and the review", async () => {
  const work = scratchDir("ci");
  const [compliant, exposed, planned] = await Promise.all([exampleRun("compliant", false, "dev"), exampleRun("exposed", false, "dev"), exampleRun("exposed", true, "dev")]);
  fs.writeFileSync(path.join(work, clsGuardStep.with!.document), JSON.stringify(previewDigest(changeSteps(compliant, exposed, planned), { showSames: true })));
  fs.mkdirSync(path.join(work, "examples/ci"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "examples/ci/cls-guard.json"), path.join(work, "examples/ci/cls-guard.json"));
  const result = runAction({ ...clsGuardStep.with, package: packTarball(work) }, runnerContext(work, "pull_request"));
  const scan = result.find((s) => s.name === "cls-guard scan")!;
  expect(scan.outputs["exit-code"]).toBe("1");
  expect(JSON.parse(fs.readFileSync(path.join(work, scan.outputs.report), "utf8")).runs[0].results.length).toBeGreaterThan(0);
  expect(result.find((s) => s.name === "cls-guard review")!.outputs.review).toBeTruthy();
  expect(result[result.length - 1]).toMatchObject({ name: "Gate", code: 1 });
}, 120_000);
