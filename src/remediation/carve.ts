import { IntervalSet } from "../model/intervals";
import type { Source } from "../model/rule";
import { reveal } from "../model/values";
import { listField } from "../shapes/fields";
import { own, type Props, type ResourceView } from "../shapes/resource";
import type { Assessment } from "../verdict/assessment";

/**
 * The rewrite behind cls-ports-carved: an inline ingress rule that lets the internet reach a
 * protected port becomes the same rule for its internal sources, kept whole, plus one rule per
 * span of its ports that stays open to its external sources. Every other field (description,
 * provider-written unset values) is copied from the rule as it was.
 */

/** One rule that replaces a carved one: the rule's item as written, and what it opens to whom. */
export interface Replacement {
  readonly item: Props;
  readonly ports: IntervalSet;
  readonly sources: readonly Source[];
}

/** What becomes of one opening of a protected port. */
export type Carving =
  | { readonly kind: "carved"; readonly assessment: Assessment; readonly replacements: readonly Replacement[] }
  | { readonly kind: "left"; readonly assessment: Assessment; readonly why: string };

export interface CarvePlan {
  readonly carvings: readonly Carving[];
  /** The resource's props with every carved rule rewritten; undefined when nothing is. */
  readonly props?: Props;
}

/**
 * Plans the carve of a resource's openings (assessments of its own rules, from the judgement every
 * policy shares). Rules it cannot rewrite faithfully are left with the reason.
 */
export function planCarve(view: ResourceView, openings: readonly Assessment[]): CarvePlan {
  const ingress = own(view.props, "ingress");
  const carvings = openings.map((a) => carveOne(a, ingress));
  const carved = carvings.filter((c): c is Extract<Carving, { kind: "carved" }> => c.kind === "carved");
  if (carved.length === 0) return { carvings };
  const rewritten = (ingress as unknown[]).flatMap((item, i) => carved.find((c) => indexOf(c.assessment) === i)?.replacements.map((r) => r.item) ?? [item]);
  const overQuota = quotaProblem(rewritten);
  if (overQuota) return { carvings: carvings.map((c): Carving => (c.kind === "carved" ? { kind: "left", assessment: c.assessment, why: overQuota } : c)) };
  return { carvings, props: { ...view.props, ingress: rewritten } };
}

/** The position of an inline rule in `ingress`; undefined for a standalone rule or an unreadable list. */
function indexOf(a: Assessment): number | undefined {
  const match = /^ingress\[(\d+)\]$/.exec(a.opening.rule.origin.rule);
  return match ? Number(match[1]) : undefined;
}

function carveOne(a: Assessment, ingress: unknown): Carving {
  const left = (why: string): Carving => ({ kind: "left", assessment: a, why });
  const rule = a.opening.rule;
  const index = indexOf(a);
  if (index === undefined) {
    return left(rule.origin.rule === "rule" ? "a standalone rule is one resource with one port range, and a remediation can rewrite a resource but cannot create the second one the carve needs" : "its group's ingress is not a list of rules");
  }
  const doubts = [...new Set([...rule.doubts, ...a.exposures.flatMap((e) => e.doubts)].map((d) => d.detail))];
  if (a.approval.state === "unverified") doubts.push("its justification is not known until the update");
  if (doubts.length > 0) return left(`it cannot be rewritten safely: ${doubts.join("; ")}`);
  // "-1" opens every protocol, most of which have no ports: no set of port rules keeps them open.
  if (rule.protocol.portless) return left("it opens every protocol, and ports cannot be carved out of it without dropping the protocols that have none (ICMP, GRE, ESP, ...)");
  return { kind: "carved", assessment: a, replacements: replacementsOf(a, (ingress as unknown[])[index] as Props) };
}

