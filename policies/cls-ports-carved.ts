import { docsUrl, type ClsGuardPolicy, type Context } from "../src/policy";
import { planCarve, type Carving, type Replacement } from "../src/remediation/carve";
import { formatNumbers, formatSource } from "../src/report/format";
import { carveAdvice, openingData, openingFacts } from "../src/report/openings";
import { unapproved } from "../src/verdict/assessment";
import { assessStack } from "../src/verdict/assessStack";
import { say, type Finding } from "../src/verdict/finding";

/**
 * The carve of each resource in view, from its openings as cls-ports-closed judges them. The engine
 * shows a resource policy one resource; the cls-guard CLI shows it the whole stack at once.
 */
function plan(context: Context) {
  const { assessments, configFindings } = assessStack(context, context.settings.protectedPorts);
  const open = unapproved(assessments);
  return { configFindings, plans: context.views.map((view) => planCarve(view, open.filter((a) => a.opening.rule.origin.urn === view.urn))) };
}

function describeReplacement(protocol: string, r: Replacement): string {
  return `${protocol} ${formatNumbers(r.ports)} from ${r.sources.map(formatSource).join(", ")}`;
}

/** Every message this policy reports (see COMMON_MESSAGES for those all policies share). */
const MESSAGES = {
  removed: "{{origin}} ({{opening}}) lets {{traffic}} in from {{sources}}. At enforcement level remediate, cls-ports-carved removes it: every port it opens to the internet is protected.",
  rewritten: "{{origin}} ({{opening}}) lets {{traffic}} in from {{sources}}. At enforcement level remediate, cls-ports-carved rewrites it as: {{replacements}}.",
  "left-alone": "{{origin}} ({{opening}}) lets {{traffic}} in from {{sources}}. cls-ports-carved leaves it as it is: {{why}}. Carve it by hand: {{carve}}.",
} as const;

function said(c: Carving) {
  const a = c.assessment;
  const data = openingData(a);
  if (c.kind !== "carved") return say(MESSAGES, "left-alone", { ...data, why: c.why, carve: carveAdvice(a) });
  if (c.replacements.length === 0) return say(MESSAGES, "removed", data);
  return say(MESSAGES, "rewritten", { ...data, replacements: c.replacements.map((r) => describeReplacement(a.opening.rule.protocol.label, r)).join("; ") });
}

function finding(c: Carving): Finding {
  return { ...openingFacts(c.assessment), ...said(c) };
}

export const clsPortsCarved: ClsGuardPolicy = {
  name: "cls-ports-carved",
  description: "Opt-in remediation: rewrites inline security-group ingress rules so that the internet no longer reaches the CLS agent ports (TCP 50001-50003 by default), keeping every other port open.",
  enforcementLevel: "disabled",
  severity: "high",
  url: docsUrl("cls-ports-carved"),
  scope: "resource",
  settings: ["protectedPorts", "trustedCidrs", "trustedPrefixLists", "acceptedReasons", "maxJustificationDays", "exceptions", "centralExceptionsOnly"],
  docs: `The fix cls-ports-closed asks for, done by the engine: carve the protected ports out of every inline
ingress rule of an \`aws.ec2.SecurityGroup\` (or \`DefaultSecurityGroup\`) that lets the internet reach
them. The rule's external sources keep its ports minus the protected ones, split into as many rules as
that takes (50000-59999 becomes 50000 and 50004-59999); its internal sources (private and reserved
space, \`trustedCidrs\`, \`trustedPrefixLists\`, security groups, \`self\`) keep the rule whole;
descriptions and every other field are kept. A justified opening (see justification-valid) is left
alone. Upstream network ACLs and firewalls are not consulted: a resource policy sees one resource.

Enforcement levels: \`disabled\` (the default: it rewrites resources, so a team opts in),
\`advisory\` (reports what it would change) and \`remediate\` (the engine applies the rewrite before
checking the resource; what it could not rewrite is then reported as mandatory).

Left as they are, with the reason and the carve advice:
- standalone rules (\`aws.ec2.SecurityGroupRule\`, \`aws.vpc.SecurityGroupIngressRule\`): one resource
  holds one port range, and a remediation cannot create the second resource a carve needs;
- rules for protocol \`-1\`/\`all\`: the protocols without ports cannot be kept by port rules;
- rules with values unknown at preview (checked again on update) or malformed (fail closed);
- every rule of a group whose rewrite would exceed AWS's default quota of 60 inbound rules (counted
  as AWS does: per source, IPv4 and IPv6 apart).`,
  messages: MESSAGES,
  check(context) {
    const { plans, configFindings } = plan(context);
    return [...configFindings, ...plans.flatMap((p) => p.carvings.map(finding))];
  },
  remediate(context) {
    return plan(context).plans[0]?.props;
  },
};
