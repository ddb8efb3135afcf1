import type { Report } from "../report";
import { shortType, spans } from "../report";

const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** A pull-request comment: a verdict line, a table, and each message behind a details fold. */
export function markdown(report: Report): string {
  const { mandatory, advisory, unverified } = report.summary;
  const verdict = mandatory > 0 ? `:x: **${mandatory} blocking**` : ":white_check_mark: **nothing blocking**";
  const lines = [`### cls-guard: ${verdict}, ${advisory} advisory${unverified ? ` (${unverified} to verify on update)` : ""}`, ""];
  if (report.findings.length === 0) {
    lines.push(`No inbound opening of the CLS agent ports or the Edge media range in \`${report.input.file}\` (${report.input.resources} resources).`);
    return `${lines.join("\n")}\n`;
  }
  lines.push("| level | policy | resource | rule | exposed | from |", "| --- | --- | --- | --- | --- | --- |");
  for (const f of report.findings) {
    const resource = f.urn ? `\`${shortType(f.type)}\` ${escape(f.name)}` : "(stack)";
    lines.push(`| ${f.enforcementLevel}${f.certainty === "unverified" ? " (unverified)" : ""} | \`${f.policy}\` | ${resource} | ${escape(f.rule ?? "")} | ${spans(f)} | ${escape((f.sources ?? []).join(", "))} |`);
  }
  lines.push("");
  report.findings.forEach((f, i) => {
    lines.push(`<details><summary>${i + 1}. ${f.policy}: ${escape(f.name || "stack")}</summary>`, "", "```text", f.message, "```", "", "</details>");
  });
  lines.push("", `<sub>cls-guard ${report.tool.version} on \`${report.input.file}\` (${report.input.kind}, ${report.input.resources} resources)</sub>`);
  return `${lines.join("\n")}\n`;
}
