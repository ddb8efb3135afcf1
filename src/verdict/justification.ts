import type { JustificationRecord } from "../model/justification";
import { describe, display, isUnknown, reveal } from "../model/values";

export interface JustificationRules {
  readonly acceptedReasons: readonly string[];
  readonly maxDays: number;
  readonly today: Date;
}

export interface JustificationCheck {
  readonly record: JustificationRecord;
  /** What makes it invalid; empty when valid. */
  readonly problems: readonly string[];
  /** Fields not known at preview; the record cannot be judged until they are. */
  readonly unknowns: readonly string[];
}

const DAY_MS = 86_400_000;

function blank(value: unknown): boolean {
  const v = reveal(value);
  return typeof v !== "string" || v.trim() === "";
}

/** A calendar date written YYYY-MM-DD, as a UTC day number; undefined when it is no such date. */
function dayOf(value: unknown): number | undefined {
  const v = reveal(value);
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const [y, m, d] = v.split("-").map(Number);
  const time = Date.UTC(y, m - 1, d);
  // A day past the month's end rolls into the next month, so the month alone tells a real date.
  return new Date(time).getUTCMonth() === m - 1 ? time / DAY_MS : undefined;
}

function expiryProblems(expires: unknown, rules: JustificationRules): string[] {
  const raw = reveal(expires);
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return ["has no expiry date"];
  const day = dayOf(expires);
  if (day === undefined) return [`has expiry ${describe(expires)}, which is not a date in YYYY-MM-DD form`];
  const today = Math.floor(rules.today.getTime() / DAY_MS);
  if (day < today) return [`expired on ${display(expires)}`];
  if (day > today + rules.maxDays) return [`expires ${display(expires)}, more than ${rules.maxDays} days from today (the longest allowed)`];
  return [];
}

export function checkJustification(record: JustificationRecord, rules: JustificationRules): JustificationCheck {
  const fields = { reason: record.reason, ticket: record.ticket, approvedBy: record.approvedBy, expires: record.expires };
  const unknowns = Object.entries(fields).filter(([, v]) => isUnknown(v)).map(([k]) => k);
  const problems: string[] = [];
  const reason = reveal(record.reason);
  if (!isUnknown(record.reason)) {
    if (blank(reason)) problems.push("has no reason");
    else if (!rules.acceptedReasons.includes(reason as string)) {
      problems.push(`gives reason ${describe(record.reason)}, which is not accepted (accepted: ${rules.acceptedReasons.join(", ")})`);
    }
  }
  if (!isUnknown(record.ticket) && blank(record.ticket)) problems.push("has no ticket");
  if (!isUnknown(record.approvedBy) && blank(record.approvedBy)) problems.push("has no approver");
  if (!isUnknown(record.expires)) problems.push(...expiryProblems(record.expires, rules));
  return { record, problems, unknowns };
}
