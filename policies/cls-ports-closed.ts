import { docsUrl, type ClsGuardPolicy } from "../src/policy";
import { formatSpecs } from "../src/report/format";
import { carveAdvice, justificationAdvice, openingFinding } from "../src/report/openings";
import { unapproved } from "../src/verdict/assessment";
import { assessStack } from "../src/verdict/assessStack";

/** Every message this policy reports (see COMMON_MESSAGES for those all policies share). */
const MESSAGES = {
  exposed:
    "{{origin}} ({{opening}}) lets {{traffic}} in from {{sources}}. It reaches protected port(s) {{traffic}}: the Lync/Skype for Business Centralized Logging Service agent listens on TCP 50001-50003 on every interface of an Edge server, " +
    "so opening the media range publishes it to the internet (protected here: {{protectedPorts}}).\n" +
    "Fix one of:\n" +
    "  1. carve the protected ports out of the rule: {{carve}}\n" +
    "  2. deny {{traffic}} inbound before the opening decides (AWS: network ACL or Network Firewall; Azure: an NSG Deny at a lower priority number; Google Cloud: a deny rule at an equal or lower priority number)\n" +
    "  3. {{justify}}{{notes}}",
} as const;

export const clsPortsClosed: ClsGuardPolicy = {
  name: "cls-ports-closed",
  description: "No inbound rule may open the Lync/Skype for Business CLS agent ports (TCP 50001-50003 by default) to the internet, unless denied upstream or justified.",
  enforcementLevel: "mandatory",
  severity: "high",
  url: docsUrl("cls-ports-closed"),
  scope: "stack",
  settings: ["protectedPorts", "trustedCidrs", "trustedPrefixLists", "acceptedReasons", "maxJustificationDays", "exceptions", "centralExceptionsOnly"],
  docs: `Lync Server 2013 and Skype for Business Edge servers relay media on TCP/UDP 50000-59999, and many
organisations open that range inbound. The Centralized Logging Service agent (ClsAgent.exe) listens
on TCP 50001-50003 on every interface, so the same opening publishes it to the internet (field
testing found about a quarter of ~250 public Edge servers answering on those ports).

This policy fails when an inbound rule (an AWS security group, an Azure NSG or Azure Firewall DNAT,
a Google Cloud firewall rule or firewall policy) lets any address outside private and reserved
space (and outside \`trustedCidrs\` / \`trustedPrefixLists\`) reach a protected port. Ways out:
1. carve the protected ports out of the rule (open 50000 and 50004-59999 instead of 50000-59999);
2. deny the protected ports inbound before the opening decides: on AWS a network ACL or an AWS
   Network Firewall on the internet's path; on Azure an NSG \`Deny\` at a lower priority number (in
   the same NSG, or in the subnet's or NIC's NSG); on Google Cloud a deny rule at an equal or lower
   priority number that targets the host, or a deny in a firewall policy evaluated first;
3. record an approved, expiring justification (tags, a Google Cloud rule's description, or a central
   exception; see justification-valid).

Values unknown at preview are reported as "cannot verify" (advisory) and checked again on update;
malformed values are treated as open.`,
  messages: MESSAGES,
  check(context) {
    const protectedPorts = context.settings.protectedPorts;
    const { assessments, configFindings } = assessStack(context, protectedPorts);
    const data = { protectedPorts: formatSpecs(protectedPorts) };
    const findings = unapproved(assessments).map((u) => openingFinding(u, MESSAGES, "exposed", { ...data, carve: carveAdvice(u), justify: justificationAdvice(context.settings, u) }));
    return [...configFindings, ...findings];
  },
};
