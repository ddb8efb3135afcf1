import { fc } from "@fast-check/jest";
import { SG, SG_RULE, VPC_INGRESS } from "../support/fixtures";
import type { TestResource } from "../support/harness";
import { T } from "../support/network";

/**
 * Random Edge networks for the oracle, first as plain data (a World), then rendered into the
 * Pulumi resources cls-guard reads. The oracle reads the World, never the resources, so the two
 * share no parsing.
 */
export interface WorldRule {
  readonly shape: "inline" | "rule" | "vpc";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidrs4: readonly string[];
  readonly cidrs6: readonly string[];
  readonly prefixLists: readonly string[];
  readonly groupRefs: readonly string[];
  readonly self: boolean;
}

export interface AclEntry {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidr: string;
}

export interface StatelessRule {
  readonly priority: number;
  readonly action: "aws:pass" | "aws:drop" | "aws:forward_to_sfe";
  readonly protocols: readonly number[];
  readonly ports: readonly (readonly [number, number])[];
  readonly sources: readonly string[];
}

export interface Justification {
  readonly reason?: string;
  readonly ticket?: string;
  readonly approver?: string;
  readonly expires?: string;
}

export interface World {
  readonly rules: readonly WorldRule[];
  readonly acl?: readonly AclEntry[];
  readonly firewall?: { readonly rules: readonly StatelessRule[]; readonly defaultAction: "aws:pass" | "aws:drop" | "aws:forward_to_sfe" };
  readonly justification?: Justification;
  readonly trustedPrefixLists: readonly string[];
}

export const CIDRS4 = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/7", "172.16.0.0/12", "172.0.0.0/11", "192.168.0.0/16", "100.64.0.0/10", "203.0.113.0/24", "198.51.100.7/32", "8.8.8.0/24", "224.0.0.0/3"];
export const CIDRS6 = ["::/0", "8000::/1", "fc00::/7", "fe80::/10", "::1/128", "2001:db8::/32", "2600::/12"];
export const SPELLINGS = ["tcp", "TCP", "6", "udp", "17", "-1", "all", "icmp", "47"];
export const BOUNDARIES = [0, 1, 49151, 49152, 49999, 50000, 50001, 50002, 50003, 50004, 59999, 60000, 65535];

const port = fc.oneof(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 0, max: 65535 }));
/** Mostly ordered spans; now and then a reversed one (malformed: cls-guard reads it as every port). */
const span = fc.tuple(port, port, fc.integer({ min: 0, max: 9 })).map(([a, b, r]) => (r === 0 ? ([Math.max(a, b), Math.min(a, b)] as const) : ([Math.min(a, b), Math.max(a, b)] as const)));

const rule: fc.Arbitrary<WorldRule> = fc.record({
  shape: fc.constantFrom("inline", "inline", "rule", "vpc"),
  protocol: fc.constantFrom(...SPELLINGS),
  span,
  cidrs4: fc.subarray(CIDRS4, { maxLength: 2 }),
  cidrs6: fc.subarray(CIDRS6, { maxLength: 1 }),
  prefixLists: fc.subarray(["pl-trusted", "pl-partner"], { maxLength: 1 }),
  groupRefs: fc.subarray(["sg-office"], { maxLength: 1 }),
  self: fc.boolean(),
}).map(({ span: [from, to], ...r }) => r.shape === "vpc" ? vpcShaped({ ...r, from, to }) : { ...r, from, to });

/** A vpc.SecurityGroupIngressRule has exactly one source and no ports with -1. */
function vpcShaped(r: WorldRule): WorldRule {
  const one = r.cidrs4[0] ?? r.cidrs6[0];
  return one === undefined ? { ...r, shape: "inline" } : { ...r, cidrs4: r.cidrs4.includes(one) ? [one] : [], cidrs6: r.cidrs4.includes(one) ? [] : [one], prefixLists: [], groupRefs: [], self: false };
}

const aclEntry = (ruleNo: number): fc.Arbitrary<AclEntry> =>
  fc.record({ action: fc.constantFrom("allow" as const, "deny" as const), protocol: fc.constantFrom("tcp", "6", "udp", "-1", "icmp"), span, cidr: fc.constantFrom(...CIDRS4, ...CIDRS6) })
    .map(({ span: [from, to], ...e }) => ({ ...e, ruleNo, from: Math.min(from, to), to: Math.max(from, to) }));

const statelessRule = (priority: number): fc.Arbitrary<StatelessRule> =>
  fc.record({
    action: fc.constantFrom("aws:pass" as const, "aws:drop" as const, "aws:forward_to_sfe" as const),
    protocols: fc.subarray([6, 17, 1]),
    ports: fc.array(span.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const), { maxLength: 2 }),
    sources: fc.subarray(["0.0.0.0/0", "203.0.113.0/24", "::/0", "8.8.8.0/24"], { maxLength: 2 }),
  }).map((r) => ({ ...r, priority }));

