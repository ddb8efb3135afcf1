import type { Doubt, Source } from "../model/rule";
import { describe, isUnknown, reveal, Secret } from "../model/values";
import { own } from "./resource";

/**
 * Raw property values with their place in the props, as every cloud's readers take them: a doubt
 * names the field a user wrote, and what the bridged providers write for an unset field reads unset.
 */
/** One raw property value and where it sits, so that a doubt can name the field a user wrote. */
export interface Field {
  readonly path: string;
  readonly value: unknown;
  /** What is wrong with the value's shape, when its place in the props already says so. */
  readonly problem?: string;
}

export function field(object: unknown, key: string, prefix = ""): Field {
  return { path: `${prefix}${key}`, value: own(object, key) };
}

/** A list-valued property as fields; a property that is not a list stays one (unreadable) field. */
export function listField(object: unknown, key: string, prefix = ""): Field[] {
  const value = own(object, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [{ path: `${prefix}${key}`, value, problem: isUnknown(value) ? undefined : `is ${describe(value)}, not a list` }];
  return value.map((item, i) => ({ path: `${prefix}${key}[${i}]`, value: item }));
}

/**
 * Whether a value is one the provider writes for a field nobody set: after `pulumi up` an unset
 * string is "" and an unset list or block null (the bridged Terraform provider writes every field).
 */
export function isUnset(value: unknown): boolean {
  // A secret whose value the document does not carry is set to something unreadable, not unset.
  const v = value instanceof Secret && reveal(value) === undefined ? value : reveal(value);
  return v === undefined || v === null || v === "";
}

/** A single-valued source property as zero or one field. */
export function optionalField(object: unknown, key: string, prefix = ""): Field[] {
  const value = own(object, key);
  return isUnset(value) ? [] : [{ path: `${prefix}${key}`, value }];
}

export function unknownDoubt(f: Field): Doubt {
  return { kind: "unknown", field: f.path, detail: `${f.path} is not known until the resources it depends on exist` };
}

export function malformedDoubt(f: Field, problem: string): Doubt {
  return { kind: "malformed", field: f.path, detail: `${f.path} ${problem}` };
}

/** Why a value cannot be read: unknown until the update, or `problem`. */
export function doubtOf(f: Field, problem: string): Doubt {
  return isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, problem);
}

/** A source that could not be read, named by where it is (a secret one only by that). */
export function unresolved(f: Field, doubt: Doubt): Source {
  const what = f.value instanceof Secret ? `[secret] at ${f.path}` : f.path;
  return { kind: "unresolved", text: `${what} (${doubt.kind === "unknown" ? "unknown" : "unreadable"})`, doubt };
}
