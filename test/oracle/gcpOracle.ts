import { justified } from "./oracle";
import { inBlock, internetPackets, TCP, UDP, type Packet, type Span } from "./packets";
import type { Entry, GcpRule, GcpWorld } from "./gcpWorld";

/**
 * A deliberately naive judge of Google Cloud VPC firewall rules ("VPC firewall rules"): for each
 * instance, the enabled ingress rules that target it, lowest priority number first, a deny before
 * an allow of equal priority; the first match decides, and nothing matched meets the implied deny.
 * Source tags name instances of the network, never the internet.
 */
const PROTOCOL_NAMES: Record<string, number> = { tcp: TCP, udp: UDP };

/** No ports: every port; otherwise single ports and ranges. */
function entryMatches(e: Entry, p: Packet): boolean {
  if (e.protocol === "all") return true;
  if (PROTOCOL_NAMES[e.protocol] !== p.protocol) return false;
  return e.ports.length === 0 || e.ports.some((spec) => {
    const [from, to = from] = spec.split("-").map(Number);
    return from <= p.port && p.port <= to;
  });
}

const sourceMatches = (r: GcpRule, p: Packet) => r.sourceRanges.some((range) => inBlock(p.address, range));
const targets = (r: GcpRule, tags: readonly string[]) => r.targetTags.length === 0 || r.targetTags.some((t) => tags.includes(t));
const live = (r: GcpRule) => r.direction === "INGRESS" && !r.disabled;
const matches = (r: GcpRule, p: Packet) => sourceMatches(r, p) && r.entries.some((e) => entryMatches(e, p));

/**
 * The rules that decide a packet at one instance: every matching rule at the first priority that
 * matches at all, unless one of them denies. Two allows of one priority both let the packet in;
 * GCP names no order between them, so both decide.
 */
function deciders(rules: readonly GcpRule[], tags: readonly string[], p: Packet): GcpRule[] {
  const matching = rules.filter((r) => live(r) && targets(r, tags) && matches(r, p));
  const first = Math.min(...matching.map((r) => r.priority));
  const tied = matching.filter((r) => r.priority === first);
  return tied.some((r) => r.action === "deny") ? [] : tied;
}

function blocksOf(w: GcpWorld): string[] {
  return w.rules.flatMap((r) => r.sourceRanges);
}

/**
 * The rules that decide a packet, over every instance. An allow that targets no instance of the
 * world is judged alone, as cls-guard documents (gcp-firewall.test.ts, "no host the rule applies
 * to"): its host lies outside the stack, where no other rule is known to stand before it.
 */
function decidersAnywhere(w: GcpWorld, p: Packet): GcpRule[] {
  const orphans = w.rules.filter((r) => live(r) && r.action === "allow" && !w.instances.some((tags) => targets(r, tags)) && matches(r, p));
  return [...w.instances.flatMap((tags) => deciders(w.rules, tags, p)), ...orphans];
}

/**
 * The allow entries the policies must flag, as `<rule index> <entry index>`: an entry is exposing
 * when its rule decides some internet packet to a port of `target` and the entry itself matches
 * that packet; a valid justification on the rule excuses it.
 */
export function gcpExposing(w: GcpWorld, target: readonly Span[]): Set<string> {
  const out = new Set<string>();
  for (const p of internetPackets(blocksOf(w), target)) {
    for (const r of decidersAnywhere(w, p)) {
      if (justified(r.justification)) continue;
      const i = w.rules.indexOf(r);
      r.entries.forEach((e, k) => entryMatches(e, p) && out.add(`${i} ${k}`));
    }
  }
  return out;
}
