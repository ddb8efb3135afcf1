import { formatSpans } from "../src/report/format";
import type { DocumentKind } from "./input";
import type { ReportFinding } from "./scan";

/** One scan's result, whatever format prints it. */
export interface Report {
  readonly tool: { readonly name: "cls-guard"; readonly version: string };
  readonly input: { readonly file: string; readonly kind: DocumentKind; readonly resources: number };
  readonly summary: { readonly mandatory: number; readonly advisory: number; readonly unverified: number };
  readonly findings: readonly ReportFinding[];
}

export function makeReport(version: string, input: Report["input"], findings: readonly ReportFinding[]): Report {
  return {
    tool: { name: "cls-guard", version },
    input,
    summary: {
      mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
      advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
      unverified: findings.filter((f) => f.certainty === "unverified").length,
    },
    findings,
  };
}

/** "aws:ec2/securityGroup:SecurityGroup" -> "SecurityGroup" */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

export function spans(f: ReportFinding): string {
  return formatSpans(f.exposed ?? []);
}
