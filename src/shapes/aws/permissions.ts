import { ALL_ADDRESSES, parseCidr, type Family } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, ANY_PROTOCOL, isPort, parseProtocol, type Doubt, type InboundRule, type Origin, type ProtocolMatch, type Source } from "../../model/rule";
import { describe, display, isUnknown, reveal, Secret } from "../../model/values";
import { own } from "../resource";

/** One raw property value and where it sits, so that a doubt can name the field a user wrote. */
export interface Field {
  readonly path: string;
  readonly value: unknown;
  /** What is wrong with the value's shape, when its place in the props already says so. */
  readonly problem?: string;
}

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

export function field(object: unknown, key: string, prefix = ""): Field {
  return { path: `${prefix}${key}`, value: own(object, key) };
}

/** A list-valued property as fields; a property that is not a list stays one (unreadable) field. */
export function listField(object: unknown, key: string, prefix = ""): Field[] {
  const value = own(object, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [{ path: `${prefix}${key}`, value, problem: isUnknown(value) ? undefined : `is ${describe(value)}, not a list` }];
  return value.map((item, i) => ({ path: `${prefix}${key}[${i}]`, value: item }));
}

/**
 * Whether a value is one the provider writes for a field nobody set: after `pulumi up` an unset
 * string is "" and an unset list or block null (the bridged Terraform provider writes every field).
 */
export function isUnset(value: unknown): boolean {
  // A secret whose value the document does not carry is set to something unreadable, not unset.
  const v = value instanceof Secret && reveal(value) === undefined ? value : reveal(value);
  return v === undefined || v === null || v === "";
}

/** A single-valued source property as zero or one field. */
export function optionalField(object: unknown, key: string, prefix = ""): Field[] {
  const value = own(object, key);
  return isUnset(value) ? [] : [{ path: `${prefix}${key}`, value }];
}

export function unknownDoubt(f: Field): Doubt {
  return { kind: "unknown", field: f.path, detail: `${f.path} is not known until the resources it depends on exist` };
}

export function malformedDoubt(f: Field, problem: string): Doubt {
  return { kind: "malformed", field: f.path, detail: `${f.path} ${problem}` };
}

export function readProtocol(f: Field): { protocol: ProtocolMatch; doubts: Doubt[] } {
  if (isUnknown(f.value)) return { protocol: { ...ANY_PROTOCOL, label: "protocol unknown at preview" }, doubts: [unknownDoubt(f)] };
  const protocol = parseProtocol(reveal(f.value));
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
  return { ports: IntervalSet.range(lo as number, hi as number), doubts: [] };
}

/** A source that could not be read, named by where it is (a secret one only by that). */
export function unresolved(f: Field, doubt: Doubt): Source {
  const what = f.value instanceof Secret ? `[secret] at ${f.path}` : f.path;
  return { kind: "unresolved", text: `${what} (${doubt.kind === "unknown" ? "unknown" : "unreadable"})`, doubt };
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

export function readSources(p: RawPermission): Source[] {
  return [
    ...p.cidrIpv4.map((f) => cidrSource(f, "ipv4")),
    ...p.cidrIpv6.map((f) => cidrSource(f, "ipv6")),
    ...p.prefixLists.map(prefixListSource),
    ...p.groupRefs.map((f): Source => ({ kind: "security-group", id: display(f.value) })),
    ...(reveal(p.self?.value) === true ? [{ kind: "self" } as const] : []),
  ];
}

export function toInboundRule(origin: Origin, p: RawPermission): InboundRule {
  const { protocol, doubts: protocolDoubts } = readProtocol(p.protocol);
  const { ports, doubts: portDoubts } = readPorts(protocol, p.fromPort, p.toPort);
  return { origin, protocol, ports, sources: readSources(p), doubts: [...protocolDoubts, ...portDoubts] };
}
