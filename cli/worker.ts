import { once } from "events";
import * as path from "path";
import { finished } from "stream/promises";
import { isMainThread, Worker, workerData } from "worker_threads";
import { sizeOf } from "./files";

/**
 * Large inputs are judged in a worker thread with a larger young generation. Judging a stack fills
 * the heap with values that live for one policy or one path: with V8's default 16 MiB semi-spaces
 * most of them survive two scavenges and are copied each time, about a third of a 100k-resource
 * scan. A running thread cannot resize its own young generation; a new worker can be given one.
 * Below the threshold the worker's start (about 0.1 s) costs more than it saves.
 */
export const LARGE_INPUT_BYTES = 32 * 1024 * 1024;
export const YOUNG_GENERATION_MB = 384;

/** A file's size, or 0 where it cannot be read: the command reports that, in the thread that reads it. */
function bytes(file: string): number {
  try {
    return sizeOf(file);
  } catch {
    return 0;
  }
}

/**
 * Whether these inputs are worth a worker: asked on the main thread only (a worker judges what it
 * was given), and never of standard input, which only the main thread can read.
 */
export function wantsWorker(files: readonly (string | undefined)[]): boolean {
  if (!isMainThread || files.includes("-")) return false;
  return files.reduce((total, f) => total + (f === undefined ? 0 : bytes(f)), 0) >= LARGE_INPUT_BYTES;
}

/** Whether the command's standard output is a terminal; a worker's own is a pipe to the main thread, which knows. */
export function stdoutIsTerminal(): boolean {
  return isMainThread ? process.stdout.isTTY === true : (workerData as { stdoutIsTerminal?: boolean } | null)?.stdoutIsTerminal === true;
}

/**
 * Runs the command line again in a worker (main.js is its entry), passing its output through
 * unchanged, and resolves to its exit code once all of its output has been written.
 */
export async function inWorker(argv: readonly string[]): Promise<number> {
  const worker = new Worker(path.join(__dirname, "main.js"), {
    argv: [...argv],
    workerData: { stdoutIsTerminal: stdoutIsTerminal() },
    stdout: true,
    stderr: true,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  worker.stdout.pipe(process.stdout, { end: false });
  worker.stderr.pipe(process.stderr, { end: false });
  const [[code]] = await Promise.all([once(worker, "exit"), finished(worker.stdout), finished(worker.stderr)]);
  return code as number;
}
