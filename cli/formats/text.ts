import type { Report } from "../report";
import { shortType } from "../report";

const subject = (urn: string, type: string, name: string) => (urn ? `(${shortType(type)}: ${name})` : "(stack)");
const urnSubject = (urn: string) => {
  const [, , type = "", name = ""] = urn.split("::");
  return !urn || type.endsWith("pulumi:pulumi:Stack") ? "(stack)" : subject(urn, type, name);
};

/** The policy packs' own results, as `pulumi preview` prints them under "Policies:". */
function engineLines(report: Report): string[] {
  const lines = report.policyEvents.map((e) => `- [${e.enforcementLevel}] ${e.pack}@${e.packVersion} ${e.policy} ${urnSubject(e.urn)}: ${e.message.split("\n")[0]}`);
  const disputes = report.disagreements.map((d) => `- ${d.policy} ${urnSubject(d.urn)}: cls-guard ${d.clsGuard}, the engine's run of the pack ${d.engine}`);
  return [...(lines.length ? ["", "Policy events of the run:", ...lines] : []), ...(disputes.length ? ["", "cls-guard and the engine disagree:", ...disputes] : [])];
}

/** Like the "Policies:" block of `pulumi preview`, one entry per finding. */
export function text(report: Report): string {
  const { mandatory, advisory, unverified } = report.summary;
  const lines = [
    `cls-guard ${report.tool.version}: ${report.input.file} (${report.input.kind}, ${report.input.resources} resources)`,
    `${mandatory} mandatory, ${advisory} advisory${unverified ? ` (${unverified} cannot be verified until the update)` : ""}`,
  ];
  for (const f of report.findings) {
    lines.push("", `- [${f.enforcementLevel}] ${f.policy} ${subject(f.urn, f.type, f.name)}`);
    lines.push(...f.message.split("\n").map((l) => `  ${l}`));
  }
  if (report.findings.length === 0) lines.push("", "No findings.");
  lines.push(...engineLines(report));
  return `${lines.join("\n")}\n`;
}
