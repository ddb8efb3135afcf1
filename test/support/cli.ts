import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { previewEvents, previewJson, stackExport } from "../../harness/documents";
import { exampleRun } from "../../harness/example";
import { shipped } from "../../harness/paths";
import type { RecordedResource } from "../../harness/programRun";

/** Runs the built `cls-guard` command as a user would, in a process of its own. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function clsGuard(args: readonly string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return runNode([shipped("cli/main.js"), ...args], options);
}

/** Runs node with these arguments in a process of its own, its output and exit code collected. */
export function runNode(args: readonly string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...args], { env: { ...process.env, ...options.env }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    else child.stdin!.end();
  });
}

export const TODAY = "2026-11-21";

export function write(dir: string, name: string, content: string | object): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/**
 * The stacks/edge variants as the Pulumi CLI would write them: a stack export after an update, a
 * preview of a first deployment. All are stack "dev", so that documents of two variants are one
 * stack before and after a change.
 */
export async function exampleDocuments(dir: string, variant: string): Promise<{ export: string; preview: string; events: string; update: RecordedResource[]; planned: RecordedResource[] }> {
  const [update, planned] = await Promise.all([exampleRun(variant, false, "dev"), exampleRun(variant, true, "dev")]);
  return {
    export: write(dir, `${variant}.export.json`, stackExport(update)),
    preview: write(dir, `${variant}.preview.json`, previewJson([], planned)),
    events: write(dir, `${variant}.events.jsonl`, previewEvents([], planned)),
    update,
    planned,
  };
}
