import { firstEventLine, readEvents, type PolicyEvent, type Run } from "./documents/events";
import { InputError, parseJson, shapeCheck } from "./documents/json";
import { readFile, sizeOf } from "./files";
import { overlay, stackOf, withStoredLinks, type Stack } from "./documents/plan";
import { isPreview, readPreview, type Preview } from "./documents/preview";
import { resource, stateSchema, type InputResource, type State } from "./documents/states";

/**
 * What `cls-guard` reads, as the Pulumi CLI writes it: a `pulumi stack export`, a `pulumi preview
 * --json`, the engine's events (the streaming preview, `--event-log` files), or `pulumi up --json`
 * (the preview's document, then the update's events). A plan is judged as the whole planned stack
 * or not at all: where the document leaves resources out, `--state` (a stack export) supplies
 * them. Every failure is an InputError: the command exits 2 with its one-line reason.
 */
export { InputError };
export type { InputResource, PolicyEvent };
export type Props = Record<string, unknown>;

export type DocumentKind = "stack-export" | "preview" | "preview-events" | "update-events";

export interface InputDocument {
  readonly kind: DocumentKind;
  /** The stack as it is (the stored state a plan starts from); empty for a stack export. */
  readonly before: readonly InputResource[];
  /** The stack as it will be; the whole stack for an export. */
  readonly after: readonly InputResource[];
  /** What the run's policy packs reported (event streams and logs only). */
  readonly policyEvents: readonly PolicyEvent[];
  /** Policy packs that ran, by name. */
  readonly packs: readonly string[];
  /** For findings cls-guard cannot verify: what would make them definite. */
  readonly hint?: string;
}

/** The stored stack that `--state` names: its resources, and the file for messages. */
export interface StoredState {
  readonly file: string;
  readonly resources: readonly InputResource[];
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The whole input as text, refusing more than maxBytes before reading it (or while, for stdin). */
export async function readText(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  if (file !== "-") {
    const size = sizeOf(file);
    if (size > maxBytes) throw new InputError(`${file} is ${mib(size)}; cls-guard reads at most ${mib(maxBytes)} (raise it with --max-bytes)`);
    return readFile(file);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new InputError(`standard input exceeds ${mib(maxBytes)}; cls-guard reads at most that much (raise it with --max-bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const checkExport = shapeCheck("a stack-export", {
  type: "object",
  required: ["deployment"],
  properties: { deployment: { type: "object", properties: { resources: { type: "array", items: stateSchema } } } },
});

function readExport(doc: object, what: string): InputResource[] {
  checkExport(doc, what);
  return ((doc as { deployment: { resources?: State[] } }).deployment.resources ?? []).map(resource);
}

function parseObject(text: string, what: string): object {
  const doc = parseJson(text, what);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`${what} is JSON but not a Pulumi document: expected an object from pulumi stack export or pulumi preview --json`);
  return doc;
}

/** `--state`: a stack export, and nothing else. */
export function parseState(text: string, file: string): StoredState {
  const doc = parseObject(text, `--state ${file}`);
  if (!("deployment" in doc)) throw new InputError(`--state ${file} is not a stack export (pulumi stack export writes one)`);
  return { file, resources: readExport(doc, `--state ${file}`) };
}

const EVENT_HINT =
  "Engine events carry no property dependencies, so links to resources they plan cannot be followed: scan `pulumi preview --json --show-sames`, whose steps carry them";
const NO_STATE_HINT = ", or give --state with a `pulumi stack export` taken before the run";

/** A preview's steps as the planned stack: whole, laid over --state, or refused. */
function previewStack(preview: Preview, what: string, state: StoredState | undefined): Stack {
  if (preview.error !== undefined) throw new InputError(`${what} records a failed preview (${JSON.stringify(preview.error)}); cls-guard judges only complete plans: fix the error and preview again`);
  if (state) return overlay(preview.steps, state.resources, what, state.file);
  if (preview.unlistedSames > 0) {
    throw new InputError(`${what} leaves out ${preview.unlistedSames} unchanged resources, so it is not the whole planned stack: run pulumi preview --json with --show-sames, or give --state with a pulumi stack export taken before the preview`);
  }
  return stackOf(preview.steps);
}

/** Events list every step; --state and, for `up --json`, the preview's steps supply the links events lack. */
function runStack(run: Run, what: string, state: StoredState | undefined, preview: Preview | undefined): Stack {
  if (run.incomplete) throw new InputError(`${what} is not a whole ${run.preview ? "preview" : "update"}: ${run.incomplete}; cls-guard judges only complete runs`);
  const { before, after } = state ? overlay(run.steps, state.resources, what, state.file) : stackOf(run.steps);
  const planned = new Map((preview?.steps ?? []).flatMap((s) => (s.new ? [[s.urn, s.new] as const] : [])));
  const stored = new Map([...planned, ...(state?.resources ?? []).map((r) => [r.urn, r] as const)]);
  return { before, after: withStoredLinks(after, stored) };
}

function eventsDocument(text: string, start: number, what: string, state: StoredState | undefined): InputDocument {
  const head = text.slice(0, start);
  const preview = head.trim() === "" ? undefined : readPreview(parseObject(head, what), what);
  const run = readEvents(text.slice(start).split(/\r?\n/), head.split("\n").length, what);
  const hint = run.preview ? `${EVENT_HINT}${state ? "" : NO_STATE_HINT}.` : undefined;
  return { kind: run.preview ? "preview-events" : "update-events", ...runStack(run, what, state, preview), policyEvents: run.policyEvents, packs: run.packs, ...(hint ? { hint } : {}) };
}

export function parseDocument(text: string, what = "the input", state?: StoredState): InputDocument {
  if (text.trim() === "") throw new InputError(`${what} is empty`);
  const events = firstEventLine(text);
  if (events !== -1) return eventsDocument(text, events, what, state);
  const doc = parseObject(text, what);
  const none = { policyEvents: [], packs: [] };
  if ("deployment" in doc) {
    if (state) throw new InputError(`${what} is a stack export; --state goes with a preview or an event stream`);
    return { kind: "stack-export", before: [], after: readExport(doc, what), ...none };
  }
  if (isPreview(doc)) return { kind: "preview", ...previewStack(readPreview(doc, what), what, state), ...none };
  throw new InputError(`${what} is JSON but not a Pulumi document: it has neither "deployment" (pulumi stack export) nor "steps" (pulumi preview --json)`);
}
