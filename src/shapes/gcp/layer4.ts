import { cachedBounded } from "../../cached";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, ANY_PROTOCOL, isPort, SCTP, TCP, UDP, type Doubt, type ProtocolMatch } from "../../model/rule";
import { describe, isUnknown, reveal } from "../../model/values";
import { doubtOf, malformedDoubt, unknownDoubt, type Field } from "../fields";

/**
 * GCP's protocol-and-ports pairs (a VPC rule's allows[]/denies[], a policy rule's layer4Configs[]):
 * a protocol by name or number, and ports that apply to TCP, UDP and SCTP only; no ports is every port.
 */
const NAMED: Record<string, number> = { tcp: TCP, udp: UDP, icmp: 1, ipip: 4, esp: 50, ah: 51, sctp: SCTP };
const WITH_PORTS = new Set([TCP, UDP, SCTP]);
const NAME_OF = new Map(Object.entries(NAMED).map(([name, n]) => [n, name]));

/** Stacks repeat a few protocols and ports in every rule: each text is read once. */
const protocols = new Map<string, ProtocolMatch | undefined>();
const spans = new Map<string, IntervalSet | undefined>();

/** A protocol as GCP takes it, or undefined when it is none. */
export function gcpProtocol(value: unknown): ProtocolMatch | undefined {
  return typeof value === "string" ? cachedBounded(protocols, value, () => protocolNamed(value.toLowerCase())) : undefined;
}

function protocolNamed(text: string): ProtocolMatch | undefined {
  if (text === "all") return ANY_PROTOCOL;
  const n = Object.hasOwn(NAMED, text) ? NAMED[text] : /^(0|[1-9]\d{0,2})$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 255)) return undefined;
  return { label: NAME_OF.get(n) ?? `protocol ${n}`, numbers: IntervalSet.range(n, n), portless: !WITH_PORTS.has(n) };
}

function readProtocol(f: Field): { protocol: ProtocolMatch; doubts: Doubt[] } {
  if (isUnknown(f.value)) return { protocol: { ...ANY_PROTOCOL, label: "protocol unknown at preview" }, doubts: [unknownDoubt(f)] };
  const protocol = gcpProtocol(reveal(f.value));
  if (protocol) return { protocol, doubts: [] };
  const problem = `is ${describe(f.value)}, not a protocol GCP accepts (tcp, udp, icmp, esp, ah, sctp, ipip, all or a number 0-255)`;
  return { protocol: { ...ANY_PROTOCOL, label: "unreadable protocol" }, doubts: [malformedDoubt(f, problem)] };
}

/** "50001" or "50000-59999"; undefined when it is neither. */
export function portSpan(value: unknown): IntervalSet | undefined {
  const text = typeof value === "number" ? String(value) : value;
  return typeof text === "string" ? cachedBounded(spans, text, () => spanOf(text)) : undefined;
}

function spanOf(text: string): IntervalSet | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [lo, hi] = [Number(match[1]), Number(match[2] ?? match[1])];
  return isPort(lo) && isPort(hi) && lo <= hi ? IntervalSet.range(lo, hi) : undefined;
}

function readPorts(protocol: ProtocolMatch, f: Field): { ports: IntervalSet; doubts: Doubt[] } {
  // GCP refuses ports for the other protocols, so they match all their traffic.
  if (protocol.portless) return { ports: ALL_PORTS, doubts: [] };
  if (isUnknown(f.value)) return { ports: ALL_PORTS, doubts: [unknownDoubt(f)] };
  const list = reveal(f.value);
  if (list === undefined || list === null) return { ports: ALL_PORTS, doubts: [] };
  if (!Array.isArray(list)) return { ports: ALL_PORTS, doubts: [malformedDoubt(f, `is ${describe(f.value)}, not a list of ports`)] };
  if (list.length === 0) return { ports: ALL_PORTS, doubts: [] };
  let ports = IntervalSet.EMPTY;
  const doubts: Doubt[] = [];
  list.forEach((item, i) => {
    const at: Field = { path: `${f.path}[${i}]`, value: item };
    const span = isUnknown(item) ? undefined : portSpan(reveal(item));
    if (span) ports = ports.union(span);
    else doubts.push(doubtOf(at, `is ${describe(item)}, not a port or range ("50001", "50000-59999")`));
  });
  return doubts.length > 0 ? { ports: ALL_PORTS, doubts } : { ports, doubts };
}

/** One protocol-and-ports pair; what cannot be read widens to every protocol or port, with the doubt. */
export function readLayer4(protocolField: Field, portsField: Field): { protocol: ProtocolMatch; ports: IntervalSet; doubts: Doubt[] } {
  const { protocol, doubts: protocolDoubts } = readProtocol(protocolField);
  const { ports, doubts: portDoubts } = readPorts(protocol, portsField);
  return { protocol, ports, doubts: [...protocolDoubts, ...portDoubts] };
}
