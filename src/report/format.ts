import { IntervalSet } from "../model/intervals";
import { ANY_PROTOCOL, TCP, UDP, type InboundRule, type Origin, type Source } from "../model/rule";
import type { Traffic } from "../model/traffic";
import { resourceLabel } from "../shapes/resource";
import type { PortSpec } from "../verdict/exposure";

/** "50000, 50004-59999" */
export function formatNumbers(set: IntervalSet): string {
  return set.intervals.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(", ");
}

function protocolName(n: bigint): string {
  return n === BigInt(TCP) ? "TCP" : n === BigInt(UDP) ? "UDP" : `protocol ${n}`;
}

/** Port spans per protocol, as data: what a report lists as "exposed ports". */
export function portSpansOf(traffic: Traffic): PortSpan[] {
  const spans: PortSpan[] = [];
  for (const [lo, hi] of traffic.project("protocols").intervals) {
    for (let p = lo; p <= hi; p++) {
      const ports = traffic.boxes.filter((b) => b.protocols.has(p)).reduce((acc, b) => acc.union(b.ports), IntervalSet.EMPTY);
      for (const [from, to] of ports.intervals) spans.push({ protocol: protocolName(p).toLowerCase(), from: Number(from), to: Number(to) });
    }
  }
  return spans;
}

export type PortSpan = { readonly protocol: string; readonly from: number; readonly to: number };

/** "TCP 50000, 50004-59999; UDP 50000-59999" */
export function formatSpans(spans: readonly PortSpan[]): string {
  const byProtocol = new Map<string, string[]>();
  for (const s of spans) {
    const key = s.protocol === "tcp" || s.protocol === "udp" ? s.protocol.toUpperCase() : s.protocol;
    byProtocol.set(key, [...(byProtocol.get(key) ?? []), s.from === s.to ? `${s.from}` : `${s.from}-${s.to}`]);
  }
  return [...byProtocol].map(([p, ports]) => `${p} ${ports.join(", ")}`).join("; ");
}

export function formatTraffic(traffic: Traffic): string {
  return formatSpans(portSpansOf(traffic));
}

export function formatSpecs(specs: readonly PortSpec[]): string {
  return specs.map((s) => `${s.protocol.toUpperCase()} ${s.from === s.to ? s.from : `${s.from}-${s.to}`}`).join(", ");
}

/** `SecurityGroup "edge-av" ingress[2]` */
export function formatOrigin(origin: Origin): string {
  return origin.rule === "rule" ? resourceLabel(origin) : `${resourceLabel(origin)} ${origin.rule}`;
}

/** What the rule opens, as written: "tcp 50000-59999", "all protocols and ports", "protocol 47". */
export function formatOpening(rule: InboundRule): string {
  if (rule.protocol.label === "all") return "all protocols and ports";
  // A protocol read as every one (unreadable, unknown) had its ports widened too; Azure's "*" keeps them.
  if (rule.protocol.portless && rule.protocol.numbers.equals(ANY_PROTOCOL.numbers)) return `${rule.protocol.label}, read as all protocols and ports`;
  if (rule.protocol.portless) return `${rule.protocol.label} (all of it)`;
  return `${rule.protocol.label} ${formatNumbers(rule.ports)}`;
}

export function formatSource(source: Source): string {
  switch (source.kind) {
    case "cidr":
      return source.text;
    case "prefix-list":
      return source.id === null ? "a prefix list (id unknown at preview)" : `prefix list ${source.id}`;
    case "security-group":
      return source.id === null ? "a security group (id unknown at preview)" : `security group ${source.id}`;
    case "self":
      return "self";
    case "internal":
    case "unresolved":
      return source.text;
  }
}
