import type { Report } from "../report";
import { shortType } from "../report";

/** Like the "Policies:" block of `pulumi preview`, one entry per finding. */
export function text(report: Report): string {
  const { mandatory, advisory, unverified } = report.summary;
  const lines = [
    `cls-guard ${report.tool.version}: ${report.input.file} (${report.input.kind}, ${report.input.resources} resources)`,
    `${mandatory} mandatory, ${advisory} advisory${unverified ? ` (${unverified} cannot be verified until the update)` : ""}`,
  ];
  for (const f of report.findings) {
    lines.push("", `- [${f.enforcementLevel}] ${f.policy} ${f.urn ? `(${shortType(f.type)}: ${f.name})` : "(stack)"}`);
    lines.push(...f.message.split("\n").map((l) => `  ${l}`));
  }
  if (report.findings.length === 0) lines.push("", "No findings.");
  return `${lines.join("\n")}\n`;
}
