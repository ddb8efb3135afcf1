import { createHash } from "crypto";
import { SarifBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import type { Location, Message, ReportingDescriptor, Result } from "sarif";
import { RULES } from "../../policies/rules";
import { HOMEPAGE, type ClsGuardPolicy, type Severity } from "../../src/policy";
import { COMMON_MESSAGES, placeholders } from "../../src/verdict/finding";
import type { PolicyEvent } from "../input";
import type { Report } from "../report";
import type { ReportFinding } from "../scan";

/**
 * SARIF 2.1.0 for code scanning: one run for cls-guard (rule ids are the policy names, results carry
 * the resource URN), and one per policy pack whose results the document's events carry.
 */
const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub ranks code-scanning alerts by this score: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** "{{name}}" placeholders become SARIF's numbered "{0}" arguments, in order of first appearance. */
function sarifTemplate(template: string): string {
  const names = placeholders(template);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => `{${names.indexOf(name)}}`);
}

function ruleOf(policy: ClsGuardPolicy): ReportingDescriptor {
  const messages = { ...COMMON_MESSAGES, ...policy.messages };
  const builder = new SarifRuleBuilder().initSimple({ ruleId: policy.name, shortDescriptionText: policy.description, fullDescriptionText: policy.description, helpUri: policy.url });
  return {
    ...builder.rule,
    help: { text: policy.docs, markdown: policy.docs },
    defaultConfiguration: { level: policy.enforcementLevel === "mandatory" ? "error" : policy.enforcementLevel === "advisory" ? "warning" : "none" },
    messageStrings: Object.fromEntries(Object.entries(messages).map(([id, template]) => [id, { text: sarifTemplate(template) }])),
    properties: { tags: ["security"], "security-severity": SECURITY_SEVERITY[policy.severity], precision: "high" },
  };
}

/** The program's source position where the document has one ("project:///index.ts#45,3"); the URN always. */
function locationOf(urn: string, sourcePosition: string | undefined): Location {
  const logical: Location = { logicalLocations: [{ fullyQualifiedName: urn || "stack", kind: "resource" }] };
  const m = /^project:\/\/\/(.+?)#(\d+),(\d+)$/.exec(sourcePosition ?? "");
  if (!m) return logical;
  return { ...logical, physicalLocation: { artifactLocation: { uri: m[1] }, region: { startLine: Number(m[2]), startColumn: Number(m[3]) } } };
}

function fingerprint(...parts: string[]): string {
  return createHash("sha256").update(parts.join("|")).digest("hex");
}

function levelOf(f: ReportFinding): Result.level {
  if (f.certainty === "unverified") return "note";
  return f.enforcementLevel === "mandatory" ? "error" : "warning";
}

function messageOf(f: ReportFinding, template: string | undefined): Message {
  if (template === undefined) return { text: f.message };
  return { text: f.message, id: f.messageId, arguments: placeholders(template).map((name) => f.data[name]) };
}

function findingResult(f: ReportFinding): Result {
  const policy = RULES.find((r) => r.name === f.policy);
  const template = policy && ({ ...COMMON_MESSAGES, ...policy.messages } as Record<string, string>)[f.messageId];
  const reach = f.reachable ? { reachable: f.reachable, path: f.path ?? [] } : {};
  return {
    ruleId: f.policy,
    level: levelOf(f),
    message: messageOf(f, template),
    locations: [locationOf(f.urn, f.sourcePosition)],
    partialFingerprints: { "clsGuard/v1": fingerprint(f.policy, f.urn, f.rule ?? "") },
    properties: { enforcementLevel: f.enforcementLevel, certainty: f.certainty, urn: f.urn, ...(f.cloud ? { cloud: f.cloud } : {}), exposed: f.exposed ?? [], sources: f.sources ?? [], ...reach },
  };
}

function clsGuardRun(report: Report): SarifRunBuilder {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: "cls-guard", toolDriverVersion: report.tool.version, url: HOMEPAGE });
  run.run.tool.driver.rules = RULES.map(ruleOf);
  run.run.results = report.findings.map(findingResult);
  if (report.disagreements.length > 0) {
    run.run.properties = { disagreements: report.disagreements };
    const notes = report.disagreements.map((d) => ({
      level: "warning" as const,
      message: { text: `cls-guard and the engine's run of the cls-guard pack disagree on ${d.policy} for ${d.urn || "the stack"}: cls-guard ${d.clsGuard}, engine ${d.engine}` },
    }));
    run.run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: notes }];
  }
  return run;
}

function eventLevel(e: PolicyEvent): Result.level {
  if (e.enforcementLevel === "mandatory") return "error";
  return e.enforcementLevel === "advisory" || e.enforcementLevel === "remediate" ? "warning" : "note";
}

/** A pack's results as the engine reported them: its own run, so that each pack is its own tool. */
function packRun(events: readonly PolicyEvent[], sourcePositions: ReadonlyMap<string, string>): SarifRunBuilder {
  const [{ pack, packVersion }] = events;
  const run = new SarifRunBuilder();
  // An event without the pack's version gets none, rather than a made-up one.
  run.run.tool.driver = { name: pack, ...(packVersion ? { version: packVersion } : {}), rules: [...new Set(events.map((e) => e.policy))].map((id) => ({ id })) };
  run.run.results = events.map(
    (e): Result => ({
      ruleId: e.policy,
      level: eventLevel(e),
      message: { text: e.message },
      locations: [locationOf(e.urn, sourcePositions.get(e.urn))],
      partialFingerprints: { "pulumiPolicy/v1": fingerprint(pack, e.policy, e.urn) },
      properties: { enforcementLevel: e.enforcementLevel, pack, packVersion, urn: e.urn, source: "engine", ...(e.severity ? { severity: e.severity } : {}) },
    }),
  );
  return run;
}

export function sarif(report: Report): string {
  const sourcePositions = new Map(report.findings.flatMap((f) => (f.sourcePosition ? [[f.urn, f.sourcePosition] as const] : [])));
  const builder = new SarifBuilder({ $schema: SCHEMA });
  builder.addRun(clsGuardRun(report));
  const packs = [...new Set(report.policyEvents.map((e) => e.pack))];
  for (const pack of packs) builder.addRun(packRun(report.policyEvents.filter((e) => e.pack === pack), sourcePositions));
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
}
