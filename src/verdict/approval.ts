import picomatch from "picomatch";
import type { CentralException, Settings } from "../settings";
import type { JustificationRecord, Subject } from "../model/justification";
import { checkJustification, type JustificationCheck, type JustificationRules } from "./justification";

export interface ApprovalSettings {
  readonly rules: JustificationRules;
  readonly exceptions: readonly CentralException[];
  readonly centralExceptionsOnly: boolean;
}

export type Approval =
  | { readonly state: "approved"; readonly by: JustificationRecord }
  /** A justification that may hold but has fields unknown until the update. */
  | { readonly state: "unverified"; readonly checks: readonly JustificationCheck[] }
  | { readonly state: "missing"; readonly invalid: readonly JustificationCheck[]; readonly ignoredTags: readonly JustificationRecord[] };

const matchers = new Map<string, (text: string) => boolean>();

/** `*` and `?` match any characters, "/" and ":" included, so a pattern works on URNs and names alike. */
function matcher(pattern: string): (text: string) => boolean {
  // Stryker disable next-line ConditionalExpression: a cache; compiling the pattern again gives the same matcher
  if (!matchers.has(pattern)) matchers.set(pattern, picomatch(pattern, { bash: true, dot: true, nobrace: true, noextglob: true }));
  return matchers.get(pattern)!;
}

export function exceptionRecord(exception: CentralException, index: number): JustificationRecord {
  return {
    from: "exceptions",
    where: `exceptions[${index}] (${JSON.stringify(exception.resource)})`,
    reason: exception.reason,
    ticket: exception.ticket,
    approvedBy: exception.approvedBy,
    expires: exception.expires,
  };
}

/** The central exceptions that name a subject, by URN or by name. */
export function exceptionsFor(subjects: readonly Subject[], exceptions: readonly CentralException[]): JustificationRecord[] {
  return exceptions.flatMap((exception, i) => {
    const matches = matcher(exception.resource);
    return subjects.some((s) => matches(s.urn) || matches(s.name)) ? [exceptionRecord(exception, i)] : [];
  });
}

export function approvalFor(subjects: readonly Subject[], settings: ApprovalSettings): Approval {
  const tagRecords = subjects.flatMap((s) => (s.tags ? [s.tags] : []));
  const candidates = [...(settings.centralExceptionsOnly ? [] : tagRecords), ...exceptionsFor(subjects, settings.exceptions)];
  const checks = candidates.map((record) => checkJustification(record, settings.rules));
  const valid = checks.find((c) => c.problems.length === 0 && c.unknowns.length === 0);
  if (valid) return { state: "approved", by: valid.record };
  const pending = checks.filter((c) => c.problems.length === 0);
  if (pending.length > 0) return { state: "unverified", checks: pending };
  return { state: "missing", invalid: checks, ignoredTags: settings.centralExceptionsOnly ? tagRecords : [] };
}

export function approvalSettingsFrom(settings: Settings, today: Date): ApprovalSettings {
  return {
    rules: { acceptedReasons: settings.acceptedReasons, maxDays: settings.maxJustificationDays, today },
    exceptions: settings.exceptions,
    centralExceptionsOnly: settings.centralExceptionsOnly,
  };
}
