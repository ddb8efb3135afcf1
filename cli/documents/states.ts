import { isUnknown, reveal } from "../../src/model/values";
import { readerValues, type Props } from "./json";

/**
 * One resource's state as a document records it, and the resource cls-guard judges. Stored states
 * (a stack export, a step's oldState) are whole; planned ones are not: Pulumi writes a step before
 * it runs, so its newState has the program's inputs and no outputs or id yet
 * (pkg/resource/deploy/step.go, pkg/engine/events.go).
 */
export interface State {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Props;
  readonly outputs?: Props;
  readonly propertyDependencies?: Record<string, string[]>;
  readonly sourcePosition?: string;
}

export interface InputResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly propertyDependencies: Record<string, string[]>;
  readonly sourcePosition?: string;
  /** The inputs holding a value unknown at preview, somewhere inside. */
  readonly unknownInputs: readonly string[];
}

export const stateSchema = {
  type: "object",
  required: ["urn", "type"],
  properties: {
    urn: { type: "string", pattern: "^urn:pulumi:" },
    type: { type: "string" },
    id: { type: "string" },
    inputs: { type: "object" },
    outputs: { type: "object" },
    propertyDependencies: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
    sourcePosition: { type: "string" },
  },
};

/** Whether UNKNOWN sits anywhere in a value in reader form, a secret's value included. */
function holdsUnknown(value: unknown): boolean {
  const v = reveal(value);
  if (isUnknown(v)) return true;
  if (v === null || typeof v !== "object") return false;
  for (const key in v) if (holdsUnknown((v as Props)[key])) return true;
  return false;
}

/**
 * Each state is read once: its values are put in reader form in place. The inputs holding an
 * unknown are looked for only where that reading met one (a stored state never holds any).
 */
export function resource(state: State): InputResource {
  const reading = { unknowns: 0 };
  const inputs = readerValues(state.inputs ?? {}, 0, reading) as Props;
  return {
    urn: state.urn,
    type: state.type,
    name: state.urn.split("::").pop() ?? state.urn,
    ...(state.id ? { id: state.id } : {}),
    inputs,
    outputs: readerValues(state.outputs ?? {}) as Props,
    propertyDependencies: state.propertyDependencies ?? {},
    ...(state.sourcePosition ? { sourcePosition: state.sourcePosition } : {}),
    unknownInputs: reading.unknowns === 0 ? [] : Object.keys(inputs).filter((key) => holdsUnknown(inputs[key])),
  };
}

export const hasKeys = (object: object): boolean => Object.keys(object).length > 0;
