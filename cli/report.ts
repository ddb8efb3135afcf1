import { formatSpans } from "../src/report/format";
import type { DocumentKind, InputDocument, PolicyEvent } from "./input";
import type { ReportFinding } from "./scan";

/**
 * Where this scan and the engine's run of the cls-guard pack (its policyEvents) judge a policy on a
 * resource differently: "none" on the side that reported nothing.
 */
export interface Disagreement {
  readonly policy: string;
  readonly urn: string;
  readonly clsGuard: string;
  readonly engine: string;
}

/** One scan's result, whatever format prints it. */
export interface Report {
  readonly tool: { readonly name: "cls-guard"; readonly version: string };
  readonly input: { readonly file: string; readonly kind: DocumentKind; readonly resources: number };
  readonly summary: { readonly mandatory: number; readonly advisory: number; readonly unverified: number };
  readonly findings: readonly ReportFinding[];
  /** Every policy pack's results in the run the document records (event streams and logs), under the engine's names. */
  readonly policyEvents: readonly PolicyEvent[];
  readonly disagreements: readonly Disagreement[];
}

/** The pack's name in the engine's events (policies/serve.ts). */
export const PACK_NAME = "cls-guard";
const RANK = ["none", "advisory", "mandatory"];

/** The strongest level reported per policy and resource; a stack policy's event names the root stack, a finding "". */
function levels(entries: readonly { policy: string; urn: string; level: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { policy, urn, level } of entries) {
    const key = JSON.stringify([policy, urn.includes("::pulumi:pulumi:Stack::") ? "" : urn]);
    if (RANK.indexOf(level) > RANK.indexOf(out.get(key) ?? "none")) out.set(key, level);
  }
  return out;
}

export function disagreements(findings: readonly ReportFinding[], run: Pick<InputDocument, "policyEvents" | "packs">): Disagreement[] {
  if (!run.packs.includes(PACK_NAME)) return [];
  const ours = levels(findings.map((f) => ({ policy: f.policy, urn: f.urn, level: f.enforcementLevel })));
  const engine = levels(run.policyEvents.filter((e) => e.pack === PACK_NAME).map((e) => ({ policy: e.policy, urn: e.urn, level: e.enforcementLevel })));
  return [...new Set([...ours.keys(), ...engine.keys()])].flatMap((key) => {
    const [policy, urn] = JSON.parse(key) as [string, string];
    const clsGuard = ours.get(key) ?? "none";
    const theirs = engine.get(key) ?? "none";
    return clsGuard === theirs ? [] : [{ policy, urn, clsGuard, engine: theirs }];
  });
}

export function makeReport(version: string, input: Report["input"], findings: readonly ReportFinding[], doc: Pick<InputDocument, "policyEvents" | "packs">): Report {
  return {
    tool: { name: "cls-guard", version },
    input,
    summary: {
      mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
      advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
      unverified: findings.filter((f) => f.certainty === "unverified").length,
    },
    findings,
    policyEvents: doc.policyEvents,
    disagreements: disagreements(findings, doc),
  };
}

/** "aws:ec2/securityGroup:SecurityGroup" -> "SecurityGroup" */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

export function spans(f: ReportFinding): string {
  return formatSpans(f.exposed ?? []);
}
