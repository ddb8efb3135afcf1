import * as path from "path";
import { isMainThread, workerData } from "worker_threads";
import { runInWorker } from "../src/worker";
import { sizeOf } from "./files";

/**
 * Large inputs are judged in a worker thread with a larger young generation (src/worker.ts says
 * why). Below the threshold the worker's start (about 0.1 s) costs more than it saves.
 */
export const LARGE_INPUT_BYTES = 32 * 1024 * 1024;

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

/** Runs the command line again in a worker (main.js is its entry) and resolves to its exit code. */
export function inWorker(argv: readonly string[]): Promise<number> {
  return runInWorker(path.join(__dirname, "main.js"), { argv, workerData: { stdoutIsTerminal: stdoutIsTerminal() } });
}
