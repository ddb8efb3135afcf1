import { ALL_ADDRESSES } from "../../model/addresses";
import type { Doubt, InboundRule, Source } from "../../model/rule";
import { ALL_PORTS } from "../../model/traffic";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { field, isUnset, listField, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { own, type ResourceView } from "../resource";
import { prefixSource, readDirection, readPorts, readProtocol } from "./nsgRules";
import { CLASSIC, NATIVE } from "./types";

/**
 * Security admin rules of Azure Virtual Network Manager. Azure evaluates them before the NSGs of
 * every virtual network their network groups hold: "Allow" hands the traffic on to the NSGs,
 * "Deny" drops it, and "AlwaysAllow" delivers it whatever the NSGs say ("Security admin rules in
 * Azure Virtual Network Manager"). An inbound AlwaysAllow is therefore an opening of its own.
 */
export const ADMIN_RULE_TYPES: readonly string[] = [NATIVE.adminRule, CLASSIC.adminRule];

/** "AlwaysAllow", any case; a value that cannot be read may be it. */
function readAlways(f: Field): { always: boolean; doubts: Doubt[] } {
  const v = reveal(f.value);
  if (typeof v === "string") return { always: v.toLowerCase() === "alwaysallow", doubts: [] };
  return { always: true, doubts: [isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}; read as AlwaysAllow`)] };
}

/** A source by its type: a network group's virtual networks are internal; an IP prefix or service tag as an NSG reads it. */
function readSource(item: unknown, path: string): { source: Source; virtualNetwork?: boolean } {
  const prefix = field(item, "addressPrefix", path);
  if (String(reveal(own(item, "addressPrefixType"))).toLowerCase() === "networkgroup") return { source: { kind: "internal", text: `network group ${display(prefix.value)}` } };
  return prefixSource(prefix);
}

/** An inbound AlwaysAllow, and whether a source is the VirtualNetwork tag (which routes may widen to internet addresses). */
export interface AlwaysAllow {
  readonly rule: InboundRule;
  readonly fromVirtualNetwork: boolean;
}

/** The opening an inbound AlwaysAllow admin rule is; undefined for any other rule. An access or direction that cannot be read may be it. */
export function alwaysAllowRule(view: ResourceView): AlwaysAllow | undefined {
  if (!ADMIN_RULE_TYPES.includes(view.type)) return undefined;
  const { always, doubts: accessDoubts } = readAlways(field(view.props, view.type === NATIVE.adminRule ? "access" : "action"));
  const direction = readDirection(field(view.props, "direction"));
  if (!always || !direction.inbound) return undefined;
  const { protocol, doubts: protocolDoubts } = readProtocol(field(view.props, "protocol"), "Any");
  // No port range is every port.
  const ranges = listField(view.props, "destinationPortRanges");
  const { ports, doubts: portDoubts } = ranges.length === 0 ? { ports: ALL_PORTS, doubts: [] } : readPorts(protocol, field(view.props, "destinationPortRange"), ranges);
  const read = listField(view.props, "sources").flatMap((f, i) => (isUnset(f.value) ? [] : [readSource(reveal(f.value), `sources[${i}].`)]));
  // An admin rule without sources matches every source.
  const sources: Source[] = read.length > 0 ? read.map((r) => r.source) : [{ kind: "cidr", text: "any source", addresses: ALL_ADDRESSES }];
  const rule = { origin: { urn: view.urn, type: view.type, name: view.name, rule: "rule" }, protocol, ports, sources, doubts: [...accessDoubts, ...direction.doubts, ...protocolDoubts, ...portDoubts] };
  return { rule, fromVirtualNetwork: read.some((r) => r.virtualNetwork === true) };
}
