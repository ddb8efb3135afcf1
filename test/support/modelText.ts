import * as ipaddr from "ipaddr.js";
import { ALL_IPV4 } from "../../src/model/addresses";
import type { FilterRule } from "../../src/model/filters";
import type { IntervalSet } from "../../src/model/intervals";
import type { InboundRule, Source } from "../../src/model/rule";
import type { Traffic } from "../../src/model/traffic";

/**
 * The rule model written out as a reviewer would read it, so that reader tables can state the
 * whole expected reading in a row: `tcp 50001-50003 from 0.0.0.0/0`.
 */
const IPV4_BASE = ALL_IPV4.intervals[0][0];

function address(n: bigint): { text: string; bits: number; value: bigint } {
  if (n >= IPV4_BASE) {
    const v = n - IPV4_BASE;
    return { text: ipaddr.fromByteArray([24, 16, 8, 0].map((s) => Number((v >> BigInt(s)) & 255n))).toString(), bits: 32, value: v };
  }
  return { text: ipaddr.fromByteArray(Array.from({ length: 16 }, (_, k) => Number((n >> BigInt(8 * (15 - k))) & 255n))).toString(), bits: 128, value: n };
}

/** An address interval as a CIDR block when it is one, else as "first-last". */
function block(lo: bigint, hi: bigint): string {
  const [a, b] = [address(lo), address(hi)];
  const size = b.value - a.value + 1n;
  const prefix = a.bits - (size.toString(2).length - 1);
  const aligned = (size & (size - 1n)) === 0n && a.value % size === 0n && a.bits === b.bits;
  return aligned ? `${a.text}/${prefix}` : `${a.text}-${b.text}`;
}

export function addressesText(set: IntervalSet): string {
  return set.intervals.map(([lo, hi]) => (lo < IPV4_BASE && hi >= IPV4_BASE ? `${block(lo, IPV4_BASE - 1n)} ${block(IPV4_BASE, hi)}` : block(lo, hi))).join(" ");
}

export function numbersText(set: IntervalSet): string {
  return set.intervals.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(",");
}

/** Each box: "protocols 6 ports 50001-50003 from 0.0.0.0/0". */
export function trafficText(traffic: Traffic): string[] {
  return traffic.boxes.map((b) => `protocols ${numbersText(b.protocols)} ports ${numbersText(b.ports)} from ${addressesText(b.addresses)}`);
}

export function sourceText(s: Source): string {
  switch (s.kind) {
    case "cidr":
      return `cidr ${s.text} = ${addressesText(s.addresses)}`;
    case "prefix-list":
      return `prefix-list ${s.id}${s.doubt ? ` (${s.doubt.kind}: ${s.doubt.detail})` : ""}`;
    case "security-group":
      return `security-group ${s.id}${s.doubt ? ` (${s.doubt.kind}: ${s.doubt.detail})` : ""}`;
    case "self":
      return "self";
    case "internal":
      return `internal ${s.text}`;
    case "unresolved":
      return `unresolved ${s.text} (${s.doubt.kind}: ${s.doubt.detail})`;
  }
}

export function inboundRuleText(r: InboundRule) {
  return {
    rule: r.origin.rule,
    protocol: `${r.protocol.label} = ${numbersText(r.protocol.numbers)}${r.protocol.portless ? " (portless)" : ""}`,
    ports: numbersText(r.ports),
    sources: r.sources.map(sourceText),
    doubts: r.doubts.map((d) => `${d.kind} ${d.field}: ${d.detail}`),
  };
}

export function filterRuleText(r: FilterRule) {
  return {
    order: r.order,
    verdict: r.verdict,
    exact: r.exact,
    label: r.label,
    traffic: trafficText(r.traffic),
    doubts: r.doubts.map((d) => `${d.kind} ${d.field}: ${d.detail}`),
  };
}
