/**
 * Raw property values as the edge hands them to the rule model: plain data, with preview-time
 * unknowns and secrets made explicit so that no reader can mistake them for ordinary values.
 */
export const UNKNOWN: unique symbol = Symbol("cls-guard.unknown");
export type Unknown = typeof UNKNOWN;

/** A value the user marked secret: usable for the verdict, never shown in a message. */
export class Secret {
  constructor(readonly value: unknown) {}
  toString(): string {
    return "[secret]";
  }
  toJSON(): string {
    return "[secret]";
  }
}

/**
 * A secret as readers take it: a secret list or object keeps its shape in the open and each value
 * in it secret, so that readers find in it the rules, ports and addresses they read everywhere else
 * (a secret value they already read), and no message shows one.
 */
export function secretWithin(value: unknown): unknown {
  if (value === UNKNOWN || value instanceof Secret) return value;
  if (Array.isArray(value)) return value.map(secretWithin);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretWithin(v)]));
  return new Secret(value);
}

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** Whether an unknown sits anywhere within a value: in it, or in a list or object it holds. */
export function holdsUnknown(value: unknown): boolean {
  const v = reveal(value);
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(holdsUnknown);
  return v !== null && typeof v === "object" && Object.values(v).some(holdsUnknown);
}

/** How a value is shown to a reviewer: secrets hidden, strings quoted, the rest by kind. */
export function describe(value: unknown): string {
  if (value instanceof Secret) return "[secret]";
  if (value === UNKNOWN) return "an unknown value";
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** A string for a message: the text itself, or "[secret]". */
export function display(value: unknown): string {
  return typeof value === "string" ? value : describe(value);
}

/** The value behind a secret, for computing; anything else as it is. */
export function reveal(value: unknown): unknown {
  return value instanceof Secret ? reveal(value.value) : value;
}
