import type { InboundRule, Origin } from "../../model/rule";
import { isUnknown } from "../../model/values";
import { toInboundRule, type RawPermission } from "./permissions";
import { field, listField, optionalField, unknownDoubt, type Field } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";

/**
 * Security-group shapes of the AWS provider, mapped onto AWS's IpPermission. This file and its
 * siblings are the only places that know Pulumi property names.
 */
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** How a standalone rule names the group it belongs to. */
export interface GroupLink {
  readonly id: Field;
  /** URNs the engine recorded as feeding the group id; the link when the id is unknown at preview. */
  readonly urns: readonly string[];
}

export interface SecurityGroupReading {
  readonly rules: InboundRule[];
  /** Set for standalone rules; a group owns its inline rules itself. */
  readonly group?: GroupLink;
}

function origin(view: ResourceView, rule: string): Origin {
  return { urn: view.urn, type: view.type, name: view.name, rule };
}

function inlineIngress(view: ResourceView): SecurityGroupReading {
  const ingress = own(view.props, "ingress");
  if (ingress === undefined || ingress === null) return { rules: [] };
  if (!Array.isArray(ingress)) return { rules: [unreadableRule(view, { path: "ingress", value: ingress })] };
  const rules = ingress.map((item, i) => {
    const prefix = `ingress[${i}].`;
    if (!isRecord(item)) return unreadableRule(view, { path: `ingress[${i}]`, value: item });
    return toInboundRule(origin(view, `ingress[${i}]`), {
      protocol: field(item, "protocol", prefix),
      fromPort: field(item, "fromPort", prefix),
      toPort: field(item, "toPort", prefix),
      cidrIpv4: listField(item, "cidrBlocks", prefix),
      cidrIpv6: listField(item, "ipv6CidrBlocks", prefix),
      prefixLists: listField(item, "prefixListIds", prefix),
      groupRefs: listField(item, "securityGroups", prefix),
      self: field(item, "self", prefix),
    });
  });
  return { rules };
}

/**
 * A rule that is unknown at preview or not a rule at all: every protocol, port and source is
 * possible, and the doubts say which.
 */
function unreadableRule(view: ResourceView, whole: Field): InboundRule {
  return toInboundRule(origin(view, whole.path), {
    protocol: whole,
    fromPort: whole,
    toPort: whole,
    cidrIpv4: [whole],
    cidrIpv6: [],
    prefixLists: [],
    groupRefs: [],
  });
}

function groupLink(view: ResourceView): GroupLink {
  return { id: field(view.props, "securityGroupId"), urns: view.propertyDependencies["securityGroupId"] ?? [] };
}

function securityGroupRule(view: ResourceView): SecurityGroupReading {
  const type = field(view.props, "type");
  if (type.value === "egress") return { rules: [], group: groupLink(view) };
  const permission: RawPermission = {
    protocol: field(view.props, "protocol"),
    fromPort: field(view.props, "fromPort"),
    toPort: field(view.props, "toPort"),
    cidrIpv4: listField(view.props, "cidrBlocks"),
    cidrIpv6: listField(view.props, "ipv6CidrBlocks"),
    prefixLists: listField(view.props, "prefixListIds"),
    groupRefs: optionalField(view.props, "sourceSecurityGroupId"),
    self: field(view.props, "self"),
  };
  const rule = toInboundRule(origin(view, "rule"), permission);
  // Anything but a literal "egress" may be an ingress rule: read it as one, and say why.
  const typeDoubt =
    type.value === "ingress"
      ? []
      : isUnknown(type.value)
        ? [unknownDoubt(type)]
        : [{ kind: "malformed" as const, field: "type", detail: `type is not "ingress" or "egress"; read as ingress` }];
  return { rules: [{ ...rule, doubts: [...rule.doubts, ...typeDoubt] }], group: groupLink(view) };
}

function vpcIngressRule(view: ResourceView): SecurityGroupReading {
  const permission: RawPermission = {
    protocol: field(view.props, "ipProtocol"),
    fromPort: field(view.props, "fromPort"),
    toPort: field(view.props, "toPort"),
    cidrIpv4: optionalField(view.props, "cidrIpv4"),
    cidrIpv6: optionalField(view.props, "cidrIpv6"),
    prefixLists: optionalField(view.props, "prefixListId"),
    groupRefs: optionalField(view.props, "referencedSecurityGroupId"),
  };
  return { rules: [toInboundRule(origin(view, "rule"), permission)], group: groupLink(view) };
}

const READERS: Record<string, (view: ResourceView) => SecurityGroupReading> = {
  [SECURITY_GROUP]: inlineIngress,
  [DEFAULT_SECURITY_GROUP]: inlineIngress,
  [SECURITY_GROUP_RULE]: securityGroupRule,
  [VPC_INGRESS_RULE]: vpcIngressRule,
};

/** The inbound rules a resource contributes, or undefined when it is not a security-group shape. */
export function readSecurityGroupShape(view: ResourceView): SecurityGroupReading | undefined {
  return Object.hasOwn(READERS, view.type) ? READERS[view.type](view) : undefined;
}
