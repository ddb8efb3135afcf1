import { cachedBounded } from "../../cached";
import { ALL_ADDRESSES, parseCidr, type Family } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, ANY_PROTOCOL, isPort, parseProtocol, type Doubt, type InboundRule, type Origin, type ProtocolMatch, type Source } from "../../model/rule";
import { describe, display, isUnknown, reveal, Secret } from "../../model/values";
import { malformedDoubt, unknownDoubt, unresolved, type Field } from "../fields";

/**
 * AWS's IpPermission, the shape every security-group rule resource shares once its property
 * names are mapped: one protocol, one port range, any number of sources.
 */
export interface RawPermission {
  readonly protocol: Field;
  readonly fromPort: Field;
  readonly toPort: Field;
  readonly cidrIpv4: readonly Field[];
  readonly cidrIpv6: readonly Field[];
  readonly prefixLists: readonly Field[];
  readonly groupRefs: readonly Field[];
  /** Absent for shapes that cannot name their own group as a source. */
  readonly self?: Field;
}

/**
 * A stack repeats a few protocols and port ranges over thousands of rules: each is read once, and
 * the rules share the (immutable) result instead of holding a copy each.
 */
const protocols = new Map<string, ProtocolMatch | undefined>();
const portRanges = new Map<number, IntervalSet>();

export function readProtocol(f: Field): { protocol: ProtocolMatch; doubts: Doubt[] } {
  if (isUnknown(f.value)) return { protocol: { ...ANY_PROTOCOL, label: "protocol unknown at preview" }, doubts: [unknownDoubt(f)] };
  const value = reveal(f.value);
  const protocol = typeof value === "string" ? cachedBounded(protocols, value, () => parseProtocol(value)) : undefined;
  if (protocol) return { protocol, doubts: [] };
  const problem = `is ${describe(f.value)}, not a protocol AWS accepts (tcp, udp, icmp, icmpv6, a number 0-255, -1 or all)`;
  return { protocol: { ...ANY_PROTOCOL, label: "unreadable protocol" }, doubts: [malformedDoubt(f, problem)] };
}

/** TCP/UDP port range; other protocols are matched on all their traffic, as AWS does. */
export function readPorts(protocol: ProtocolMatch, from: Field, to: Field): { ports: IntervalSet; doubts: Doubt[] } {
  if (protocol.portless) return { ports: ALL_PORTS, doubts: [] };
  const unknown = [from, to].filter((f) => isUnknown(f.value));
  if (unknown.length > 0) return { ports: ALL_PORTS, doubts: unknown.map(unknownDoubt) };
  const [lo, hi] = [reveal(from.value), reveal(to.value)];
  const bad = [from, to].filter((f) => !isPort(reveal(f.value)));
  if (bad.length > 0) {
    return { ports: ALL_PORTS, doubts: bad.map((f) => malformedDoubt(f, `is ${describe(f.value)}, not a port (a whole number 0-65535)`)) };
  }
  if ((lo as number) > (hi as number)) {
    return { ports: ALL_PORTS, doubts: [malformedDoubt(from, `${lo} is above ${to.path} ${hi}`)] };
  }
  return { ports: cachedBounded(portRanges, (lo as number) * 65536 + (hi as number), () => IntervalSet.range(lo as number, hi as number)), doubts: [] };
}

/** A CIDR field's addresses; an unreadable one stands for every address, with the doubt saying why. */
export function readCidr(f: Field, family: Family): { addresses: IntervalSet; doubt?: Doubt } {
  if (f.problem) return { addresses: ALL_ADDRESSES, doubt: malformedDoubt(f, f.problem) };
  if (isUnknown(f.value)) return { addresses: ALL_ADDRESSES, doubt: unknownDoubt(f) };
  if (f.value instanceof Secret && reveal(f.value) === undefined) {
    return { addresses: ALL_ADDRESSES, doubt: malformedDoubt(f, "is a secret whose value this document does not carry; read as any address") };
  }
  const parsed = parseCidr(reveal(f.value), family);
  if (parsed.ok) return { addresses: parsed.addresses };
  return { addresses: ALL_ADDRESSES, doubt: malformedDoubt(f, `${display(f.value)} ${parsed.reason}`) };
}

function cidrSource(f: Field, family: Family): Source {
  const { addresses, doubt } = readCidr(f, family);
  return doubt ? unresolved(f, doubt) : { kind: "cidr", text: display(f.value), addresses };
}

function prefixListSource(f: Field): Source {
  if (f.problem) return unresolved(f, malformedDoubt(f, f.problem));
  if (isUnknown(f.value)) return { kind: "prefix-list", id: null, doubt: unknownDoubt(f) };
  const id = reveal(f.value);
  if (typeof id === "string" && id.trim() !== "") return { kind: "prefix-list", id: display(f.value) };
  return unresolved(f, malformedDoubt(f, `is ${describe(f.value)}, not a prefix list id`));
}

function groupSource(f: Field): Source {
  return isUnknown(f.value) ? { kind: "security-group", id: null, doubt: unknownDoubt(f) } : { kind: "security-group", id: display(f.value) };
}

export function readSources(p: RawPermission): Source[] {
  return [
    ...p.cidrIpv4.map((f) => cidrSource(f, "ipv4")),
    ...p.cidrIpv6.map((f) => cidrSource(f, "ipv6")),
    ...p.prefixLists.map(prefixListSource),
    ...p.groupRefs.map(groupSource),
    ...(reveal(p.self?.value) === true ? [{ kind: "self" } as const] : []),
  ];
}

export function toInboundRule(origin: Origin, p: RawPermission): InboundRule {
  const { protocol, doubts: protocolDoubts } = readProtocol(p.protocol);
  const { ports, doubts: portDoubts } = readPorts(protocol, p.fromPort, p.toPort);
  return { origin, protocol, ports, sources: readSources(p), doubts: [...protocolDoubts, ...portDoubts] };
}
