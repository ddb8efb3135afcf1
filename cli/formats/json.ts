import type { Report } from "../report";

/** The report as data: every finding with its policy, level, resource, and exposed ports and sources. */
export function json(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