/** Internal sources keep the rule whole; external ones keep its ports minus the exposed ones, a rule per span. */
function replacementsOf(a: Assessment, item: Props): Replacement[] {
  const rule = a.opening.rule;
  const entries = sourceEntries(item);
  // Should the reader ever order sources differently, refuse rather than move a source to the wrong
  // rule: the adapter turns this into no rewrite, and evaluate() into a violation.
  if (entries.length !== rule.sources.length) throw new Error(`${rule.origin.rule}: ${entries.length} source values for ${rule.sources.length} sources`);
  const external = new Set(a.exposures.map((e) => e.source));
  const sourced = entries.map((entry, k) => ({ ...entry, source: rule.sources[k] }));
  const inside = sourced.filter((e) => !external.has(e.source));
  const outside = sourced.filter((e) => external.has(e.source));
  const kept = rule.ports.subtract(a.exposed.project("ports"));
  return [
    ...(inside.length > 0 ? [{ item: withSources(item, inside), ports: rule.ports, sources: inside.map((e) => e.source) }] : []),
    ...kept.intervals.map(([lo, hi]) => ({
      item: { ...withSources(item, outside), fromPort: Number(lo), toPort: Number(hi) },
      ports: IntervalSet.range(lo, hi),
      sources: outside.map((e) => e.source),
    })),
  ];
}

/** The source lists of an inline rule, in the order the reader reads them (permissions.ts readSources). */
const SOURCE_LISTS = ["cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "securityGroups"] as const;

interface SourceEntry {
  readonly key: (typeof SOURCE_LISTS)[number] | "self";
  /** The value as written (a secret stays a secret). */
  readonly value: unknown;
}

/** The rule's source values, one per source the reader made of them, in the same order. */
function sourceEntries(item: Props): SourceEntry[] {
  const lists = SOURCE_LISTS.flatMap((key) => listField(item, key).map((f): SourceEntry => ({ key, value: f.value })));
  return reveal(own(item, "self")) === true ? [...lists, { key: "self", value: own(item, "self") }] : lists;
}

/**
 * The rule with only the given sources. A list that was set keeps its place, emptied if need be
 * ([] is how the provider writes an unset list); one that was not set stays as it was.
 */
function withSources(item: Props, entries: readonly SourceEntry[]): Props {
  const lists = SOURCE_LISTS.filter((key) => Array.isArray(own(item, key))).map((key) => [key, entries.filter((e) => e.key === key).map((e) => e.value)]);
  const self = reveal(own(item, "self")) === true && !entries.some((e) => e.key === "self") ? { self: false } : {};
  return { ...item, ...Object.fromEntries(lists), ...self };
}

/**
 * AWS's default quota: 60 inbound rules per group, counted apart for IPv4 and IPv6. AWS counts a
 * rule once per source: an IPv4 CIDR as one IPv4 rule, an IPv6 CIDR as one IPv6 rule, and a
 * referenced group (self included) or prefix list as one of each. A prefix list really counts as
 * its maximum number of entries, which the group's own props do not tell: counting it once is a
 * lower bound, and a rewrite AWS then refuses fails the update without opening anything.
 */
export const INBOUND_RULE_QUOTA = 60;

function ruleCounts(ingress: readonly unknown[]): { ipv4: number; ipv6: number } {
  let ipv4 = 0;
  let ipv6 = 0;
  for (const item of ingress) {
    const both = listField(item, "prefixListIds").length + listField(item, "securityGroups").length + (reveal(own(item, "self")) === true ? 1 : 0);
    ipv4 += listField(item, "cidrBlocks").length + both;
    ipv6 += listField(item, "ipv6CidrBlocks").length + both;
  }
  return { ipv4, ipv6 };
}

function quotaProblem(ingress: readonly unknown[]): string | undefined {
  const { ipv4, ipv6 } = ruleCounts(ingress);
  if (ipv4 <= INBOUND_RULE_QUOTA && ipv6 <= INBOUND_RULE_QUOTA) return undefined;
  return `the rewrite would give the group ${ipv4} IPv4 and ${ipv6} IPv6 inbound rules as AWS counts them, over AWS's default quota of ${INBOUND_RULE_QUOTA} each, so the group is left as it is`;
}
