import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ROOT } from "../../harness/paths";

/**
 * Runs the composite action in action.yml as a GitHub runner does: each `run` step in bash with
 * `-eo pipefail`, its env built from the workflow expressions the action uses, step outputs read
 * from $GITHUB_OUTPUT. Steps that call other actions (`uses:`) cannot run here; they are returned
 * with their inputs resolved, so that a test can check what they would be given.
 */
interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly run?: string;
}

interface ActionFile {
  readonly inputs: Record<string, { default?: string; required?: boolean }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

export const ACTION: ActionFile = yaml.load(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionFile;

export interface Context {
  readonly workdir: string;
  readonly runnerTemp: string;
  readonly event: "push" | "pull_request";
  /** Extra environment, e.g. PATH with a recording `gh`, npm_config_offline. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface StepRun {
  readonly name: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  /** For a `uses:` step: the action and its inputs, resolved; it was not run. */
  readonly uses?: { readonly action: string; readonly with: Record<string, string> };
}

/**
 * A runner's context in a temporary folder under `workdir`: cls-guard installs offline (from the
 * cache scripts/consumer-cache.sh fills), and `gh` only records what it is asked in `ghLog`
 * (GitHub is not reachable here).
 */
export function runnerContext(workdir: string, event: Context["event"]): Context & { ghLog: string } {
  const runnerTemp = fs.mkdtempSync(path.join(workdir, "runner-"));
  const bin = path.join(runnerTemp, "bin");
  const ghLog = path.join(runnerTemp, "gh.log");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "gh"), `#!/usr/bin/env bash\necho "$*" >>"${ghLog}"\n`, { mode: 0o755 });
  return { workdir, runnerTemp, event, ghLog, env: { PATH: `${bin}:${process.env.PATH}`, npm_config_offline: "true" } };
}

function readOutputs(file: string): Record<string, string> {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  return Object.fromEntries(text.split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** Runs every step in order, as long as the steps before succeeded (no step here asks for always()). */
export function runAction(inputs: Record<string, string>, context: Context): StepRun[] {
  const missing = Object.entries(ACTION.inputs).filter(([name, spec]) => spec.required && inputs[name] === undefined);
  if (missing.length > 0) throw new Error(`required inputs missing: ${missing.map(([n]) => n).join(", ")}`);
  const outputs: Record<string, Record<string, string>> = {};
  const value = (expression: string): string => {
    const [scope, ...rest] = expression.split(".");
    const key = rest.join(".");
    if (scope === "inputs") return inputs[key] ?? ACTION.inputs[key]?.default ?? "";
    if (scope === "runner" && key === "temp") return context.runnerTemp;
    if (scope === "github") return { token: "test-token", event_name: context.event, "event.pull_request.number": context.event === "pull_request" ? "17" : "" }[key] ?? fail(expression);
    if (scope === "steps" && rest[1] === "outputs") return outputs[rest[0]]?.[rest.slice(2).join(".")] ?? "";
    return fail(expression);
  };
  const resolve = (text: string) => text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, e: string) => value(e));
  const runs: StepRun[] = [];
  for (const [i, step] of ACTION.runs.steps.entries()) {
    if (step.uses) {
      runs.push({ name: step.name, code: 0, stdout: "", stderr: "", outputs: {}, uses: { action: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, resolve(v)])) } });
      continue;
    }
    if (/\$\{\{/.test(step.run ?? "")) throw new Error(`step "${step.name}" pastes an expression into its script; pass it through env`);
    const outputFile = path.join(context.runnerTemp, `output-${i}`);
    const env = { ...process.env, ...context.env, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: context.runnerTemp, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, resolve(v)])) };
    const child = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], { cwd: context.workdir, env, encoding: "utf8", timeout: 120_000 });
    const run = { name: step.name, code: child.status, stdout: child.stdout, stderr: child.stderr, outputs: readOutputs(outputFile) };
    runs.push(run);
    if (step.id) outputs[step.id] = run.outputs;
    if (run.code !== 0) break;
  }
  return runs;
}

function fail(expression: string): never {
  throw new Error(`the action uses \${{ ${expression} }}, which this runner does not provide`);
}
