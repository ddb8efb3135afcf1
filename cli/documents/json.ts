import Ajv, { type ValidateFunction } from "ajv";
import { Secret, secretWithin, UNKNOWN } from "../../src/model/values";
import { UNKNOWN_SENTINELS } from "../../src/shapes/resource";

/** Every failure to read a document: the command exits 2 with its one-line reason. */
export class InputError extends Error {}

export type Props = Record<string, unknown>;

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const MAX_DEPTH = 256;

/**
 * JSON.parse that refuses "__proto__" keys: input that tries prototype pollution is not a Pulumi
 * document. A quote right after __proto__ followed by a colon can only be a key (inside a string
 * the quotes would be escaped); a text search keeps parsing as fast as JSON.parse alone.
 */
export function parseJson(text: string, what: string): unknown {
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
 * Secret, with their value when the document carries it in plain text. Depth is bounded. It writes
 * only the values it changes and loops without a key array per object: this walk visits every
 * value of the stack, and those writes and arrays made it a third of reading a large one.
 */
export function readerValues(value: unknown, depth = 0, reading: Reading = { unknowns: 0 }): unknown {
  if (depth > MAX_DEPTH) throw new InputError(`the input nests deeper than ${MAX_DEPTH} levels`);
  if (value === "[secret]") return new Secret(undefined);
  if (UNKNOWN_SENTINELS.has(value)) {
    reading.unknowns++;
    return UNKNOWN;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) replaceIfRead(value, i, depth, reading);
    return value;
  }
  const object = value as Props;
  if (object[SECRET_SIG] === SECRET_VALUE) {
    if ("value" in object) return secretWithin(readerValues(object.value, depth + 1, reading));
    if (typeof object.plaintext === "string") return secretWithin(readerValues(parseJson(object.plaintext, "a secret's plaintext"), depth + 1, reading));
    return new Secret(undefined);
  }
  for (const key in object) replaceIfRead(object, key, depth, reading);
  return object;
}

/** What readerValues met on its walk: how many values were unknown at preview. */
export interface Reading {
  unknowns: number;
}

function replaceIfRead(container: Props | unknown[], key: string | number, depth: number, reading: Reading): void {
  const v = (container as Props)[key];
  if (v === null || (typeof v !== "object" && typeof v !== "string")) return;
  const read = readerValues(v, depth + 1, reading);
  if (read !== v) (container as Props)[key] = read;
}

/**
 * One Ajv for every document shape: each instance compiles JSON Schema's meta-schema first. Each
 * shape compiles when first checked, as a run reads one or two of them (an export needs no event's).
 */
const ajv = new Ajv({ allErrors: false, strict: false });

/**
 * A check that a document (or event) has the shape `schema` describes; a mismatch is an InputError
 * naming the first place it fails: "<what> looks like <kind> but /steps/0 must have property 'urn'".
 */
export function shapeCheck(kind: string, schema: object, whole = "the document"): (value: unknown, what: string) => void {
  let validate: ValidateFunction | undefined;
  return (value, what) => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return;
    const e = validate.errors?.[0];
    throw new InputError(`${what} looks like ${kind} but ${e?.instancePath || whole} ${e?.message}`);
  };
}

/** The Pulumi CLI's colour directives ("<{%fg 13%}>"), which its event log keeps unless colour is off. */
export function uncoloured(text: string): string {
  return text.replace(/<\{%[^%]*%\}>/g, "").trim();
}
