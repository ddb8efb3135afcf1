import type { JustificationRecord } from "../../model/justification";
import { isUnknown, reveal, Secret, UNKNOWN } from "../../model/values";

/**
 * A justification written in a GCP rule's description (firewall rules carry no labels, and label
 * keys cannot hold ":"):
 *
 *   cls-guard: reason=<text>; ticket=<id>; approved-by=<who>; expires=YYYY-MM-DD
 *
 * It may follow other text; everything after "cls-guard:" is read as `key=value` pairs separated
 * by ";", with the keys of the AWS tags. A broken part never passes: the field it belongs to reads
 * as invalid (reason and expires keep the raw text, so the validation says why; ticket and
 * approver read as missing), a part that belongs to no field spoils the reason, and `where` lists
 * what is broken.
 */
export const DESCRIPTION_PREFIX = "cls-guard:";
/** The format, as advice shows it. */
export const DESCRIPTION_FORMAT = `${DESCRIPTION_PREFIX} reason=...; ticket=...; approved-by=...; expires=YYYY-MM-DD`;

const KEYS = { reason: "reason", ticket: "ticket", "approved-by": "approvedBy", expires: "expires" } as const;
type Key = (typeof KEYS)[keyof typeof KEYS];

interface Parsed {
  readonly values: Partial<Record<Key, string>>;
  /** Fields whose part is broken, with its raw text. */
  readonly broken: Partial<Record<Key, string>>;
  readonly problems: string[];
  /** A broken part that belongs to no field. */
  orphan: boolean;
}

const keyOf = (name: string): Key | undefined => (Object.hasOwn(KEYS, name) ? KEYS[name as keyof typeof KEYS] : undefined);

function readPart(part: string, parsed: Parsed): void {
  const eq = part.indexOf("=");
  const name = (eq < 0 ? part.split(/\s+/)[0] : part.slice(0, eq)).trim().toLowerCase();
  const key = keyOf(name);
  if (eq < 0) parsed.problems.push(`"${part}" has no "="`);
  else if (!key) parsed.problems.push(`key "${name}" is unknown (keys: ${Object.keys(KEYS).join(", ")})`);
  else if (parsed.values[key] !== undefined || parsed.broken[key] !== undefined) parsed.problems.push(`${name} is given twice`);
  else {
    parsed.values[key] = part.slice(eq + 1).trim();
    return;
  }
  if (!key) parsed.orphan = true;
  else parsed.broken[key] = [parsed.broken[key] ?? (parsed.values[key] === undefined ? undefined : `${name}=${parsed.values[key]}`), part].filter(Boolean).join("; ");
}

function parse(text: string): Parsed {
  const parsed: Parsed = { values: {}, broken: {}, problems: [], orphan: false };
  for (const part of text.split(";").map((p) => p.trim())) if (part !== "") readPart(part, parsed);
  return parsed;
}

function fieldOf(parsed: Parsed, key: Key): string | undefined {
  const raw = parsed.broken[key];
  if (raw === undefined) return parsed.values[key];
  return key === "reason" || key === "expires" ? raw : undefined;
}

/**
 * The justification a description carries: none when it does not mention "cls-guard:"; every
 * field unknown when the description is unknown at preview.
 */
export function descriptionJustification(description: unknown, where: string): JustificationRecord | undefined {
  if (isUnknown(description)) return { from: "description", where: `${where} (unknown at preview)`, reason: UNKNOWN, ticket: UNKNOWN, approvedBy: UNKNOWN, expires: UNKNOWN };
  const text = reveal(description);
  if (typeof text !== "string") return undefined;
  const at = text.indexOf(DESCRIPTION_PREFIX);
  if (at < 0) return undefined;
  const parsed = parse(text.slice(at + DESCRIPTION_PREFIX.length));
  // A secret description keeps its parts secret in every message.
  const keep = (value: string | undefined) => (description instanceof Secret && value !== undefined ? new Secret(value) : value);
  const problems = description instanceof Secret ? "" : `: ${parsed.problems.join("; ")}`;
  const broken = parsed.problems.length > 0 ? ` (its ${DESCRIPTION_PREFIX} text is broken${problems})` : "";
  return {
    from: "description",
    where: `${where}${broken}`,
    reason: parsed.orphan ? `[broken ${DESCRIPTION_PREFIX} text]` : keep(fieldOf(parsed, "reason")),
    ticket: keep(fieldOf(parsed, "ticket")),
    approvedBy: keep(fieldOf(parsed, "approvedBy")),
    expires: keep(fieldOf(parsed, "expires")),
  };
}
