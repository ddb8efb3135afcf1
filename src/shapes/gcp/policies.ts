import { ALL_ADDRESSES } from "../../model/addresses";
import type { Doubt, InboundRule, Source } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { field, isUnset, listField, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";
import { readLayer4 } from "./layer4";
import { isBlank, readDirection, readDisabled, readPriority, ruleLabel, valuesText, type GcpAction, type GcpRule } from "./rules";
import { internalSource, rangeSource } from "./sources";

/**
 * Firewall policies: global and regional network firewall policies (attached to a network) and
 * hierarchical ones (attached to an organisation or folder). Each kind comes as a policy with
 * standalone rules, or as a policy with its rules inline, and associations.
 */
export type PolicyKind = "hierarchical" | "global" | "regional";

export interface PolicyFamily {
  readonly kind: PolicyKind;
  readonly policy: string;
  readonly rule: string;
  readonly association: string;
  readonly withRules: string;
}

const family = (kind: PolicyKind, name: string): PolicyFamily => {
  const type = (suffix: string) => `gcp:compute/${name[0].toLowerCase()}${name.slice(1)}${suffix}:${name}${suffix}`;
  return { kind, policy: type(""), rule: type("Rule"), association: type("Association"), withRules: type("WithRules") };
};

export const POLICY_FAMILIES: readonly PolicyFamily[] = [family("hierarchical", "FirewallPolicy"), family("global", "NetworkFirewallPolicy"), family("regional", "RegionNetworkFirewallPolicy")];

export const POLICY_TYPES = POLICY_FAMILIES.flatMap((f) => [f.policy, f.withRules]);

export function familyOf(type: string): PolicyFamily | undefined {
  return POLICY_FAMILIES.find((f) => [f.policy, f.rule, f.association, f.withRules].includes(type));
}

/** Hierarchical priorities are 0-2147483647, network policy ones too. */
const MAX_PRIORITY = 2147483647;

const ACTIONS: Record<string, GcpAction> = { allow: "allow", deny: "deny", goto_next: "goto_next", gotoNext: "goto_next", apply_security_profile_group: "allow" };

/** Anything but a readable deny or goto_next may let traffic through: read it as an allow. */
function readAction(f: Field): { action: GcpAction; doubts: Doubt[] } {
  const value = reveal(f.value);
  if (typeof value === "string" && Object.hasOwn(ACTIONS, value)) return { action: ACTIONS[value], doubts: [] };
  if (isUnknown(f.value)) return { action: "allow", doubts: [unknownDoubt(f)] };
  return { action: "allow", doubts: [malformedDoubt(f, `is ${describe(f.value)}, not allow, deny, goto_next or apply_security_profile_group; read as allow`)] };
}

/** Match fields that name internet addresses cls-guard cannot list: they match some of every address. */
const UNLISTED = ["srcAddressGroups", "srcFqdns", "srcRegionCodes", "srcThreatIntelligences"] as const;
/**
 * Source network contexts (srcNetworkScope, and the older names srcNetworkContext and
 * srcNetworkType). GCP matches a packet only if it meets the context as well as a source
 * ("understand network contexts"): INTERNET takes in every packet the internet sends to an
 * external address, any other context (NON_INTERNET, VPC_NETWORKS, INTRA_VPC...) leaves it out.
 */
const SOURCE_CONTEXTS = ["srcNetworkScope", "srcNetworkContext", "srcNetworkType"] as const;
/** Match fields that narrow what the sources match: an allow is read without them, a deny earns no credit. */
const NARROWING = [...SOURCE_CONTEXTS, "srcNetworks", "destIpRanges", "destAddressGroups", "destFqdns", "destRegionCodes", "destThreatIntelligences", "destNetworkScope", "destNetworkContext", "destNetworkType"] as const;

/** A field the provider writes "", [] or null for narrows nothing; a source context of INTERNET keeps the internet's traffic. */
function narrows(key: (typeof NARROWING)[number], value: unknown): boolean {
  if (isBlank(value)) return false;
  return !((SOURCE_CONTEXTS as readonly string[]).includes(key) && reveal(value) === "INTERNET");
}

/** Why the match may cover only part of what its sources send, for the message; undefined when it covers all of it. */
function partialOf(match: unknown, prefix: string, unlisted: readonly Field[]): string | undefined {
  const narrowing = NARROWING.filter((key) => narrows(key, own(match, key))).map((key) => `${prefix}${key} ${valuesText(own(match, key))}`);
  const reasons = [
    ...(narrowing.length > 0 ? [`its ${narrowing.join(", ")} narrow${narrowing.length > 1 ? "" : "s"} it to part of the traffic its sources send (GCP matches a packet only if every match field holds)`] : []),
    ...(unlisted.length > 0 ? [`its ${unlisted.map((f) => `${f.path} ${display(f.value)}`).join(", ")} stand${unlisted.length > 1 ? "" : "s"} for addresses cls-guard cannot list`] : []),
  ];
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

function matchSources(match: unknown, prefix: string): { sources: Source[]; partial?: string } {
  const ranges = listField(match, "srcIpRanges", prefix).map(rangeSource);
  const tags = listField(match, "srcSecureTags", prefix).map((f) => internalSource({ ...f, value: own(f.value, "name") ?? f.value }, "source secure tag"));
  const unlistedFields = UNLISTED.flatMap((key) => listField(match, key, prefix));
  const unlisted = unlistedFields.map((f): Source => ({ kind: "cidr", text: `${f.path} ${describe(f.value)} (addresses cls-guard cannot list)`, addresses: ALL_ADDRESSES }));
  const partial = partialOf(match, prefix, unlistedFields);
  const sources = [...ranges, ...tags, ...unlisted];
  if (sources.length > 0) return { sources, partial };
  const whole: Field = { path: `${prefix}srcIpRanges`, value: undefined };
  const doubt = isUnknown(match) ? unknownDoubt({ path: prefix.slice(0, -1), value: match }) : malformedDoubt(whole, "is missing and no other source is given; read as any address");
  return { sources: [{ kind: "unresolved", text: `${prefix}sources (${doubt.kind === "unknown" ? "unknown" : "unreadable"})`, doubt }], partial };
}

function layer4Pairs(match: unknown, prefix: string): { path: string; protocol: Field; ports: Field }[] {
  const path = `${prefix}layer4Configs`;
  const configs = isUnknown(match) ? match : own(match, "layer4Configs");
  const list = reveal(configs);
  // Unknown, missing or not a list: one pair that may be anything, with the doubt.
  if (!Array.isArray(list) || list.length === 0) return [{ path, protocol: { path, value: configs ?? null }, ports: { path, value: undefined } }];
  return list.map((item, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) return { path: at, protocol: { path: at, value: item }, ports: { path: at, value: undefined } };
    return { path: at, protocol: field(item, "ipProtocol", `${at}.`), ports: field(item, "ports", `${at}.`) };
  });
}

/** One policy rule, standalone (the resource is the rule) or inline (rules[i] of the policy). */
function policyRule(view: ResourceView, rule: unknown, path: string, kind: PolicyKind): GcpRule {
  const prefix = path === "rule" ? "" : `${path}.`;
  const { priority, doubts: priorityDoubts } = readPriority(field(rule, "priority", prefix), MAX_PRIORITY);
  const { action, doubts: actionDoubts } = readAction(field(rule, "action", prefix));
  const { ingress, doubts: directionDoubts } = readDirection(field(rule, "direction", prefix), true);
  const { disabled, doubts: disabledDoubts } = readDisabled(field(rule, "disabled", prefix));
  const match = own(rule, "match");
  const { sources, partial } = matchSources(match, `${prefix}match.`);
  const ruleDoubts = [...priorityDoubts, ...actionDoubts, ...directionDoubts, ...disabledDoubts];
  const entries: InboundRule[] = layer4Pairs(match, `${prefix}match.`).map((p) => {
    const { protocol, ports, doubts } = readLayer4(p.protocol, p.ports);
    return { origin: { urn: view.urn, type: view.type, name: view.name, rule: p.path }, protocol, ports, sources, doubts: [...ruleDoubts, ...doubts] };
  });
  return {
    view,
    path,
    label: ruleLabel(view, path, priority, own(rule, "priority")),
    action,
    priority,
    ingress,
    disabled,
    entries,
    partial,
    targets: {
      tags: [],
      serviceAccounts: listField(rule, "targetServiceAccounts", prefix),
      networks: kind === "hierarchical" ? listField(rule, "targetResources", prefix) : [],
      secureTags: listField(rule, "targetSecureTags", prefix),
    },
    description: field(rule, "description", prefix),
  };
}

export interface PolicyRulesReading {
  readonly family: PolicyFamily;
  /** How a standalone rule names its policy; undefined for inline rules (the resource is the policy). */
  readonly policy?: Field;
  readonly rules: readonly GcpRule[];
}

/** The rules a policy-rule or policy-with-rules resource holds, or undefined for any other resource. */
export function readPolicyRules(view: ResourceView): PolicyRulesReading | undefined {
  const family = familyOf(view.type);
  if (family && view.type === family.rule) return { family, policy: field(view.props, "firewallPolicy"), rules: [policyRule(view, view.props, "rule", family.kind)] };
  if (!family || view.type !== family.withRules) return undefined;
  const rules = own(view.props, "rules");
  if (Array.isArray(reveal(rules))) return { family, rules: (reveal(rules) as unknown[]).map((r, i) => policyRule(view, r, `rules[${i}]`, family.kind)) };
  if (isUnset(rules)) return { family, rules: [] };
  // Unknown or unreadable: one rule that may allow anything, first.
  return { family, rules: [policyRule(view, { priority: rules, action: rules, direction: rules, match: rules }, "rules", family.kind)] };
}

/** An association: the policy and what it is attached to (a network, a folder or an organisation). */
export function readAssociation(view: ResourceView): { family: PolicyFamily; policy: Field; target: Field } | undefined {
  const family = familyOf(view.type);
  if (!family || view.type !== family.association) return undefined;
  return { family, policy: field(view.props, "firewallPolicy"), target: field(view.props, "attachmentTarget") };
}

/** The region a regional policy or its association lives in; "" when unset. */
export function regionOf(view: ResourceView): unknown {
  return own(view.props, "region");
}
