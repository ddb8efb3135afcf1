import type { Doubt, InboundRule } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { resourceLabel, type ResourceView } from "../resource";
import { isUnset, malformedDoubt, unknownDoubt, type Field } from "../fields";

/**
 * One GCP firewall rule, whatever holds it (a VPC firewall rule, a rule of a network or
 * hierarchical firewall policy), in GCP's own terms: the network layer orders and places it.
 */
export type GcpAction = "allow" | "deny" | "goto_next";

export interface GcpTargets {
  /** VPC rules: instance network tags. */
  readonly tags: readonly Field[];
  readonly serviceAccounts: readonly Field[];
  /** Hierarchical policy rules: the networks whose instances it applies to. */
  readonly networks: readonly Field[];
  /** Policy rules: secure tags, which cls-guard cannot follow to instances. */
  readonly secureTags: readonly Field[];
}

export interface GcpRule {
  readonly view: ResourceView;
  /** Where in the resource: "rule", "allows", "rules[2]". */
  readonly path: string;
  /** How a reviewer finds it: `Firewall "edge-media" (priority 1000)`. */
  readonly label: string;
  readonly action: GcpAction;
  /** Lower first; -Infinity when unreadable (evaluated first, and a deny of it earns no credit). */
  readonly priority: number;
  readonly ingress: boolean;
  /** Only a literal `disabled: true` switches a rule off. */
  readonly disabled: boolean;
  /** One per protocol-and-ports pair, with the rule's sources and every doubt about the rule. */
  readonly entries: readonly InboundRule[];
  /**
   * Why the rule may match only part of what its sources and ports name (a match field narrows it,
   * or stands for addresses cls-guard cannot list); undefined when it matches all of it. A deny
   * that is partial earns no credit.
   */
  readonly partial?: string;
  readonly targets: GcpTargets;
  readonly description: Field;
}

/** Unset as the bridge writes it: nothing, "" or an empty list. */
export function isBlank(value: unknown): boolean {
  const v = reveal(value);
  return isUnset(value) || (Array.isArray(v) && v.length === 0);
}

/** A match field's value as a reviewer reads it: a list's items joined, secrets hidden. */
export function valuesText(value: unknown): string {
  const v = reveal(value);
  return Array.isArray(v) ? v.map(display).join(", ") : display(value);
}

export function ruleLabel(view: ResourceView, path: string, priority: number, value: unknown): string {
  const at = path === "rule" ? "" : ` ${path}`;
  return `${resourceLabel(view)}${at} (priority ${Number.isFinite(priority) ? priority : describe(value)})`;
}

/** A priority in GCP's range; unset takes the default where GCP has one (VPC rules: 1000). */
export function readPriority(f: Field, max: number, fallback?: number): { priority: number; doubts: Doubt[] } {
  const value = reveal(f.value);
  if (fallback !== undefined && isUnset(f.value)) return { priority: fallback, doubts: [] };
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max) return { priority: value, doubts: [] };
  if (isUnknown(f.value)) return { priority: -Infinity, doubts: [unknownDoubt(f)] };
  return { priority: -Infinity, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not a priority 0-${max}; read as evaluated first`)] };
}

/** INGRESS unless it says EGRESS; anything unreadable is read as ingress, with the doubt. */
export function readDirection(f: Field, required: boolean): { ingress: boolean; doubts: Doubt[] } {
  const value = reveal(f.value);
  if (value === "EGRESS") return { ingress: false, doubts: [] };
  if (value === "INGRESS" || (!required && isUnset(f.value))) return { ingress: true, doubts: [] };
  if (isUnknown(f.value)) return { ingress: true, doubts: [unknownDoubt(f)] };
  return { ingress: true, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not INGRESS or EGRESS; read as INGRESS`)] };
}

/** Off only when literally true; unknown or unreadable is read as on, with the doubt. */
export function readDisabled(f: Field): { disabled: boolean; doubts: Doubt[] } {
  const value = reveal(f.value);
  if (value === true) return { disabled: true, doubts: [] };
  if (value === false || isUnset(f.value)) return { disabled: false, doubts: [] };
  if (isUnknown(f.value)) return { disabled: false, doubts: [unknownDoubt(f)] };
  return { disabled: false, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not true or false; read as enabled`)] };
}
