import { fc } from "@fast-check/jest";
import { firewall, GT, instance, SELF_LINK } from "../support/gcp";
import type { TestResource } from "../support/harness";
import { materialise, res } from "../support/network";
import type { Justification } from "./world";

/**
 * Random Google Cloud Edges for the oracle: one network (VPC firewall rules before any network
 * firewall policy), one or two instances with an external address, and VPC firewall rules.
 * A plain-data world the oracle reads, rendered separately through test/support/gcp.ts.
 */
export interface Entry {
  readonly protocol: "tcp" | "udp" | "all";
  /** No ports: every port. */
  readonly ports: readonly string[];
}

export interface GcpRule {
  readonly priority: number;
  readonly action: "allow" | "deny";
  /** The rule's allows[] or denies[]. */
  readonly entries: readonly Entry[];
  readonly sourceRanges: readonly string[];
  readonly sourceTags: readonly string[];
  /** No target tags: every instance of the network. */
  readonly targetTags: readonly string[];
  readonly disabled: boolean;
  readonly direction: "INGRESS" | "EGRESS";
  /** Written into the description in cls-guard's `key=value` form. */
  readonly justification?: Justification;
}

export interface GcpWorld {
  /** Each instance's network tags. */
  readonly instances: readonly (readonly string[])[];
  readonly rules: readonly GcpRule[];
}

const TAGS = ["edge", "web"];
/** A rule holds IPv4 or IPv6 source ranges, never both (VPC firewall rules docs, "Sources for ingress rules"). */
const RANGES = { ipv4: ["0.0.0.0/0", "203.0.0.0/8", "10.0.0.0/8", "52.10.20.30/32"], ipv6: ["::/0", "2a01:111::/32", "fc00::/7"] };
const PORT_SPECS = ["50001", "50000", "50003", "443", "50000-50001", "50003-50004", "50001-50003", "50000-59999", "49999-60000", "59999-60000"];

/** Ports go with tcp and udp only; `all` takes none. */
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ protocol: fc.constantFrom("tcp" as const, "udp" as const), ports: fc.subarray(PORT_SPECS, { maxLength: 2 }) }),
  fc.constant({ protocol: "all" as const, ports: [] }),
);

/** A source: ranges of one family, sometimes with tags, sometimes tags alone (one is always set). */
const sources = fc
  .tuple(fc.constantFrom(RANGES.ipv4, RANGES.ipv4, RANGES.ipv6).chain((pool) => fc.subarray(pool, { maxLength: 2 })), fc.subarray(["edge-lb", "web"], { maxLength: 1 }), fc.integer({ min: 0, max: 4 }))
  .map(([ranges, tags, roll]) => (roll === 0 ? { sourceRanges: [], sourceTags: ["edge-lb"] } : { sourceRanges: ranges.length > 0 || tags.length > 0 ? ranges : ["0.0.0.0/0"], sourceTags: tags }));

/** Mostly none; when given, valid or not by reason and expiry alone. */
export const justification: fc.Arbitrary<Justification | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.record({
    reason: fc.constantFrom("ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path", "vendor-said-so"),
    ticket: fc.constant("T-1"),
    approver: fc.constant("secops"),
    expires: fc.constantFrom("2026-11-20", "2026-11-21", "2027-03-01", "2027-11-21", "2027-11-22", "2027-02-30"),
  }), weight: 1 },
);

const rule: fc.Arbitrary<GcpRule> = fc
  .record({
    priority: fc.constantFrom(900, 1000, 1100),
    action: fc.constantFrom("allow" as const, "allow" as const, "deny" as const),
    entries: fc.array(entry, { minLength: 1, maxLength: 3 }),
    sources,
    targetTags: fc.subarray(TAGS),
    disabled: fc.constantFrom(false, false, false, true),
    direction: fc.constantFrom("INGRESS" as const, "INGRESS" as const, "INGRESS" as const, "INGRESS" as const, "EGRESS" as const),
    justification,
  })
  .map(({ sources: s, ...r }) => ({ ...r, ...s }));

export const gcpWorld: fc.Arbitrary<GcpWorld> = fc.record({
  instances: fc.array(fc.subarray(TAGS), { minLength: 1, maxLength: 2 }),
  rules: fc.array(rule, { minLength: 1, maxLength: 6 }),
});

export const firewallName = (i: number) => `fw-${i}`;

function description(j: Justification | undefined): string {
  return j ? `Partner federation. cls-guard: reason=${j.reason}; ticket=${j.ticket}; approved-by=${j.approver}; expires=${j.expires}` : "";
}

/** An egress rule names destinations, never sources. */
function firewallFields(r: GcpRule): Record<string, unknown> {
  const list = r.entries.map((e) => ({ protocol: e.protocol, ports: [...e.ports] }));
  const common = { priority: r.priority, disabled: r.disabled, targetTags: [...r.targetTags], description: description(r.justification), [r.action === "allow" ? "allows" : "denies"]: list };
  if (r.direction === "EGRESS") return { ...common, direction: "EGRESS", destinationRanges: r.sourceRanges.length > 0 ? [...r.sourceRanges] : ["0.0.0.0/0"] };
  return { ...common, sourceRanges: [...r.sourceRanges], sourceTags: [...r.sourceTags] };
}

/** The world as a stack after an update, in the bridged provider's shapes. */
export function renderGcp(w: GcpWorld): TestResource[] {
  return materialise(
    [
      res(GT.network, "edge-net", { name: "edge-net", project: "edge-proj", networkFirewallPolicyEnforcementOrder: "AFTER_CLASSIC_FIREWALL", selfLink: SELF_LINK }),
      ...w.instances.map((tags, i) => instance(`edge-${i + 1}`, { tags: [...tags] })),
      ...w.rules.map((r, i) => firewall(firewallName(i), firewallFields(r))),
    ],
    "update",
  );
}
