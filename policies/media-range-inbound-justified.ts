import { docsUrl, type ClsGuardPolicy } from "../src/policy";
import { formatSpecs } from "../src/report/format";
import { justificationAdvice, openingFinding } from "../src/report/openings";
import { unapproved } from "../src/verdict/assessment";
import { assessStack } from "../src/verdict/assessStack";

/** Every message this policy reports (see COMMON_MESSAGES for those all policies share). */
const MESSAGES = {
  opening:
    "{{origin}} ({{opening}}) lets {{traffic}} in from {{sources}}. The Edge media range ({{watchedPorts}}) need not be open inbound, except for OCS 2007 federation, DNS load balancing with NAT where the firewall cannot hairpin, or an optimised media path.\n" +
    "Fix one of:\n" +
    "  1. remove the inbound rule: the A/V Edge needs the range outbound only\n" +
    "  2. {{justify}}{{notes}}",
} as const;

export const mediaRangeInboundJustified: ClsGuardPolicy = {
  name: "media-range-inbound-justified",
  description: "An inbound opening of the Edge media range (TCP/UDP 50000-59999 by default) from the internet needs an approved, expiring justification.",
  enforcementLevel: "advisory",
  severity: "medium",
  url: docsUrl("media-range-inbound-justified"),
  scope: "stack",
  settings: ["watchedPorts", "trustedCidrs", "trustedPrefixLists", "acceptedReasons", "maxJustificationDays", "exceptions", "centralExceptionsOnly"],
  docs: `Microsoft's guidance for Lync 2013 / Skype for Business Edge servers: the A/V Edge uses TCP/UDP
50000-59999 outbound, and the range need not be open inbound except for
- \`ocs-2007-federation\`: A/V federation with partners on Office Communications Server 2007 / 2007 R2;
- \`dnslb-nat-no-hairpin\`: DNS load balancing with NAT where the firewall cannot hairpin;
- \`optimised-media-path\`: avoiding TCP 443 / UDP 3478 relaying to reach the media port.

This policy flags every inbound rule that lets the internet into any part of the watched range and
carries no valid justification (tags \`cls-guard:reason\`, \`cls-guard:ticket\`,
\`cls-guard:approved-by\`, \`cls-guard:expires\` on the rule's resource or its security group, or a
central exception in the policy config). It is advisory by default; make it mandatory to require a
justification for every opening.`,
  messages: MESSAGES,
  check(context) {
    const watched = context.settings.watchedPorts;
    const { assessments, configFindings } = assessStack(context, watched);
    const data = { watchedPorts: formatSpecs(watched) };
    return [...configFindings, ...unapproved(assessments).map((u) => openingFinding(u, MESSAGES, "opening", { ...data, justify: justificationAdvice(context.settings, u) }))];
  },
};
