import { createHash } from "crypto";
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import type { Result } from "sarif";
import { RULES } from "../../policies/rules";
import type { Report } from "../report";
import type { ReportFinding } from "../scan";

/** "project:///stacks/edge/index.ts#45,3" -> the file and line; findings without one point at Pulumi.yaml. */
function location(f: ReportFinding): { fileUri: string; startLine: number; startColumn?: number } {
  const m = /^project:\/\/\/(.+?)#(\d+),(\d+)$/.exec(f.sourcePosition ?? "");
  return m ? { fileUri: m[1], startLine: Number(m[2]), startColumn: Number(m[3]) } : { fileUri: "Pulumi.yaml", startLine: 1 };
}

function level(f: ReportFinding): Result.level {
  if (f.certainty === "unverified") return "note";
  return f.enforcementLevel === "mandatory" ? "error" : "warning";
}

/** SARIF 2.1.0 for code scanning: rule ids are the policy names, results carry the resource URN. */
export function sarif(report: Report): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: "cls-guard", toolDriverVersion: report.tool.version });
  for (const rule of RULES) {
    const builder = new SarifRuleBuilder().initSimple({ ruleId: rule.name, shortDescriptionText: rule.description, fullDescriptionText: rule.description });
    builder.rule.help = { text: rule.docs, markdown: rule.docs };
    builder.rule.defaultConfiguration = { level: rule.enforcementLevel === "mandatory" ? "error" : "warning" };
    run.addRule(builder);
  }
  for (const f of report.findings) {
    const result = new SarifResultBuilder().initSimple({ level: level(f), messageText: f.message, ruleId: f.policy, ...location(f) });
    result.result.locations![0].logicalLocations = [{ fullyQualifiedName: f.urn || "stack", kind: "resource" }];
    result.result.partialFingerprints = { "clsGuard/v1": createHash("sha256").update(`${f.policy}|${f.urn}|${f.rule ?? ""}`).digest("hex") };
    const reach = f.reachable ? { reachable: f.reachable, path: f.path ?? [] } : {};
    result.result.properties = { enforcementLevel: f.enforcementLevel, certainty: f.certainty, urn: f.urn, exposed: f.exposed ?? [], sources: f.sources ?? [], ...reach };
    run.addResult(result);
  }
  const builder = new SarifBuilder();
  builder.addRun(run);
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
}
