import { docsUrl, type ClsGuardPolicy } from "../src/policy";
import { formatOpening, formatOrigin, formatTraffic } from "../src/report/format";
import type { PortSpec } from "../src/verdict/exposure";
import { say, type Finding } from "../src/verdict/finding";
import type { Assessment, HostBlock } from "../src/verdict/assessment";
import { assessStack } from "../src/verdict/assessStack";

/** The host-side cure for the stateless trap: keep the protected ports out of the dynamic range. */
function excludedPortRanges(specs: readonly PortSpec[]): string {
  return specs.map((s) => `netsh int ipv4 add excludedportrange protocol=${s.protocol} startport=${s.from} numberofports=${s.to - s.from + 1}`).join(" and ");
}

function advice(a: Assessment, specs: readonly PortSpec[]): string[] {
  const distinct = [...new Map(a.blocks.map((b): [string, HostBlock] => [`${b.by}|${b.kind}`, b])).values()];
  const implicit = distinct.filter((b) => b.kind === "implicit");
  const stateless = distinct.filter((b) => b.kind === "explicit" && b.stateless);
  return [
    ...a.cautions,
    ...implicit.map(
      (b) =>
        `${formatTraffic(b.traffic)} is kept out only by ${b.by}: nothing denies it explicitly, so the first allow someone adds for ephemeral return traffic (1024-65535) will open it. Add an explicit deny of the protected ports ahead of every allow.`,
    ),
    ...stateless.map(
      (b) =>
        `${b.by} denies ${formatTraffic(b.traffic)}. It is stateless, so it also drops the replies to connections the Edge host opens from an ephemeral port in that span (Windows' dynamic range is 49152-65535). Keep the ports out of the host's dynamic range: ${excludedPortRanges(specs)}.`,
    ),
  ];
}

/** Every message this policy reports (see COMMON_MESSAGES for those all policies share). */
const MESSAGES = {
  "filter-deserves-a-look": "{{origin}} ({{opening}}) is filtered before the Edge hosts, and the filter deserves a look:{{points}}",
} as const;

export const clsDenyExplicit: ClsGuardPolicy = {
  name: "cls-deny-explicit",
  description: "When a network ACL or firewall keeps the CLS ports closed, it should do so with an explicit deny, and a stateless deny needs the host-side port exclusion.",
  enforcementLevel: "advisory",
  severity: "low",
  url: docsUrl("cls-deny-explicit"),
  scope: "stack",
  settings: ["protectedPorts", "trustedCidrs", "trustedPrefixLists"],
  docs: `cls-ports-closed credits a deny that decides before the opening: on AWS a network ACL on the Edge
subnets or an AWS Network Firewall that the routes put on the internet's path to them; on Azure an NSG
deny evaluated before the allow; on Google Cloud a deny rule or firewall-policy deny evaluated first.
This advisory says how robust that deny is:
- **blocked only by an implicit deny** (the NACL's "*" rule, a firewall's default drop, an NSG's
  DenyAllInBound, Google Cloud's implied deny at 65535): it lasts
  only until someone adds an allow for ephemeral return traffic (1024-65535), which NACLs need;
  add an explicit deny of TCP 50001-50003 with a lower rule number than every allow.
- **a stateless deny** (NACL, stateless firewall rule): it also drops replies to connections the host
  opens from an ephemeral port in 50001-50003, because Windows' dynamic range is 49152-65535.
  Exclude the ports on the host: \`netsh int ipv4 add excludedportrange protocol=tcp startport=50001
  numberofports=3\` (the same reservation that cures a DNS server's sockets colliding with RADIUS
  on UDP 1645).
Stateful drops (firewall rules, Azure NSGs, Google Cloud firewall rules and policies) need neither.
- **a firewall credited with caveats**: an endpoint in another Availability Zone (it inspects, but
  the design loses that zone's resilience), or asymmetric routing (the subnet's way back to the
  internet skips the endpoint, which Network Firewall does not support).`,
  messages: MESSAGES,
  check(context) {
    const specs = context.settings.protectedPorts;
    const { assessments, configFindings } = assessStack(context, specs);
    const findings = assessments.flatMap((a): Finding[] => {
      const points = advice(a, specs);
      if (points.length === 0) return [];
      const rule = a.opening.rule;
      const data = { origin: formatOrigin(rule.origin), opening: formatOpening(rule), points: points.map((p) => `\n  - ${p}`).join("") };
      return [{ urn: rule.origin.urn, certainty: "definite", ...say(MESSAGES, "filter-deserves-a-look", data), rule: rule.origin.rule }];
    });
    return [...configFindings, ...findings];
  },
};
