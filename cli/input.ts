import * as fs from "fs";
import Ajv from "ajv";
import { Secret, UNKNOWN } from "../src/model/values";
import { UNKNOWN_SENTINELS } from "../src/shapes/resource";

/**
 * What `cls-guard` reads: a `pulumi stack export`, a `pulumi preview --json`, or the
 * line-per-event stream of PULUMI_ENABLE_STREAMING_JSON_PREVIEW. Every failure is an InputError:
 * the command exits 2 with its one-line reason.
 */
export class InputError extends Error {}

export type Props = Record<string, unknown>;

export interface InputResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly propertyDependencies: Record<string, string[]>;
  readonly sourcePosition?: string;
}

export type DocumentKind = "stack-export" | "preview" | "preview-events";

export interface InputDocument {
  readonly kind: DocumentKind;
  /** The stack as it is (preview: the old states); empty for a stack export. */
  readonly before: readonly InputResource[];
  /** The stack as it will be (preview: the new states); the whole stack for an export. */
  readonly after: readonly InputResource[];
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const MAX_DEPTH = 256;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The whole input as text, refusing more than maxBytes before reading it (or while, for stdin). */
export async function readText(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  if (file !== "-") {
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    if (size > maxBytes) throw new InputError(`${file} is ${mib(size)}; cls-guard reads at most ${mib(maxBytes)} (raise it with --max-bytes)`);
    return fs.readFileSync(file, "utf8");
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

/**
 * JSON.parse that refuses "__proto__" keys: input that tries prototype pollution is not a Pulumi
 * document. A quote right after __proto__ followed by a colon can only be a key (inside a string
 * the quotes would be escaped); a text search keeps parsing as fast as JSON.parse alone.
 */
function parseJson(text: string, what: string): unknown {
  if (/"__proto__"\s*:/.test(text)) throw new InputError(`${what} has a "__proto__" key, which no Pulumi document has; refusing it`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const reason = (e as Error).message;
    const truncated = /end of JSON input|Unterminated/i.test(reason) ? " (is it truncated?)" : "";
    throw new InputError(`${what} is not valid JSON${truncated}: ${reason}`);
  }
}

/**
 * Puts a document's values in the form the pack's readers take, in place (the parsed document is
 * ours, and copying a 100k-resource stack would double its cost): the engine's unknown sentinels
 * become UNKNOWN, exactly the values @pulumi/policy's proxy treats as unknown; secrets become
 * Secret, with their value when the document carries it in plain text. Depth is bounded.
 */
function values(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new InputError(`the input nests deeper than ${MAX_DEPTH} levels`);
  if (value === "[secret]") return new Secret(undefined);
  if (UNKNOWN_SENTINELS.has(value)) return UNKNOWN;
  if (value === null || typeof value !== "object") return value;
  const object = value as Props;
  if (!Array.isArray(value) && object[SECRET_SIG] === SECRET_VALUE) {
    if ("value" in object) return new Secret(values(object.value, depth + 1));
    if (typeof object.plaintext === "string") return new Secret(values(parseJson(object.plaintext, "a secret's plaintext"), depth + 1));
    return new Secret(undefined);
  }
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (v !== null && (typeof v === "object" || typeof v === "string")) object[key] = values(v, depth + 1);
  }
  return object;
}

const ajv = new Ajv({ allErrors: false, strict: false });
const stateSchema = {
  type: "object",
  required: ["urn", "type"],
  properties: {
    urn: { type: "string", pattern: "^urn:pulumi:" },
    type: { type: "string" },
    inputs: { type: "object" },
    outputs: { type: "object" },
    propertyDependencies: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
    sourcePosition: { type: "string" },
  },
};
const SCHEMAS = {
  "stack-export": ajv.compile({ type: "object", required: ["deployment"], properties: { deployment: { type: "object", properties: { resources: { type: "array", items: stateSchema } } } } }),
  preview: ajv.compile({
    type: "object",
    required: ["steps"],
    properties: { steps: { type: "array", items: { type: "object", required: ["op"], properties: { op: { type: "string" }, oldState: stateSchema, newState: stateSchema } } } },
  }),
  event: ajv.compile({
    type: "object",
    properties: {
      resourcePreEvent: {
        type: "object",
        required: ["metadata"],
        properties: { metadata: { type: "object", required: ["op"], properties: { old: { anyOf: [{ type: "null" }, stateSchema] }, new: { anyOf: [{ type: "null" }, stateSchema] } } } },
      },
    },
  }),
};

function check(kind: keyof typeof SCHEMAS, doc: unknown, what: string): void {
  const validate = SCHEMAS[kind];
  if (!validate(doc)) {
    const e = validate.errors?.[0];
    throw new InputError(`${what} looks like a ${kind === "event" ? "preview event" : kind} but ${e?.instancePath || "the document"} ${e?.message}`);
  }
}

type State = { urn: string; type: string; inputs?: Props; outputs?: Props; propertyDependencies?: Record<string, string[]>; sourcePosition?: string };

function resource(state: State): InputResource {
  return {
    urn: state.urn,
    type: state.type,
    name: state.urn.split("::").pop() ?? state.urn,
    inputs: values(state.inputs ?? {}) as Props,
    outputs: values(state.outputs ?? {}) as Props,
    propertyDependencies: state.propertyDependencies ?? {},
    sourcePosition: state.sourcePosition,
  };
}

/** Old and new states of a plan's steps: a replace shows up in several steps, so the first old and last new count. */
function fromSteps(steps: { old?: State | null; new?: State | null }[]): Pick<InputDocument, "before" | "after"> {
  const before = new Map<string, State>();
  const after = new Map<string, State>();
  for (const step of steps) {
    if (step.old && !before.has(step.old.urn)) before.set(step.old.urn, step.old);
    if (step.new) after.set(step.new.urn, step.new);
  }
  return { before: [...before.values()].map(resource), after: [...after.values()].map(resource) };
}

const DELETES = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

export function parseDocument(text: string, what = "the input"): InputDocument {
  const trimmed = text.trimStart();
  if (trimmed === "") throw new InputError(`${what} is empty`);
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
  const first = lines.length > 1 ? (() => { try { return JSON.parse(lines[0]); } catch { return undefined; } })() : undefined;
  if (first && typeof first === "object" && ("sequence" in first || "timestamp" in first)) return parseEvents(lines, what);

  const doc = parseJson(text, what);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`${what} is JSON but not a Pulumi document: expected an object from pulumi stack export or pulumi preview --json`);
  if ("deployment" in doc) {
    check("stack-export", doc, what);
    const resources = ((doc as { deployment: { resources?: State[] } }).deployment.resources ?? []).map(resource);
    return { kind: "stack-export", before: [], after: resources };
  }
  if ("steps" in doc) {
    check("preview", doc, what);
    const steps = (doc as { steps: { op: string; oldState?: State; newState?: State }[] }).steps;
    return { kind: "preview", ...fromSteps(steps.map((s) => ({ old: s.oldState, new: DELETES.has(s.op) ? undefined : s.newState }))) };
  }
  throw new InputError(`${what} is JSON but not a Pulumi document: it has neither "deployment" (pulumi stack export) nor "steps" (pulumi preview --json)`);
}

function parseEvents(lines: string[], what: string): InputDocument {
  const steps = lines.flatMap((line, i) => {
    const event = parseJson(line, `${what} line ${i + 1}`);
    check("event", event, `${what} line ${i + 1}`);
    const meta = (event as { resourcePreEvent?: { metadata: { op: string; old?: State | null; new?: State | null } } }).resourcePreEvent?.metadata;
    return meta ? [{ old: meta.old, new: DELETES.has(meta.op) ? undefined : meta.new }] : [];
  });
  return { kind: "preview-events", ...fromSteps(steps) };
}
