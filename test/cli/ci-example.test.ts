import * as fs from "fs";
import * as yaml from "js-yaml";
import { previewJson } from "../../harness/documents";
import { clsGuard, exampleDocuments, tempDir, write } from "../support/cli";

/** examples/ci stays runnable: every cls-guard command it runs works on a real preview. */
const workflow = yaml.load(fs.readFileSync("examples/ci/cls-guard.yml", "utf8")) as { jobs: Record<string, { steps: { run?: string; uses?: string }[] }> };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const commands = steps.flatMap((s) => (s.run ?? "").split("\n")).filter((line) => line.includes("cls-guard cls-guard "));

test("the workflow gates with the pack, uploads SARIF and comments the review", () => {
  expect(steps.some((s) => /pulumi preview .*--policy-pack cls-guard\/policies --policy-pack-config/.test(s.run ?? ""))).toBe(true);
  expect(steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))).toBe(true);
  expect(commands.map((c) => c.split(" cls-guard cls-guard ")[1].split(" ")[0])).toEqual(["scan", "review"]);
});

test.each(commands.map((c) => [c]))("%s runs on a preview of the example stack", async (command) => {
  const dir = tempDir();
  const exposed = await exampleDocuments(dir, "exposed");
  const preview = write(dir, "preview.json", previewJson([], exposed.planned));
  const args = command
    .split(" cls-guard cls-guard ")[1]
    .split(" ")
    .map((a) => (a === "preview.json" ? preview : a === "examples/ci/cls-guard.json" ? "examples/ci/cls-guard.json" : a.endsWith(".sarif") || a.endsWith(".md") ? `${dir}/${a}` : a));
  const run = await clsGuard(args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const output = args[args.indexOf("--output") + 1];
  expect(fs.readFileSync(output, "utf8").length).toBeGreaterThan(100);
}, 60_000);
