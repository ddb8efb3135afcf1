#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { json } from "./formats/json";
import { markdown } from "./formats/markdown";
import { reviewJson, reviewMarkdown, reviewText, type ReviewReport } from "./formats/review";
import { sarif } from "./formats/sarif";
import { text } from "./formats/text";
import { DEFAULT_MAX_BYTES, InputError, parseDocument, parseState, readText, type InputDocument } from "./input";
import { readFile, writeFile } from "./files";
import { writePublishablePack } from "./pack";
import { Progress } from "./progress";
import { makeReport, type Report } from "./report";
import { FAIL_ON, failingChanges, review, type FailOn } from "./review";
import { planRuns, scan, type PolicyRun } from "./scan";
import { inWorker, wantsWorker } from "./worker";

/**
 * `cls-guard scan` and `cls-guard review`: the pack's policies for CI pipelines and reviewers,
 * on documents the Pulumi CLI writes. Exit codes: 0 nothing blocking, 1 blocking findings,
 * 2 unusable input or arguments (with a one-line reason on stderr).
 */
const VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")).version;

const SCAN_FORMATS = { text, json, sarif, markdown } as const;
const REVIEW_FORMATS = { text: reviewText, json: reviewJson, markdown: reviewMarkdown } as const;

interface Common {
  config?: string;
  output?: string;
  maxBytes: number;
  quiet?: boolean;
  today?: string;
  state?: string;
}

function today(option: string | undefined): Date {
  if (option === undefined) return new Date();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(option) || Number.isNaN(Date.parse(option))) throw new InputError(`--today takes a date as YYYY-MM-DD, not ${JSON.stringify(option)}`);
  return new Date(`${option}T12:00:00Z`);
}

