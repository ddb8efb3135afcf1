import { docsUrl, type ClsGuardPolicy } from "../src/policy";
import type { Subject } from "../src/model/justification";
import { approvalSettingsFrom, exceptionsFor } from "../src/verdict/approval";
import { checkJustification } from "../src/verdict/justification";
import { say, type Finding } from "../src/verdict/finding";
import { recordedJustifications } from "../src/shapes/justifications";

/** Every message this policy reports (see COMMON_MESSAGES for those all policies share). */
const MESSAGES = {
  "central-only":
    "{{where}} carry a cls-guard justification, but this stack accepts central exceptions only (centralExceptionsOnly): the tags count for nothing. Remove them and ask the security team for a central exception.",
  invalid:
    "The cls-guard justification in {{where}} is not valid: it {{problems}}. A justification needs a reason ({{reasons}}), a ticket, an approver and an expiry (YYYY-MM-DD) within {{maxDays}} days.",
  unverified: "Cannot verify the justification in {{where}} at preview: {{unknowns}} unknown until the update.",
} as const;

export const justificationValid: ClsGuardPolicy = {
  name: "justification-valid",
  description: "A cls-guard justification (resource tags, a Google Cloud rule description, or a central exception) must give an accepted reason, a ticket, an approver and an expiry date that has not passed and is not too far away.",
  enforcementLevel: "mandatory",
  severity: "medium",
  url: docsUrl("justification-valid"),
  scope: "resource",
  settings: ["acceptedReasons", "maxJustificationDays", "exceptions", "centralExceptionsOnly"],
  docs: `A justification is a record of why an opening is needed: \`reason\` (one of the accepted reasons,
by default \`ocs-2007-federation\`, \`dnslb-nat-no-hairpin\`, \`optimised-media-path\`), \`ticket\`,
\`approvedBy\` and \`expires\` (YYYY-MM-DD, not past, at most \`maxJustificationDays\` ahead, 365
by default). It comes from tags on the resource (\`cls-guard:reason\`, \`cls-guard:ticket\`,
\`cls-guard:approved-by\`, \`cls-guard:expires\`; a standalone rule uses its security group's or
NSG's tags), on Google Cloud from the rule's description (firewall rules carry no labels, and label
keys cannot hold \`:\`):

    cls-guard: reason=ocs-2007-federation; ticket=CHG-1234; approved-by=secops; expires=2027-06-30

(it may follow other text; a part without \`=\`, an unknown key or a key given twice makes it
invalid), or from the central \`exceptions\` list of the policy config, which names resources by
URN or name pattern, on every cloud. With \`centralExceptionsOnly\`, tags and descriptions are not
accepted at all.

A justification that is incomplete, malformed or expired is itself a violation: a bad justification
never silently passes, and it does not count for cls-ports-closed or media-range-inbound-justified.`,
  messages: MESSAGES,
  check({ views, settings, today }) {
    const { rules } = approvalSettingsFrom(settings, today);
    return views.flatMap((view): Finding[] => {
      const recorded = recordedJustifications(view);
      const subject: Subject = { urn: view.urn, name: view.name };
      const centralOnly: Finding[] = settings.centralExceptionsOnly ? recorded.map((r) => ({ urn: view.urn, certainty: "definite", ...say(MESSAGES, "central-only", { where: r.where }) })) : [];
      const records = [...(settings.centralExceptionsOnly ? [] : recorded), ...exceptionsFor([subject], settings.exceptions)];
      const checks = records.map((r) => checkJustification(r, rules));
      return [
        ...centralOnly,
        ...checks.flatMap((c): Finding[] => {
          if (c.problems.length > 0) {
            const data = { where: c.record.where, problems: c.problems.join(", "), reasons: settings.acceptedReasons.join(" | "), maxDays: String(settings.maxJustificationDays) };
            return [{ urn: view.urn, certainty: "definite", ...say(MESSAGES, "invalid", data) }];
          }
          if (c.unknowns.length > 0) {
            return [{ urn: view.urn, certainty: "unverified", ...say(MESSAGES, "unverified", { where: c.record.where, unknowns: c.unknowns.join(", ") }) }];
          }
          return [];
        }),
      ];
    });
  },
};
