import { finished } from "stream/promises";
import { Worker } from "worker_threads";

/**
 * Judging a large stack fills the heap with values that live for one policy or one path: with
 * V8's default 16 MiB semi-spaces most of them survive two scavenges and are copied each time,
 * about a third of a 100k-resource scan. Behind the policy server it is worse: the decoded request
 * keeps gigabytes alive, and every scavenge then costs 15-25 ms. A running thread cannot resize
 * its own young generation, and neither the engine nor the cls-guard command can give node flags
 * to the process they start; a new worker can be given one. (192 and 768 MiB measured no better.)
 */
export const YOUNG_GENERATION_MB = 384;

export interface WorkerOptions {
  readonly argv?: readonly string[];
  readonly workerData?: unknown;
}

/**
 * Runs a module in a worker thread with the larger young generation, its output passed through
 * unchanged, and resolves to its exit code once all of that output is written; an exception the
 * worker does not catch rejects it, once the output is written, so that the caller decides what a
 * crash means (the command reports it in one line and exits 2).
 */
export async function runInWorker(file: string, options: WorkerOptions = {}): Promise<number> {
  const worker = new Worker(file, {
    argv: [...(options.argv ?? [])],
    workerData: options.workerData,
    stdout: true,
    stderr: true,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  worker.stdout.pipe(process.stdout, { end: false });
  worker.stderr.pipe(process.stderr, { end: false });
  let crash: { error: unknown } | undefined;
  worker.on("error", (error) => (crash = { error }));
  const [code] = await Promise.all([new Promise<number>((resolve) => worker.on("exit", resolve)), finished(worker.stdout), finished(worker.stderr)]);
  if (crash) throw crash.error;
  return code;
}

/**
 * For an entry module: hands the process's work to `file` in the worker, and the process ends as
 * the worker does: with its exit code, or after a crash with the stack on stderr and code 1, as
 * node ends a main thread. It sets exitCode rather than calling exit(), which would drop what
 * stdout still buffers for a reader slower than the worker (the engine waiting for the port).
 */
export function handOverToWorker(file: string): void {
  runInWorker(file).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
