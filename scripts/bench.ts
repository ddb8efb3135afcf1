import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess, type EngineResource } from "../harness/engine";
import { ROOT } from "../harness/paths";
import { syntheticAzureExport, syntheticExport, syntheticGcpExport, type ExportedResource, type StackExport } from "./generate";

/**
 * `npm run bench`, for stack exports of 1k, 10k and 100k resources:
 * - `cls-guard scan` (read, parse, evaluate every policy, write JSON) against JSON.parse alone on
 *   the same file, and the scan's peak memory, for an AWS, an Azure and a Google Cloud stack. Each
 *   scan runs in a fresh process.
 * - AnalyzeStack over the engine protocol: the cls-guard pack against no-op packs that report
 *   nothing (scripts/noop-pack): one stack policy reading every prop through @pulumi/policy's proxy;
 *   as many as cls-guard has, each reading everything, since the policy server deserializes the
 *   stack once per stack policy; and as many served as cls-guard's are (a worker thread, one
 *   decoding and one reading between them), which leaves cls-guard's judging as the difference. All
 *   are started as the engine starts a pack, one call per fresh pack process, the request encoded
 *   beforehand.
 *
 *   node dist/scripts/bench.js [sizes...]   e.g. 1000 10000 100000
 */
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [1_000, 10_000, 100_000];
const MAIN = path.join(__dirname, "../cli/main.js");
const NOOP_PACKS = {
  one: path.join(ROOT, "scripts/noop-pack/one"),
  asMany: path.join(ROOT, "scripts/noop-pack/as-many"),
  servedAsClsGuard: path.join(ROOT, "scripts/noop-pack/served-as-cls-guard"),
};
const RUNS = 3;

interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function timing(msList: number[]): Timing {
  const sorted = [...msList].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

const seconds = (ms: number, digits = 2) => `${(ms / 1000).toFixed(digits)} s`;
/** The median with the spread of the runs: the machine is shared, so one figure would mislead. */
const spread = (t: Timing) => `${seconds(t.median)} (${seconds(t.min)}-${seconds(t.max)})`;

function timeParse(text: string): Timing {
  return timing(Array.from({ length: RUNS }, () => {
    const t = process.hrtime.bigint();
    JSON.parse(text);
    return Number(process.hrtime.bigint() - t) / 1e6;
  }));
}

/** A scan in a process of its own, timed there (no node start-up), with its peak resident memory. */
function timeScan(file: string): { time: Timing; peakMb: number; findings: number } {
  const probe = `
    const { main } = require(${JSON.stringify(MAIN)});
    const t = process.hrtime.bigint();
    main(["scan", ${JSON.stringify(file)}, "--format", "json", "--output", ${JSON.stringify(`${file}.report.json`)}, "--quiet", "--fail-on", "never"]).then((code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const findings = JSON.parse(require("fs").readFileSync(${JSON.stringify(`${file}.report.json`)}, "utf8")).findings.length;
      process.stdout.write(JSON.stringify({ code, ms, peakMb: process.resourceUsage().maxRSS / 1024, findings }));
    });`;
  const runs = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, ["-e", probe], { maxBuffer: 1 << 20 }).toString()));
  if (runs.some((r) => r.code !== 0)) throw new Error("scan failed");
  return { time: timing(runs.map((r) => r.ms)), peakMb: Math.max(...runs.map((r) => r.peakMb)), findings: runs[0].findings };
}

/** What the engine sends for a resource of the export at AnalyzeStack: its outputs. */
function engineResource(r: ExportedResource): EngineResource {
  return { urn: r.urn, type: r.type, name: r.urn.slice(r.urn.lastIndexOf("::") + 2), props: r.outputs, propertyDependencies: r.propertyDependencies };
}

/** One AnalyzeStack per fresh pack process, as in a `pulumi preview`; start-up is not timed. */
async function timeAnalyzeStack(packDir: string | undefined, request: Uint8Array): Promise<{ time: Timing; diagnostics: number; peakMb?: number }> {
  const ms: number[] = [];
  const peaks: number[] = [];
  let diagnostics = 0;
  for (let run = 0; run < RUNS; run++) {
    const pack = await PolicyPackProcess.start(packDir);
    try {
      await pack.configure();
      const t = process.hrtime.bigint();
      diagnostics = (await pack.analyzeEncodedStack(request)).length;
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      const peak = pack.peakResidentMb();
      if (peak !== undefined) peaks.push(peak);
    } finally {
      pack.stop();
    }
  }
  return { time: timing(ms), diagnostics, peakMb: peaks.length ? Math.max(...peaks) : undefined };
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

const CLOUDS: [string, (n: number) => StackExport][] = [
  ["aws", syntheticExport],
  ["azure", syntheticAzureExport],
  ["gcp", syntheticGcpExport],
];

/** One scan row per cloud and size, with the growth from the size before. */
function scanRows(dir: string): string[][] {
  return CLOUDS.flatMap(([cloud, generate]) => {
    let previous: { n: number; ms: number } | undefined;
    return sizes.map((n) => {
      const file = path.join(dir, `${cloud}-${n}.json`);
      const text = JSON.stringify(generate(n));
      fs.writeFileSync(file, text);
      const parse = timeParse(text);
      const scan = timeScan(file);
      const growth = previous ? `${(scan.time.median / previous.ms).toFixed(1)}x for ${n / previous.n}x` : "";
      previous = { n, ms: scan.time.median };
      return [cloud, n.toLocaleString("en"), `${(text.length / 1024 / 1024).toFixed(1)} MiB`, `${scan.findings}`, spread(scan.time), seconds(parse.median, 3), `${(scan.time.median / parse.median).toFixed(1)}x`, `${scan.peakMb.toFixed(0)} MiB`, growth];
    });
  });
}

/** AnalyzeStack rows (AWS): the cls-guard pack against the no-op packs. */
async function engineRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const n of sizes) {
    const request = PolicyPackProcess.encodeStack(syntheticExport(n).deployment.resources.map(engineResource));
    const clsGuard = await timeAnalyzeStack(undefined, request);
    const one = await timeAnalyzeStack(NOOP_PACKS.one, request);
    const asMany = await timeAnalyzeStack(NOOP_PACKS.asMany, request);
    const servedAsClsGuard = await timeAnalyzeStack(NOOP_PACKS.servedAsClsGuard, request);
    const ratio = (baseline: Timing) => `${(clsGuard.time.median / baseline.median).toFixed(2)}x`;
    const mib = (mb?: number) => (mb === undefined ? "n/a" : `${mb.toFixed(0)} MiB`);
    const memory = `${mib(clsGuard.peakMb)} / ${mib(one.peakMb)}`;
    rows.push([n.toLocaleString("en"), `${(request.byteLength / 1024 / 1024).toFixed(1)} MiB`, `${clsGuard.diagnostics}`, spread(clsGuard.time), spread(one.time), ratio(one.time), spread(asMany.time), ratio(asMany.time), spread(servedAsClsGuard.time), ratio(servedAsClsGuard.time), memory]);
  }
  return rows;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cls-guard-bench-"));
  try {
    process.stdout.write(table(["cloud", "resources", "file", "findings", "cls-guard scan", "JSON.parse", "ratio", "peak memory", "growth"], scanRows(dir)));
    process.stdout.write("\n");
    process.stdout.write(table(["resources", "request", "diagnostics", "cls-guard AnalyzeStack", "no-op, 1 stack policy", "ratio", "no-op, as many stack policies", "ratio", "no-op, served as cls-guard", "ratio", "peak memory (cls-guard / no-op)"], await engineRows()));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
