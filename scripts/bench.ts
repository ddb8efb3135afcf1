import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syntheticExport } from "./generate";

/**
 * `npm run bench`: for stack exports of 1k, 10k and 100k resources, the time `cls-guard scan`
 * takes (read, parse, evaluate every policy, write JSON), the time JSON.parse alone takes on the
 * same file, their ratio, and the scan's peak memory. Each scan runs in a fresh process.
 *
 *   node dist/scripts/bench.js [sizes...]   e.g. 1000 10000 100000
 */
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [1_000, 10_000, 100_000];
const MAIN = path.join(__dirname, "../cli/main.js");

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function timeParse(text: string): number {
  return median([0, 1, 2].map(() => {
    const t = process.hrtime.bigint();
    JSON.parse(text);
    return Number(process.hrtime.bigint() - t) / 1e6;
  }));
}

/** A scan in a process of its own, timed there (no node start-up), with its peak resident memory. */
function timeScan(file: string): { ms: number; peakMb: number; findings: number } {
  const probe = `
    const { main } = require(${JSON.stringify(MAIN)});
    const t = process.hrtime.bigint();
    main(["scan", ${JSON.stringify(file)}, "--format", "json", "--output", ${JSON.stringify(`${file}.report.json`)}, "--quiet", "--fail-on", "never"]).then((code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const findings = JSON.parse(require("fs").readFileSync(${JSON.stringify(`${file}.report.json`)}, "utf8")).findings.length;
      process.stdout.write(JSON.stringify({ code, ms, peakMb: process.resourceUsage().maxRSS / 1024, findings }));
    });`;
  const runs = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ["-e", probe], { maxBuffer: 1 << 20 }).toString()));
  if (runs.some((r) => r.code !== 0)) throw new Error("scan failed");
  return { ms: median(runs.map((r) => r.ms)), peakMb: Math.max(...runs.map((r) => r.peakMb)), findings: runs[0].findings };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cls-guard-bench-"));
const rows: string[][] = [];
let previous: { n: number; ms: number } | undefined;
for (const n of sizes) {
  const file = path.join(dir, `export-${n}.json`);
  const text = JSON.stringify(syntheticExport(n));
  fs.writeFileSync(file, text);
  const parseMs = timeParse(text);
  const scan = timeScan(file);
  const growth = previous ? `${(scan.ms / previous.ms).toFixed(1)}x for ${n / previous.n}x` : "";
  rows.push([n.toLocaleString("en"), `${(text.length / 1024 / 1024).toFixed(1)} MiB`, `${scan.findings}`, `${(scan.ms / 1000).toFixed(2)} s`, `${(parseMs / 1000).toFixed(3)} s`, `${(scan.ms / parseMs).toFixed(1)}x`, `${scan.peakMb.toFixed(0)} MiB`, growth]);
  previous = { n, ms: scan.ms };
}
fs.rmSync(dir, { recursive: true, force: true });

const head = ["resources", "file", "findings", "cls-guard scan", "JSON.parse", "ratio", "peak memory", "growth"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
process.stdout.write([line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n");
