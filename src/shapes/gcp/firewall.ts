import { ALL_IPV4 } from "../../model/addresses";
import type { Doubt, InboundRule, Source } from "../../model/rule";
import { describe, isUnknown, reveal } from "../../model/values";
import { field, listField, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";
import { readLayer4 } from "./layer4";
import { isBlank, readDirection, readDisabled, readPriority, ruleLabel, valuesText, type GcpAction, type GcpRule } from "./rules";
import { internalSource, rangeSource } from "./sources";

/** A VPC firewall rule: `gcp:compute/firewall:Firewall`. */
export const FIREWALL = "gcp:compute/firewall:Firewall";

/** With no source at all GCP takes every IPv4 address (gcloud's documented default). */
const DEFAULT_SOURCE: Source = { kind: "cidr", text: "0.0.0.0/0 (no source given: GCP's default)", addresses: ALL_IPV4 };

/**
 * sourceRanges, sourceTags and sourceServiceAccounts: a packet matches if it matches any of them.
 * Tags and service accounts name instances, never internet addresses.
 */
function sources(view: ResourceView): Source[] {
  const ranges = listField(view.props, "sourceRanges").map(rangeSource);
  const tags = listField(view.props, "sourceTags").map((f) => internalSource(f, "source tag"));
  const accounts = listField(view.props, "sourceServiceAccounts").map((f) => internalSource(f, "source service account"));
  const all = [...ranges, ...tags, ...accounts];
  return all.length > 0 ? all : [DEFAULT_SOURCE];
}

/**
 * "If destination ranges are specified, the firewall rule applies only to traffic that has
 * destination IP address in these ranges" (Compute API, Firewall.destinationRanges). Which of the
 * host's addresses GCP compares for traffic to its external address is not something the stack
 * shows, so any destination range makes the rule partial: a deny of it earns no credit.
 */
function destinationLimit(view: ResourceView): string | undefined {
  const ranges = field(view.props, "destinationRanges");
  if (isBlank(ranges.value)) return undefined;
  return `its destinationRanges ${valuesText(ranges.value)} limit it to traffic addressed to those ranges, and cls-guard does not check the host's addresses against them`;
}

/** The pairs of allows[] or denies[]; an unreadable list is one pair of everything, with the doubt. */
function pairs(list: Field): { path: string; protocol: Field; ports: Field }[] {
  if (isUnknown(list.value) || !Array.isArray(reveal(list.value))) return [{ path: list.path, protocol: list, ports: { path: list.path, value: undefined } }];
  return (reveal(list.value) as unknown[]).map((item, i) => {
    const path = `${list.path}[${i}]`;
    if (!isRecord(item)) return { path, protocol: { path, value: item }, ports: { path, value: undefined } };
    return { path, protocol: field(item, "protocol", `${path}.`), ports: field(item, "ports", `${path}.`) };
  });
}

/** The rule's allows (or denies) as one GcpRule, or none when that list is empty. */
function ruleOf(view: ResourceView, key: "allows" | "denies", shared: { priority: number; doubts: Doubt[]; ingress: boolean; disabled: boolean; sources: Source[]; partial?: string }): GcpRule[] {
  const list = field(view.props, key);
  if (isBlank(list.value)) return [];
  const action: GcpAction = key === "allows" ? "allow" : "deny";
  const listDoubts = isUnknown(list.value) ? [unknownDoubt(list)] : !Array.isArray(reveal(list.value)) ? [malformedDoubt(list, `is ${describe(list.value)}, not a list`)] : [];
  const entries: InboundRule[] = pairs(list).map((p) => {
    const { protocol, ports, doubts } = readLayer4(p.protocol, p.ports);
    const origin = { urn: view.urn, type: view.type, name: view.name, rule: p.path };
    return { origin, protocol, ports, sources: shared.sources, doubts: [...shared.doubts, ...(p.path === list.path ? listDoubts : doubts)] };
  });
  return [
    {
      view,
      path: key,
      label: ruleLabel(view, "rule", shared.priority, own(view.props, "priority")),
      action,
      priority: shared.priority,
      ingress: shared.ingress,
      disabled: shared.disabled,
      entries,
      partial: shared.partial,
      targets: { tags: listField(view.props, "targetTags"), serviceAccounts: listField(view.props, "targetServiceAccounts"), networks: [], secureTags: [] },
      description: field(view.props, "description"),
    },
  ];
}

/**
 * A VPC firewall rule as GCP evaluates it: priority 0-65535 (1000 when unset), INGRESS unless it
 * says EGRESS; its allows and its denies (GCP takes one of the two) each as one rule.
 */
export function readFirewall(view: ResourceView): { network: Field; rules: GcpRule[] } {
  const { priority, doubts: priorityDoubts } = readPriority(field(view.props, "priority"), 65535, 1000);
  const { ingress, doubts: directionDoubts } = readDirection(field(view.props, "direction"), false);
  const { disabled, doubts: disabledDoubts } = readDisabled(field(view.props, "disabled"));
  const shared = { priority, ingress, disabled, doubts: [...priorityDoubts, ...directionDoubts, ...disabledDoubts], sources: sources(view), partial: destinationLimit(view) };
  return { network: field(view.props, "network"), rules: [...ruleOf(view, "allows", shared), ...ruleOf(view, "denies", shared)] };
}
