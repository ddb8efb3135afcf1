import { fc } from "@fast-check/jest";
import { asg, azureEdge, NIC_NSG, standaloneRule, SUBNET_NSG, towards, type Provider, type Rule } from "../support/azure";
import type { TestResource } from "../support/harness";
import { materialise, ref } from "../support/network";

/**
 * Random Azure Edges for the oracle: one NIC with a public IP in one subnet, an optional NSG at
 * each level, and two application security groups, which the NIC may join and rules may target. A plain-data world the oracle reads, rendered separately into the resources
 * cls-guard reads (through test/support/azure.ts), so the two share no parsing.
 */
export interface AzureRule {
  /** Distinct within its NSG; the rule's name derives from it. */
  readonly priority: number;
  readonly access: "Allow" | "Deny";
  readonly protocol: string;
  /** destinationPortRange, or destinationPortRanges when a list. */
  readonly ports: string | readonly string[];
  /** sourceAddressPrefix, or sourceAddressPrefixes when a list. */
  readonly from: string | readonly string[];
  /** A SecurityRule / NetworkSecurityRule resource rather than an item of the NSG's securityRules. */
  readonly standalone: boolean;
  /** The application security groups it targets; none: every host. */
  readonly to?: readonly string[];
}

export type Level = "subnet" | "nic";
export const LEVELS: readonly Level[] = ["subnet", "nic"];
export const NSG_NAMES: Record<Level, string> = { subnet: SUBNET_NSG, nic: NIC_NSG };

export interface AzureWorld {
  readonly provider: Provider;
  /** The NSG's rules at each level; undefined: no NSG there. */
  readonly subnet?: readonly AzureRule[];
  readonly nic?: readonly AzureRule[];
  /** The application security groups the NIC joins. */
  readonly nicGroups?: readonly string[];
}

export const GROUPS = ["asg-edge", "asg-other"];

/** Single sources: every source Azure's singular field takes that matters here. */
export const SOURCES = ["*", "Any", "Internet", "VirtualNetwork", "AzureLoadBalancer", "0.0.0.0/0", "::/0", "203.0.0.0/8", "10.0.0.0/8", "52.10.20.30", "2a01:111::/32"];
/** `*` and `Any` stand alone: Azure's prefix lists hold addresses, blocks and tags. */
const LISTED_SOURCES = SOURCES.filter((s) => s !== "*" && s !== "Any");
/** Ports around the CLS ports and the media range's boundaries. */
const PORT_SPECS = ["50001", "50000", "50003", "443", "50000-50001", "50003-50004", "50001-50003", "50000-59999", "49999-60000", "59999-60000", "0-65535"];

/** Azure compares protocols case-insensitively; the world spells them any way. */
const protocol = fc
  .tuple(fc.constantFrom("tcp", "udp", "icmp", "*"), fc.constantFrom("lower", "upper", "title"))
  .map(([p, spelling]) => (spelling === "lower" ? p : spelling === "upper" ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)));

const ports: fc.Arbitrary<AzureRule["ports"]> = fc.oneof(fc.constantFrom("*", ...PORT_SPECS), fc.subarray(PORT_SPECS, { minLength: 1, maxLength: 3 }));
const from: fc.Arbitrary<AzureRule["from"]> = fc.oneof({ arbitrary: fc.constantFrom(...SOURCES), weight: 3 }, { arbitrary: fc.subarray(LISTED_SOURCES, { minLength: 1, maxLength: 3 }), weight: 1 });

/** Most rules target every host; some target groups the NIC may or may not join. */
const to = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.subarray(GROUPS, { minLength: 1 }), weight: 1 });

const rule = (priority: number): fc.Arbitrary<AzureRule> =>
  fc.record({ access: fc.constantFrom("Allow" as const, "Allow" as const, "Deny" as const), protocol, ports, from, standalone: fc.boolean(), to }).map((r) => ({ ...r, priority }));

/** Priorities drawn mostly near each other, so that rules of one NSG often overlap in order. */
const priority = fc.oneof(fc.constantFrom(100, 200, 300, 4000, 4096), fc.integer({ min: 100, max: 4096 }));
const nsgRules: fc.Arbitrary<readonly AzureRule[]> = fc.uniqueArray(priority, { maxLength: 5 }).chain((ps) => fc.tuple(...ps.map(rule)));

export const azureWorld: fc.Arbitrary<AzureWorld> = fc.record(
  { provider: fc.constantFrom<Provider>("native", "classic"), subnet: nsgRules, nic: nsgRules, nicGroups: fc.subarray(GROUPS) },
  { requiredKeys: ["provider"] },
);

export const ruleName = (r: AzureRule) => `p${r.priority}`;

function toRule(p: Provider, r: AzureRule): Rule {
  const list = (x: string | readonly string[]) => (typeof x === "string" ? x : [...x]);
  return { name: ruleName(r), priority: r.priority, access: r.access, protocol: r.protocol, ports: list(r.ports), from: list(r.from), ...(r.to ? { extra: towards(p, { groups: r.to.map((g) => ref(g)) }) } : {}) };
}

/** The world as a stack after an update, in the provider's own shapes. */
export function renderAzure(w: AzureWorld): TestResource[] {
  const inline = (rules: readonly AzureRule[] | undefined) => rules?.filter((r) => !r.standalone).map((r) => toRule(w.provider, r));
  const standalone = LEVELS.flatMap((level) => (w[level] ?? []).filter((r) => r.standalone).map((r) => standaloneRule(w.provider, NSG_NAMES[level], toRule(w.provider, r))));
  const groups = GROUPS.map((g) => asg(w.provider, g));
  const edge = azureEdge(w.provider, { subnetRules: inline(w.subnet), nicRules: inline(w.nic), nicGroups: (w.nicGroups ?? []).map((g) => ref(g)) });
  return materialise([...groups, ...edge, ...standalone], "update");
}
