import { ALL_ADDRESSES } from "../../model/addresses";
import type { FilterRule } from "../../model/filters";
import type { Doubt } from "../../model/rule";
import { Traffic } from "../../model/traffic";
import { describe, isUnknown, reveal } from "../../model/values";
import { readCidr, readPorts, readProtocol } from "./permissions";
import { doubtOf, field, isUnset, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";

/** Network ACL shapes of the AWS provider, read as ordered inbound filter rules. */
export const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
export const NETWORK_ACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";

interface EntryFields {
  readonly number: Field;
  readonly action: Field;
  readonly protocol: Field;
  readonly fromPort: Field;
  readonly toPort: Field;
  readonly ipv4: Field;
  readonly ipv6: Field;
}

/** AWS rule numbers run 1-32766; a number we cannot read is evaluated first (fail closed). */
function readOrder(f: Field): { order: number; doubts: Doubt[] } {
  const n = reveal(f.value);
  if (typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 32766) return { order: n, doubts: [] };
  if (isUnknown(f.value)) return { order: -Infinity, doubts: [unknownDoubt(f)] };
  return { order: -Infinity, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not a rule number 1-32766`)] };
}

function readAction(f: Field): { verdict: "pass" | "block"; doubts: Doubt[] } {
  const action = reveal(f.value);
  if (action === "allow") return { verdict: "pass", doubts: [] };
  if (action === "deny") return { verdict: "block", doubts: [] };
  // Anything else may be an allow: read it as one.
  return { verdict: "pass", doubts: [doubtOf(f, `is ${describe(f.value)}, not "allow" or "deny"`)] };
}

/** AWS takes exactly one of the two source blocks; without that, the entry may match any address. */
function sourceCountDoubt(fields: EntryFields, given: number): Doubt {
  const both = `${fields.ipv4.path} and ${fields.ipv6.path.split(".").pop()}`;
  return malformedDoubt({ ...fields.ipv4, path: both }, `${given === 0 ? "are both missing" : "are both set (AWS takes one)"}; read as any address`);
}

function entryRule(fields: EntryFields, aclName: string): FilterRule {
  const { order, doubts: orderDoubts } = readOrder(fields.number);
  const { verdict, doubts: actionDoubts } = readAction(fields.action);
  const { protocol, doubts: protocolDoubts } = readProtocol(fields.protocol);
  const { ports, doubts: portDoubts } = readPorts(protocol, fields.fromPort, fields.toPort);
  const given = [fields.ipv4, fields.ipv6].filter((f) => !isUnset(f.value));
  const source = given.length === 1 ? readCidr(given[0], given[0] === fields.ipv4 ? "ipv4" : "ipv6") : { addresses: ALL_ADDRESSES, doubt: sourceCountDoubt(fields, given.length) };
  const number = Number.isFinite(order) ? `rule ${order}` : `rule ${describe(fields.number.value)}`;
  return {
    order,
    verdict,
    traffic: Traffic.box(protocol.numbers, ports, source.addresses),
    exact: true,
    label: `${number} of NACL "${aclName}"`,
    doubts: [...orderDoubts, ...actionDoubts, ...protocolDoubts, ...portDoubts, ...(source.doubt ? [source.doubt] : [])],
  };
}

/** Inbound entries written inline on a NetworkAcl or DefaultNetworkAcl. */
export function inlineAclRules(view: ResourceView): FilterRule[] {
  const ingress = own(view.props, "ingress");
  if (!Array.isArray(ingress)) return ingress === undefined || ingress === null ? [] : [unreadableEntry(view, { path: "ingress", value: ingress })];
  return ingress.map((entry, i) => {
    const prefix = `ingress[${i}].`;
    if (!isRecord(entry)) return unreadableEntry(view, { path: `ingress[${i}]`, value: entry });
    return entryRule(
      {
        number: field(entry, "ruleNo", prefix),
        action: field(entry, "action", prefix),
        protocol: field(entry, "protocol", prefix),
        fromPort: field(entry, "fromPort", prefix),
        toPort: field(entry, "toPort", prefix),
        ipv4: field(entry, "cidrBlock", prefix),
        ipv6: field(entry, "ipv6CidrBlock", prefix),
      },
      view.name,
    );
  });
}

/** An entry we cannot read at all may be an allow of everything, evaluated first. */
function unreadableEntry(view: ResourceView, whole: Field): FilterRule {
  const rule = entryRule({ number: whole, action: whole, protocol: whole, fromPort: whole, toPort: whole, ipv4: whole, ipv6: { path: whole.path, value: undefined } }, view.name);
  // Even when the value would read as a rule number (ingress: [42]), it is no entry: first it goes.
  return { ...rule, order: -Infinity, label: `${whole.path} of NACL "${view.name}"` };
}

/** A standalone NetworkAclRule: its rule, whether it is inbound, and the ACL it belongs to. */
export function standaloneAclRule(view: ResourceView, aclName: string): { rule: FilterRule; inbound: boolean } {
  const rule = entryRule(
    {
      number: field(view.props, "ruleNumber"),
      action: field(view.props, "ruleAction"),
      protocol: field(view.props, "protocol"),
      fromPort: field(view.props, "fromPort"),
      toPort: field(view.props, "toPort"),
      ipv4: field(view.props, "cidrBlock"),
      ipv6: field(view.props, "ipv6CidrBlock"),
    },
    aclName,
  );
  const egress = field(view.props, "egress");
  const flag = reveal(egress.value);
  if (flag === true) return { rule, inbound: false };
  if (flag === undefined || flag === false) return { rule, inbound: true };
  // Possibly inbound: count it as one, but a doubtful deny earns no credit.
  const doubt = doubtOf(egress, `is ${describe(egress.value)}, not true or false`);
  return { rule: { ...rule, doubts: [...rule.doubts, doubt] }, inbound: true };
}
