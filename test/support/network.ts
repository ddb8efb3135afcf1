import { SG, UNKNOWN, WORLD, WORLD6 } from "./fixtures";
import type { TestResource } from "./harness";

/**
 * Builders for whole Edge networks in tests. Resources point at each other with ref("name");
 * `materialise` turns refs into ids (after an update) or into unknowns plus the engine's property
 * dependencies (at preview), so every case runs both ways.
 */
export const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  instance: "aws:ec2/instance:Instance",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  asg: "aws:autoscaling/group:Group",
  nacl: "aws:ec2/networkAcl:NetworkAcl",
  defaultNacl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  naclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  naclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  ruleGroup: "aws:networkfirewall/ruleGroup:RuleGroup",
  policy: "aws:networkfirewall/firewallPolicy:FirewallPolicy",
  firewall: "aws:networkfirewall/firewall:Firewall",
} as const;

/** An output of another resource: its id (or arn, or `value` when given) after an update. */
export interface Ref {
  readonly ref: string;
  readonly value?: string;
}

export const ref = (name: string, value?: string): Ref => (value === undefined ? { ref: name } : { ref: name, value });

function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && "ref" in value;
}

export function res(type: string, name: string, props: Record<string, unknown>): TestResource {
  return { type, name, props };
}

/** Ids after an update (arn for keys ending in Arn), or unknowns with dependencies at preview. */
export function materialise(resources: readonly TestResource[], mode: "update" | "preview"): TestResource[] {
  return resources.map((r) => {
    const deps: Record<string, string[]> = {};
    const walk = (value: unknown, topKey: string, key: string): unknown => {
      if (isRef(value)) {
        deps[topKey] = [...(deps[topKey] ?? []), value.ref];
        if (mode === "preview") return UNKNOWN;
        return value.value ?? (/arn$/i.test(key) ? `arn:aws:test::${value.ref}` : `${value.ref}-id`);
      }
      if (Array.isArray(value)) return value.map((v) => walk(v, topKey, key));
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, topKey, k)]));
      return value;
    };
    const props = Object.fromEntries(Object.entries(r.props).map(([k, v]) => [k, walk(v, k, k)]));
    const own = mode === "update" ? { id: `${r.name}-id`, arn: `arn:aws:test::${r.name}` } : {};
    return { ...r, props: { ...props, ...own }, propertyDependencies: mode === "preview" ? deps : undefined };
  });
}

/** The Edge: a VPC, a public subnet, a group opening the media range to the world, an instance. */
export function edge(sources: Record<string, unknown> = { cidrBlocks: [WORLD] }): TestResource[] {
  return [
    res(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16", defaultNetworkAclId: "acl-0default" }),
    res(T.subnet, "edge-public", { vpcId: ref("vpc"), cidrBlock: "10.0.1.0/24" }),
    res(SG, "edge-av", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, ...sources }] }),
    res(T.instance, "edge-1", { subnetId: ref("edge-public"), vpcSecurityGroupIds: [ref("edge-av")] }),
  ];
}

export const DUAL_STACK = { cidrBlocks: [WORLD], ipv6CidrBlocks: [WORLD6] };

type Entry = Record<string, unknown>;
export const allowAll = (ruleNo: number, extra: Entry = {}): Entry => ({ ruleNo, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: WORLD, ...extra });
export const denyCls = (ruleNo: number, extra: Entry = {}): Entry => ({ ruleNo, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: WORLD, ...extra });
export const allowTcp = (ruleNo: number, fromPort: number, toPort: number, extra: Entry = {}): Entry => ({ ruleNo, action: "allow", protocol: "tcp", fromPort, toPort, cidrBlock: WORLD, ...extra });

export function nacl(name: string, ingress: Entry[], subnets: string[] = ["edge-public"]): TestResource {
  return res(T.nacl, name, { vpcId: ref("vpc"), subnetIds: subnets.map((s) => ref(s)), ingress, egress: [allowAll(100)] });
}

export function naclRule(name: string, acl: string, entry: Entry): TestResource {
  const { ruleNo, action, ...rest } = entry;
  return res(T.naclRule, name, { networkAclId: ref(acl), ruleNumber: ruleNo, ruleAction: action, egress: false, ...rest });
}

/** A firewall in the Edge VPC with one policy over the given rule groups. */
export function firewall(policy: Record<string, unknown>, groups: TestResource[]): TestResource[] {
  return [
    ...groups,
    res(T.policy, "fw-policy", { firewallPolicy: { statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"], ...policy } }),
    res(T.firewall, "edge-fw", { vpcId: ref("vpc"), firewallPolicyArn: ref("fw-policy"), subnetMappings: [{ subnetId: ref("edge-public") }] }),
  ];
}

export function suricata(name: string, rules: string, extra: Record<string, unknown> = {}): TestResource {
  return res(T.ruleGroup, name, { type: "STATEFUL", capacity: 100, ruleGroup: { rulesSource: { rulesString: rules }, ...extra } });
}

export function statelessGroup(name: string, rules: { priority: number; actions: string[]; match: Record<string, unknown> }[]): TestResource {
  return res(T.ruleGroup, name, {
    type: "STATELESS",
    capacity: 100,
    ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: rules.map((r) => ({ priority: r.priority, ruleDefinition: { actions: r.actions, matchAttributes: r.match } })) } } },
  });
}

export const clsPorts = [{ fromPort: 50001, toPort: 50003 }];
export const everyone = [{ addressDefinition: "0.0.0.0/0" }];
