import type { ClsGuardPolicy } from "../src/policy";
import type { Subject } from "../src/model/justification";
import { approvalSettingsFrom, exceptionsFor } from "../src/verdict/approval";
import { checkJustification } from "../src/verdict/justification";
import type { Finding } from "../src/verdict/finding";
import { tagJustification } from "../src/shapes/tags";

export const justificationValid: ClsGuardPolicy = {
  name: "justification-valid",
  description: "A cls-guard justification (resource tags or a central exception) must give an accepted reason, a ticket, an approver and an expiry date that has not passed and is not too far away.",
  enforcementLevel: "mandatory",
  scope: "resource",
  settings: ["acceptedReasons", "maxJustificationDays", "exceptions", "centralExceptionsOnly"],
  docs: `A justification is a record of why an opening is needed: \`reason\` (one of the accepted reasons,
by default \`ocs-2007-federation\`, \`dnslb-nat-no-hairpin\`, \`optimised-media-path\`), \`ticket\`,
\`approvedBy\` and \`expires\` (YYYY-MM-DD, not past, at most \`maxJustificationDays\` ahead, 365
by default). It comes from tags on the resource (\`cls-guard:reason\`, \`cls-guard:ticket\`,
\`cls-guard:approved-by\`, \`cls-guard:expires\`; a standalone rule uses its security group's
tags) or from the central \`exceptions\` list of the policy config, which names resources by URN or
name pattern. With \`centralExceptionsOnly\`, tags are not accepted at all.

A justification that is incomplete, malformed or expired is itself a violation: a bad justification
never silently passes, and it does not count for cls-ports-closed or media-range-inbound-justified.`,
  check({ views, settings, today }) {
    const { rules } = approvalSettingsFrom(settings, today);
    return views.flatMap((view): Finding[] => {
      const tags = tagJustification(view);
      const subject: Subject = { urn: view.urn, name: view.name, tags };
      const tagFindings: Finding[] =
        tags && settings.centralExceptionsOnly
          ? [{ urn: view.urn, certainty: "definite", message: `${tags.where} carry a cls-guard justification, but this stack accepts central exceptions only (centralExceptionsOnly): the tags count for nothing. Remove them and ask the security team for a central exception.` }]
          : [];
      const records = [...(tags && !settings.centralExceptionsOnly ? [tags] : []), ...exceptionsFor([subject], settings.exceptions)];
      const checks = records.map((r) => checkJustification(r, rules));
      return [
        ...tagFindings,
        ...checks.flatMap((c): Finding[] => {
          if (c.problems.length > 0) {
            const how = `A justification needs a reason (${settings.acceptedReasons.join(" | ")}), a ticket, an approver and an expiry (YYYY-MM-DD) within ${settings.maxJustificationDays} days.`;
            return [{ urn: view.urn, certainty: "definite", message: `The cls-guard justification in ${c.record.where} is not valid: it ${c.problems.join(", ")}. ${how}` }];
          }
          if (c.unknowns.length > 0) {
            return [{ urn: view.urn, certainty: "unverified", message: `Cannot verify the justification in ${c.record.where} at preview: ${c.unknowns.join(", ")} unknown until the update.` }];
          }
          return [];
        }),
      ];
    });
  },
};
