import type { Report } from "../report";

/**
 * The report as data: every finding with its policy, level, resource, and exposed ports and
 * sources; the run's policy events of every pack; where the engine's run of cls-guard disagrees.
 */
export function json(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