function runsFrom(configFile: string | undefined): PolicyRun[] {
  if (!configFile) return planRuns({});
  const raw = readFile(configFile, `--config ${configFile}`);
  try {
    return planRuns(JSON.parse(raw));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--config ${configFile} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A document, laid over the stack export --state names where it is a plan. */
async function load(file: string, opts: Common): Promise<{ doc: InputDocument; progress: Progress }> {
  const content = await readText(file, opts.maxBytes);
  const progress = Progress.for(content.length, opts.quiet === true);
  progress.say(`parsing ${file}`);
  const state = opts.state === undefined ? undefined : parseState(await readText(opts.state, opts.maxBytes), opts.state);
  return { doc: parseDocument(content, file === "-" ? "standard input" : file, state), progress };
}

function emit(output: string, opts: Common): void {
  if (opts.output) writeFile(opts.output, output, `--output ${opts.output}`);
  else process.stdout.write(output);
}

function blocking(report: Report, failOn: string): boolean {
  if (failOn === "never") return false;
  if (failOn === "advisory") return report.findings.length > 0;
  return report.findings.some((f) => f.enforcementLevel === "mandatory");
}

async function scanCommand(file: string, opts: Common & { format: keyof typeof SCAN_FORMATS; failOn: string }): Promise<number> {
  const runs = runsFrom(opts.config);
  const { doc, progress } = await load(file, opts);
  progress.say(`evaluating ${doc.after.length} resources`);
  const findings = scan(doc.after, runs, today(opts.today), doc.hint);
  progress.done();
  const report = makeReport(VERSION, { file, kind: doc.kind, resources: doc.after.length }, findings, doc);
  emit(SCAN_FORMATS[opts.format](report), opts);
  return blocking(report, opts.failOn) ? 1 : 0;
}

async function reviewCommand(preview: string | undefined, opts: Common & { format: keyof typeof REVIEW_FORMATS; before?: string; after?: string; expiringDays: number; failOn: FailOn }): Promise<number> {
  const runs = runsFrom(opts.config);
  let before: InputDocument["before"];
  let after: InputDocument["after"];
  let input: ReviewReport["input"];
  if (preview !== undefined) {
    if (opts.before || opts.after) throw new InputError("give either a preview file or --before and --after, not both");
    const { doc } = await load(preview, opts);
    if (doc.kind === "stack-export") throw new InputError(`${preview} is a stack export; review it against another with --before and --after`);
    ({ before, after } = doc);
    input = { before: `${preview} (old state)`, after: `${preview} (planned)` };
  } else {
    if (!opts.before || !opts.after) throw new InputError("review needs a preview file, or both --before <export> and --after <export>");
    before = (await load(opts.before, opts)).doc.after;
    after = (await load(opts.after, opts)).doc.after;
    input = { before: opts.before, after: opts.after };
  }
  const result = review(before, after, runs, today(opts.today), opts.expiringDays);
  const gate = { failOn: opts.failOn, blocking: failingChanges(result, opts.failOn).length };
  emit(REVIEW_FORMATS[opts.format]({ tool: { name: "cls-guard", version: VERSION }, input, ...result, gate }), opts);
  return gate.blocking > 0 ? 1 : 0;
}

function wholeNumber(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new InputError(`${name} takes a whole number, not ${JSON.stringify(value)}`);
    return Number(value);
  };
}

function common(command: Command): Command {
  return command
    .option("--config <file>", "policy config, as for `pulumi preview --policy-pack-config`")
    .option("--output <file>", "write the report here instead of standard output")
    .option("--max-bytes <n>", "refuse inputs larger than this", wholeNumber("--max-bytes"), DEFAULT_MAX_BYTES)
    .option("--quiet", "no progress line on stderr")
    .option("--today <YYYY-MM-DD>", "judge justification expiry as of this day")
    .option("--state <export>", "the `pulumi stack export` a preview or event stream starts from: supplies the resources and links it leaves out");
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("cls-guard")
    .description("Finds inbound openings of the Lync/Skype for Business CLS agent ports (TCP 50001-50003) in Pulumi previews and stack exports.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  common(program.command("scan"))
    .description("check a `pulumi preview --json`, `pulumi stack export` or streaming-preview document (`-` reads standard input)")
    .argument("<file>", "the document, or - for standard input")
    .addOption(new Option("--format <format>", "report format").choices(Object.keys(SCAN_FORMATS)).default("text"))
    .addOption(new Option("--fail-on <level>", "exit 1 on findings of this level or above").choices(["mandatory", "advisory", "never"]).default("mandatory"))
    .action(async (file, opts) => {
      exitCode = wantsWorker([file, opts.state]) ? await inWorker(argv) : await scanCommand(file, opts);
    });

  common(program.command("review"))
    .description("what a change opens or closes: from a `pulumi preview --json`, or two stack exports")
    .argument("[preview]", "a pulumi preview --json document")
    .option("--before <export>", "the stack export before the change")
    .option("--after <export>", "the stack export after the change")
    .option("--expiring-days <n>", "report justifications expiring within this many days", wholeNumber("--expiring-days"), 30)
    .addOption(new Option("--fail-on <change>", "exit 1 when the change opens (opened), opens or widens (widened) exposure of a protected port without a valid justification, or opens or widens any watched port (any)").choices(FAIL_ON).default("widened"))
    .addOption(new Option("--format <format>", "report format").choices(Object.keys(REVIEW_FORMATS)).default("text"))
    .action(async (preview, opts) => {
      exitCode = wantsWorker([preview, opts.before, opts.after, opts.state]) ? await inWorker(argv) : await reviewCommand(preview, opts);
    });

  program
    .command("pack")
    .description("write a self-contained copy of the policy pack for `pulumi policy publish`")
    .argument("<dir>", "a new or empty directory")
    .action((dir: string) => {
      process.stdout.write(`${writePublishablePack(dir)}\n`);
    });

  // A CI step that lost its arguments must not pass: help goes to stderr, and the exit is 2.
  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? 0 : 2;
    process.stderr.write(`cls-guard: ${e instanceof InputError ? e.message : `internal error: ${(e as Error).message}`}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
