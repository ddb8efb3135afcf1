import { shipped } from "../../harness/paths";
import { runInWorker, YOUNG_GENERATION_MB, type WorkerOptions } from "../../src/worker";
import { runNode, write, type Run } from "../support/cli";
import { scratchDir } from "../support/scratch";

/**
 * runInWorker (src/worker.ts), which the command and the pack run their large work in: a module
 * in a worker thread, watched from a process of its own as the engine or a CI runner watches it.
 * The process ends with exitCode, as its callers do: process.exit would drop what stdout still
 * buffers for a reader slower than the worker.
 */
const dir = scratchDir("cli");

/** Runs `source` as a module through runInWorker (as the command does) or handOverToWorker (as the pack's entry does). */
function runModule(source: string, options: WorkerOptions = {}, how: "runInWorker" | "handOverToWorker" = "runInWorker"): Promise<Run> {
  const module = write(dir, `m${Math.random().toString(36).slice(2)}.js`, source);
  const worker = `require(${JSON.stringify(shipped("src/worker.js"))})`;
  const runner =
    how === "runInWorker"
      ? `${worker}.runInWorker(${JSON.stringify(module)}, ${JSON.stringify(options)}).then((code) => { process.exitCode = code; });`
      : `${worker}.handOverToWorker(${JSON.stringify(module)});`;
  return runNode(["-e", runner]);
}

const LINES = 20_000;

test.each<[string, string, WorkerOptions, Partial<Run>]>([
  [
    "every line of output passes through, and the worker's exit code is the process's",
    `for (let i = 0; i < ${LINES}; i++) process.stdout.write(i + "\\n"); process.stderr.write("last words\\n"); process.exitCode = 3;`,
    {},
    { code: 3, stdout: Array.from({ length: LINES }, (_, i) => `${i}\n`).join(""), stderr: "last words\n" },
  ],
  [
    "the worker gets the larger young generation",
    `process.stdout.write(String(require("worker_threads").resourceLimits.maxYoungGenerationSizeMb));`,
    {},
    { code: 0, stdout: String(YOUNG_GENERATION_MB) },
  ],
  [
    "arguments and worker data reach the worker",
    `process.stdout.write(JSON.stringify([process.argv.slice(2), require("worker_threads").workerData]));`,
    { argv: ["scan", "-"], workerData: { stdoutIsTerminal: true } },
    { code: 0, stdout: JSON.stringify([["scan", "-"], { stdoutIsTerminal: true }]) },
  ],
  [
    "a message written just before process.exit (as @pulumi/policy refuses a pack) still arrives",
    `console.error("Invalid policy pack name"); process.exit(1);`,
    {},
    { code: 1, stdout: "", stderr: "Invalid policy pack name\n" },
  ],
  ["a worker that ends on its own exits 0", `process.stdout.write("done");`, {}, { code: 0, stdout: "done", stderr: "" }],
])("%s", async (_, source, options, expected) => {
  expect(await runModule(source, options)).toMatchObject(expected);
});

const CRASH = `function startServer() { throw new Error("cannot bind"); } startServer();`;

test("an exception the worker does not catch rejects, after its output, for the caller to report (the command: one line, exit 2)", async () => {
  const module = write(dir, "crash.js", CRASH);
  await expect(runInWorker(module)).rejects.toThrow("cannot bind");
});

test("an entry that hands over to a worker that crashes ends as node ends a main thread: the stack on stderr, exit 1", async () => {
  const run = await runModule(`process.stdout.write("starting\\n"); ${CRASH}`, {}, "handOverToWorker");
  expect(run).toMatchObject({ code: 1, stdout: "starting\n" });
  expect(run.stderr).toMatch(/^Error: cannot bind\n\s+at startServer/);
});
