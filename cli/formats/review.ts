import { formatSpans } from "../../src/report/format";
import { shortType } from "../report";
import type { FailOn, JustificationChange, OpeningChange, Review, Span } from "../review";

/** Review output: what a change opens or closes, what happens to justifications, and the gate's verdict. */
export interface ReviewReport extends Review {
  readonly tool: { readonly name: "cls-guard"; readonly version: string };
  readonly input: { readonly before: string; readonly after: string };
  /** `--fail-on` and how many opening changes fail it (the command then exits 1). */
  readonly gate: { readonly failOn: FailOn; readonly blocking: number };
}

function gate(r: ReviewReport): string {
  const verdict = r.gate.blocking > 0 ? `fails on ${r.gate.blocking} change(s)` : "passes";
  return `Gate (--fail-on ${r.gate.failOn}): ${verdict}`;
}

const spans = (list: readonly Span[]) => formatSpans(list) || "nothing";

/** The rule itself changed, or something on its path did: say which. */
function causedBy(o: OpeningChange): string {
  const others = o.causes.filter((c) => c.urn !== o.urn);
  return others.length > 0 ? ` - caused by ${others.map((c) => `${shortType(c.type)} "${c.name}"`).join(", ")}` : "";
}

function opening(o: OpeningChange): string {
  const what = `${shortType(o.type)} "${o.name}" ${o.rule === "rule" ? "" : `${o.rule} `}`;
  const cls = `${o.protectedPorts ? " [protected ports]" : ""}${causedBy(o)}`;
  switch (o.change) {
    case "opened":
      return `${what}opens ${spans(o.added)} to the internet${cls}`;
    case "closed":
      return `${what}closes ${spans(o.removed)}${cls}`;
    default:
      return `${what}${o.change === "widened" ? "widens" : "narrows"}: now ${spans(o.after)} (was ${spans(o.before)}; +${spans(o.added)}, -${spans(o.removed)})${cls}`;
  }
}

function justification(j: JustificationChange): string {
  const detail = [j.reason, j.expires ? `expires ${j.expires}` : undefined].filter(Boolean).join(", ");
  const problems = j.problems.length ? ` - not valid: ${j.problems.join(", ")}` : "";
  return `justification ${j.change} on "${j.name}"${detail ? ` (${detail})` : ""}${problems}`;
}

export function reviewText(r: ReviewReport): string {
  const lines = [`cls-guard review ${r.tool.version}: ${r.input.before} -> ${r.input.after}`];
  if (r.openings.length + r.justifications.length === 0) lines.push("No change to inbound exposure or justifications.");
  lines.push(...r.openings.map((o) => `- ${opening(o)}`), ...r.justifications.map((j) => `- ${justification(j)}`), gate(r));
  return `${lines.join("\n")}\n`;
}

export function reviewMarkdown(r: ReviewReport): string {
  const opened = r.openings.filter((o) => o.change === "opened" || o.change === "widened");
  const head = opened.some((o) => o.protectedPorts)
    ? ":x: **this change exposes protected ports**"
    : opened.length > 0
      ? ":warning: **this change opens inbound traffic to the watched ports**"
      : ":white_check_mark: **this change opens nothing to the internet**";
  const lines = [`### cls-guard review: ${head}`, "", `**${gate(r)}**`, ""];
  if (r.openings.length > 0) {
    lines.push("| change | resource | rule | now | before | protected ports | caused by |", "| --- | --- | --- | --- | --- | --- | --- |");
    for (const o of r.openings) lines.push(`| ${o.change} | \`${shortType(o.type)}\` ${o.name} | ${o.rule} | ${spans(o.after)} | ${spans(o.before)} | ${o.protectedPorts ? "yes" : ""} | ${o.causes.map((c) => `\`${shortType(c.type)}\` ${c.name}`).join(", ")} |`);
    lines.push("");
  }
  if (r.justifications.length > 0) {
    lines.push("**Justifications**", "", ...r.justifications.map((j) => `- ${justification(j)}`), "");
  }
  if (r.openings.length + r.justifications.length === 0) lines.push("No change to inbound exposure or justifications.", "");
  lines.push(`<sub>cls-guard ${r.tool.version}: ${r.input.before} -> ${r.input.after}</sub>`);
  return `${lines.join("\n")}\n`;
}

export function reviewJson(r: ReviewReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
