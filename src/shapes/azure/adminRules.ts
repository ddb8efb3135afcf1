import { ALL_ADDRESSES } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ANY_PROTOCOL, TCP, UDP, type Doubt, type InboundRule, type ProtocolMatch, type Source } from "../../model/rule";
import { ALL_PORTS } from "../../model/traffic";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { field, isUnset, listField, malformedDoubt, unknownDoubt, type Field } from "../fields";
import { own, type ResourceView } from "../resource";
import { portSpan, prefixSource } from "./nsgRules";
import { CLASSIC, NATIVE } from "./types";

/**
 * Security admin rules of Azure Virtual Network Manager. Azure evaluates them before the NSGs of
 * every virtual network their network groups hold: "Allow" hands the traffic on to the NSGs,
 * "Deny" drops it, and "AlwaysAllow" delivers it whatever the NSGs say ("Security admin rules in
 * Azure Virtual Network Manager"). An inbound AlwaysAllow is therefore an opening of its own.
 */
export const ADMIN_RULE_TYPES: readonly string[] = [NATIVE.adminRule, CLASSIC.adminRule];

const PROTOCOLS: Readonly<Record<string, number>> = { tcp: TCP, udp: UDP, icmp: 1, esp: 50, ah: 51 };

function readProtocol(f: Field): { protocol: ProtocolMatch; doubts: Doubt[] } {
  const text = reveal(f.value);
  const lower = typeof text === "string" ? text.toLowerCase() : undefined;
  if (lower === "any") return { protocol: { label: "any", numbers: ANY_PROTOCOL.numbers, portless: false }, doubts: [] };
  if (lower !== undefined && Object.hasOwn(PROTOCOLS, lower)) {
    const n = PROTOCOLS[lower];
    return { protocol: { label: lower, numbers: IntervalSet.range(n, n), portless: n !== TCP && n !== UDP }, doubts: [] };
  }
  const doubt = isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}, not a protocol Azure accepts (Tcp, Udp, Icmp, Esp, Ah or Any)`);
  return { protocol: { ...ANY_PROTOCOL, label: "protocol not read" }, doubts: [doubt] };
}

/** No port range is every port; one that cannot be read may be any. */
function readPorts(protocol: ProtocolMatch, ranges: readonly Field[]): { ports: IntervalSet; doubts: Doubt[] } {
  if (protocol.portless || ranges.length === 0) return { ports: ALL_PORTS, doubts: [] };
  const doubts: Doubt[] = [];
  const ports = ranges.reduce((acc, f) => {
    const span = f.problem || isUnknown(f.value) ? undefined : portSpan(reveal(f.value));
    if (span) return acc.union(span);
    doubts.push(isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, f.problem ?? `is ${describe(f.value)}, not a port, a range a-b or *`));
    return ALL_PORTS;
  }, IntervalSet.EMPTY);
  return { ports, doubts };
}

/** A source by its type: a network group's virtual networks are internal; an IP prefix or service tag as an NSG reads it. */
function readSource(item: unknown, path: string): Source {
  const prefix = field(item, "addressPrefix", path);
  if (String(reveal(own(item, "addressPrefixType"))).toLowerCase() === "networkgroup") return { kind: "internal", text: `network group ${display(prefix.value)}` };
  return prefixSource(prefix).source;
}

/** An inbound AlwaysAllow, and whether a source is the VirtualNetwork tag (which routes may widen to internet addresses). */
export interface AlwaysAllow {
  readonly rule: InboundRule;
  readonly fromVirtualNetwork: boolean;
}

/** The opening an inbound AlwaysAllow admin rule is; undefined for any other rule. An access or direction that cannot be read may be it. */
export function alwaysAllowRule(view: ResourceView): AlwaysAllow | undefined {
  if (!ADMIN_RULE_TYPES.includes(view.type)) return undefined;
  const access = field(view.props, view.type === NATIVE.adminRule ? "access" : "action");
  const direction = field(view.props, "direction");
  const readAs = (f: Field, wanted: string) => (isUnknown(f.value) ? "unknown" : typeof reveal(f.value) === "string" ? String(reveal(f.value)).toLowerCase() === wanted : "unreadable");
  const [always, inbound] = [readAs(access, "alwaysallow"), readAs(direction, "inbound")];
  if (always === false || inbound === false) return undefined;
  const unsure = [access, direction].flatMap((f) => (isUnknown(f.value) ? [unknownDoubt(f)] : typeof reveal(f.value) === "string" ? [] : [malformedDoubt(f, `is ${describe(f.value)}; read as an inbound AlwaysAllow`)]));
  const { protocol, doubts: protocolDoubts } = readProtocol(field(view.props, "protocol"));
  const { ports, doubts: portDoubts } = readPorts(protocol, listField(view.props, "destinationPortRanges"));
  const sources = listField(view.props, "sources").map((f, i) => (isUnset(f.value) ? undefined : readSource(reveal(f.value), `sources[${i}].`))).filter((s): s is Source => s !== undefined);
  // An admin rule without sources matches every source.
  const every: Source[] = sources.length === 0 ? [{ kind: "cidr", text: "any source", addresses: ALL_ADDRESSES }] : [];
  const fromVirtualNetwork = listField(view.props, "sources").some((f) => String(reveal(own(reveal(f.value), "addressPrefix"))).toLowerCase() === "virtualnetwork");
  return { rule: { origin: { urn: view.urn, type: view.type, name: view.name, rule: "rule" }, protocol, ports, sources: [...sources, ...every], doubts: [...unsure, ...protocolDoubts, ...portDoubts] }, fromVirtualNetwork };
}
