import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { shipped } from "../../harness/paths";
import { syntheticExport } from "../../scripts/generate";
import { clsGuard, write } from "../support/cli";
import { scratchDir } from "../support/scratch";

/** Unusable input and arguments: exit 2 with a one-line reason, never a stack trace or a pass. */
const dir = scratchDir("cli");
const sg = { urn: "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::edge", type: "aws:ec2/securityGroup:SecurityGroup", outputs: {} };
const exportOf = (resources: unknown[]) => JSON.stringify({ version: 3, deployment: { resources } });

const cases: [string, () => string[], string][] = [
  ["not JSON", () => ["scan", write(dir, "a.txt", "hello world")], "is not valid JSON"],
  ["truncated JSON", () => ["scan", write(dir, "b.json", exportOf([sg]).slice(0, 60))], "is not valid JSON (is it truncated?)"],
  ["an empty file", () => ["scan", write(dir, "c.json", "")], "is empty"],
  ["a JSON array", () => ["scan", write(dir, "d.json", "[1,2]")], "is JSON but not a Pulumi document"],
  ["a JSON object of the wrong shape", () => ["scan", write(dir, "e.json", { hello: 1 })], 'neither "deployment" (pulumi stack export) nor "steps"'],
  ["resources that are not resources", () => ["scan", write(dir, "f.json", { deployment: { resources: [{ urn: 42 }] } })], "looks like a stack-export but /deployment/resources/0"],
  ["a step without op", () => ["scan", write(dir, "g.json", { steps: [{ urn: "x" }] })], "looks like a preview but /steps/0 must have required property 'op'"],
  ["a URN that is no URN", () => ["scan", write(dir, "h.json", exportOf([{ ...sg, urn: "edge" }]))], 'must match pattern "^urn:pulumi:"'],
  ["a __proto__ key", () => ["scan", write(dir, "i.json", `{"deployment":{"resources":[{"urn":"urn:pulumi:a::b::t::n","type":"t","outputs":{"__proto__":{"polluted":true}}}]}}`)], 'has a "__proto__" key'],
  ["a nesting bomb", () => ["scan", write(dir, "j.json", exportOf([{ ...sg, outputs: { ingress: JSON.parse("[".repeat(300) + "]".repeat(300)) } }]))], "nests deeper than 256 levels"],
  ["a broken event stream", () => ["scan", write(dir, "k.jsonl", `{"sequence":0,"timestamp":1}\n{"sequence":1,"resourcePreEvent":{"metadata":{"op":"create","new":{"urn":"x"}}}}\n`)], "line 2 looks like a preview event"],
  ["a missing file", () => ["scan", path.join(dir, "nope.json")], "no such file"],
  ["a directory", () => ["scan", dir], `cannot read ${dir}: it is a directory, not a file`],
  ["a directory as --state", () => ["scan", write(dir, "t.json", { steps: [] }), "--state", dir], `cannot read ${dir}: it is a directory, not a file`],
  ["a directory as --config", () => ["scan", write(dir, "u.json", exportOf([sg])), "--config", dir], `cannot read --config ${dir}: it is a directory, not a file`],
  ["an --output in a folder that does not exist", () => ["scan", write(dir, "v.json", exportOf([sg])), "--output", path.join(dir, "nope/report.json")], "cannot write --output " + path.join(dir, "nope/report.json") + ": its directory does not exist"],
  ["a directory as --output", () => ["scan", write(dir, "w.json", exportOf([sg])), "--output", dir], `cannot write --output ${dir}: it is a directory`],
  ["an input over --max-bytes", () => ["scan", write(dir, "l.json", exportOf([sg])), "--max-bytes", "10"], "cls-guard reads at most"],
  ["an unknown format", () => ["scan", write(dir, "m.json", exportOf([sg])), "--format", "xml"], "argument 'xml' is invalid"],
  ["an unknown option", () => ["scan", write(dir, "n.json", exportOf([sg])), "--strict"], "unknown option '--strict'"],
  ["no file", () => ["scan"], "missing required argument 'file'"],
  ["a bad --today", () => ["scan", write(dir, "o.json", exportOf([sg])), "--today", "tomorrow"], "--today takes a date"],
  ["a bad --max-bytes", () => ["scan", write(dir, "p.json", exportOf([sg])), "--max-bytes", "lots"], "--max-bytes takes a whole number"],
  ["a config that is not JSON", () => ["scan", write(dir, "q.json", exportOf([sg])), "--config", write(dir, "cfg.json", "{")], "is not valid JSON"],
  ["review with neither a preview nor two exports", () => ["review", "--before", write(dir, "r.json", exportOf([sg]))], "both --before <export> and --after <export>"],
  ["review of a stack export alone", () => ["review", write(dir, "s.json", exportOf([sg]))], "is a stack export; review it against another"],
];

test.each(cases)("%s exits 2 with a one-line reason", async (_name, args, reason) => {
  const run = await clsGuard(args());
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(reason);
  expect(run.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe("");
});

test("a 1 GiB file is refused by its size, before it is read", async () => {
  const big = path.join(dir, "huge.json");
  fs.closeSync(fs.openSync(big, "w"));
  fs.truncateSync(big, 1024 ** 3);
  const started = Date.now();
  const run = await clsGuard(["scan", big]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("is 1024.0 MiB; cls-guard reads at most 512.0 MiB");
  expect(Date.now() - started).toBeLessThan(20_000);
  fs.unlinkSync(big);
});

test("standard input over --max-bytes is refused while reading", async () => {
  const run = await clsGuard(["scan", "-", "--max-bytes", "1000"], { stdin: exportOf(Array.from({ length: 100 }, () => sg)) });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("standard input exceeds");
});

test("no arguments at all: the help on stderr and exit 2, so that a CI step that lost its arguments fails", async () => {
  const run = await clsGuard([]);
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
  expect(run.stderr).toContain("Usage: cls-guard [options] [command]");
});

test("--help and --version exit 0", async () => {
  expect((await clsGuard(["--help"])).code).toBe(0);
  expect((await clsGuard(["--version"])).stdout.trim()).toBe(require("../../package.json").version);
});

describe("progress on stderr", () => {
  const big = () => write(dir, "big.json", syntheticExport(20_000));

  test("quiet when stdout is not a terminal", async () => {
    const run = await clsGuard(["scan", big(), "--format", "json", "--fail-on", "never"]);
    expect(run.stderr).toBe("");
  });

  test("a progress line when stdout is a terminal, none with --quiet", async () => {
    const file = big();
    // script(1) runs the command on a pseudo-terminal and copies what it shows to its own stdout.
    const viaTerminal = (extra: string) =>
      spawnSync("script", ["-qec", `${process.execPath} ${shipped("cli/main.js")} scan ${file} --format json --output /dev/null --fail-on never ${extra}`, "/dev/null"], { encoding: "utf8" });
    const shown = viaTerminal("");
    expect(shown.stdout).toContain("cls-guard: parsing");
    expect(shown.stdout).toContain("evaluating 20000 resources");
    expect(viaTerminal("--quiet").stdout).not.toContain("cls-guard:");
  });
});