export const justification: fc.Arbitrary<Justification | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    reason: fc.constantFrom("ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path", "vendor-said-so", ""),
    ticket: fc.constantFrom("SEC-1", "", " "),
    approver: fc.constantFrom("alice@example.com", ""),
    expires: fc.constantFrom("2026-11-20", "2026-11-21", "2027-03-01", "2027-11-21", "2027-11-22", "2027-02-30", "next year"),
  }, { requiredKeys: [] }),
);

export const world: fc.Arbitrary<World> = fc.record({
  rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
  acl: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }).chain((numbers) => fc.tuple(...numbers.map(aclEntry))), { nil: undefined }),
  firewall: fc.option(
    fc.record({
      rules: fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 4 }).chain((ps) => fc.tuple(...ps.map(statelessRule))),
      defaultAction: fc.constantFrom("aws:pass" as const, "aws:drop" as const, "aws:forward_to_sfe" as const),
    }),
    { nil: undefined },
  ),
  justification,
  trustedPrefixLists: fc.constantFrom([], ["pl-trusted"]),
}) as fc.Arbitrary<World>;

/** The World as a Pulumi stack: the Edge group, its rules, an instance in a subnet, the NACL and firewall. */
export function render(w: World): TestResource[] {
  const tags = w.justification
    ? Object.fromEntries(
        Object.entries({ "cls-guard:reason": w.justification.reason, "cls-guard:ticket": w.justification.ticket, "cls-guard:approved-by": w.justification.approver, "cls-guard:expires": w.justification.expires }).filter(([, v]) => v !== undefined),
      )
    : undefined;
  const permission = (r: WorldRule) => ({ protocol: r.protocol, fromPort: r.from, toPort: r.to, cidrBlocks: r.cidrs4, ipv6CidrBlocks: r.cidrs6, prefixListIds: r.prefixLists });
  const resources: TestResource[] = [
    { type: T.vpc, name: "vpc", props: { id: "vpc-1", cidrBlock: "10.0.0.0/16" } },
    { type: T.subnet, name: "edge-subnet", props: { id: "subnet-1", vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" } },
    {
      type: SG,
      name: "edge",
      props: {
        id: "sg-edge",
        vpcId: "vpc-1",
        ingress: w.rules.filter((r) => r.shape === "inline").map((r) => ({ ...permission(r), securityGroups: r.groupRefs, self: r.self })),
        ...(tags ? { tags } : {}),
      },
    },
    { type: T.instance, name: "edge-1", props: { subnetId: "subnet-1", vpcSecurityGroupIds: ["sg-edge"] } },
  ];
  w.rules.forEach((r, i) => {
    if (r.shape === "rule") {
      resources.push({ type: SG_RULE, name: `rule-${i}`, props: { type: "ingress", securityGroupId: "sg-edge", ...permission(r), ...(r.groupRefs[0] ? { sourceSecurityGroupId: r.groupRefs[0] } : {}), self: r.self } });
    } else if (r.shape === "vpc") {
      const ports = r.protocol === "-1" || r.protocol === "all" ? {} : { fromPort: r.from, toPort: r.to };
      resources.push({ type: VPC_INGRESS, name: `rule-${i}`, props: { securityGroupId: "sg-edge", ipProtocol: r.protocol, ...ports, ...(r.cidrs4[0] ? { cidrIpv4: r.cidrs4[0] } : { cidrIpv6: r.cidrs6[0] }) } });
    }
  });
  if (w.acl) {
    const ingress = w.acl.map((e) => ({ ruleNo: e.ruleNo, action: e.action, protocol: e.protocol, fromPort: e.from, toPort: e.to, ...(e.cidr.includes(":") ? { ipv6CidrBlock: e.cidr } : { cidrBlock: e.cidr }) }));
    resources.push({ type: T.nacl, name: "edge-acl", props: { id: "acl-1", vpcId: "vpc-1", subnetIds: ["subnet-1"], ingress } });
  }
  if (w.firewall) {
    const statelessRules = w.firewall.rules.map((r) => ({
      priority: r.priority,
      ruleDefinition: {
        actions: [r.action],
        matchAttributes: { protocols: r.protocols, sources: r.sources.map((s) => ({ addressDefinition: s })), destinationPorts: r.ports.map(([fromPort, toPort]) => ({ fromPort, toPort })) },
      },
    }));
    resources.push(
      { type: T.ruleGroup, name: "fw-group", props: { arn: "arn:group", type: "STATELESS", capacity: 100, ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules } } } } },
      { type: T.policy, name: "fw-policy", props: { arn: "arn:policy", firewallPolicy: { statelessDefaultActions: [w.firewall.defaultAction], statelessFragmentDefaultActions: ["aws:drop"], statelessRuleGroupReferences: [{ priority: 1, resourceArn: "arn:group" }] } } },
      { type: T.firewall, name: "edge-fw", props: { vpcId: "vpc-1", firewallPolicyArn: "arn:policy" } },
    );
  }
  return resources;
}
