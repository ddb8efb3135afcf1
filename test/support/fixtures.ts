import { UNKNOWN_SENTINEL } from "../../src/shapes/resource";
import type { TestResource } from "./harness";

export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** What the engine sends for a value not known until the update. */
export const UNKNOWN = UNKNOWN_SENTINEL;
export const WORLD = "0.0.0.0/0";
export const WORLD6 = "::/0";

export function tcp(fromPort: unknown, toPort: unknown, sources: Record<string, unknown> = { cidrBlocks: [WORLD] }) {
  return { protocol: "tcp", fromPort, toPort, ...sources };
}

export function udp(fromPort: unknown, toPort: unknown, sources: Record<string, unknown> = { cidrBlocks: [WORLD] }) {
  return { protocol: "udp", fromPort, toPort, ...sources };
}

export function sg(name: string, ingress: unknown, tags?: unknown, type = SG): TestResource {
  return { type, name, props: { name, ingress, ...(tags === undefined ? {} : { tags }), id: `sg-${name}` } };
}

export function sgRule(name: string, props: Record<string, unknown>, feeds?: string): TestResource {
  return {
    type: SG_RULE,
    name,
    props: { type: "ingress", securityGroupId: feeds ? `sg-${feeds}` : "sg-elsewhere", ...props },
    propertyDependencies: feeds ? { securityGroupId: [feeds] } : undefined,
  };
}

export function vpcIngress(name: string, props: Record<string, unknown>, tags?: Record<string, string>): TestResource {
  return { type: VPC_INGRESS, name, props: { securityGroupId: "sg-elsewhere", ...props, ...(tags ? { tags } : {}) } };
}

/** A justification that passes on TEST day (2026-11-21): expires within 365 days. */
export function justified(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "cls-guard:reason": "ocs-2007-federation",
    "cls-guard:ticket": "SEC-1234",
    "cls-guard:approved-by": "alice@example.com",
    "cls-guard:expires": "2027-03-01",
    ...overrides,
  };
}

export const EDGE_SAFE = [tcp(443, 443), tcp(5061, 5061), udp(3478, 3478)];
export const MEDIA_RANGE_TCP = tcp(50000, 59999);
