import { justified } from "./oracle";
import { inBlock, internetAddresses, targetPorts, TCP, UDP, type Address, type Packet, type Span } from "./packets";
import type { Entry, GcpRule, GcpWorld } from "./gcpWorld";

/**
 * A deliberately naive judge of Google Cloud VPC firewall rules ("VPC firewall rules"): for each
 * instance, the enabled ingress rules that target it, lowest priority number first, a deny before
 * an allow of equal priority; the first match decides, and nothing matched meets the implied deny.
 * Source tags name instances of the network, never the internet.
 */
const PROTOCOL_NAMES: Record<string, number> = { tcp: TCP, udp: UDP };
/** A packet's protocol and port; its address is fixed while a list of candidates is in use. */
type Traffic = Omit<Packet, "address">;

/** An entry's protocol and port spans, read once: "all" for every protocol, null for every port. */
interface ReadEntry {
  readonly protocol: number | "all";
  readonly spans: readonly (readonly [number, number])[] | null;
}
interface Read {
  readonly rule: GcpRule;
  readonly entries: readonly ReadEntry[];
}

function readEntry(e: Entry): ReadEntry {
  const spans = e.ports.length === 0 ? null : e.ports.map((spec) => spec.split("-").map(Number)).map(([from, to = from]) => [from, to] as const);
  return { protocol: e.protocol === "all" ? "all" : PROTOCOL_NAMES[e.protocol], spans };
}

/** No ports: every port; otherwise single ports and ranges. */
function entryMatches(e: ReadEntry, t: Traffic): boolean {
  if (e.protocol === "all") return true;
  return e.protocol === t.protocol && (!e.spans || e.spans.some(([from, to]) => from <= t.port && t.port <= to));
}

const targets = (r: GcpRule, tags: readonly string[]) => r.targetTags.length === 0 || r.targetTags.some((t) => tags.includes(t));
const live = (r: GcpRule) => r.direction === "INGRESS" && !r.disabled;
/** Source tags name instances of the network, never an internet address. */
const fromAddress = (r: GcpRule, address: Address) => r.sourceRanges.some((range) => inBlock(address, range));
/** Lower priority numbers first; at equal priority a deny first. */
const order = (a: GcpRule, b: GcpRule) => a.priority - b.priority || (a.action === "deny" ? 0 : 1) - (b.action === "deny" ? 0 : 1);

/**
 * The rules that decide the traffic at one instance, given the live rules there that match its
 * address in evaluation order: the first match decides. When it is an allow, every allow of its
 * priority that matches lets the packet in too: GCP names no order between them, so all decide.
 */
function deciders(candidates: readonly Read[], t: Traffic): Read[] {
  const matching = candidates.filter((c) => c.entries.some((e) => entryMatches(e, t)));
  const first = matching[0]?.rule;
  if (!first || first.action === "deny") return [];
  return matching.filter((c) => c.rule.priority === first.priority);
}

/** Every set of the given tags, the empty one included. */
function tagSets(tags: readonly string[]): string[][] {
  return tags.reduce<string[][]>((sets, tag) => [...sets, ...sets.map((set) => [...set, tag])], [[]]);
}

/**
 * The live rules matching an address, per instance they target: the world's instances, and the
 * instances of the network that the stack does not show, which may carry any of the tags the world
 * names (GCP applies a rule to every instance of the network its targets select).
 */
function candidatesAt(w: GcpWorld, address: Address): Read[][] {
  const matching = w.rules.filter((r) => live(r) && fromAddress(r, address)).sort(order);
  const named = [...new Set([...w.instances.flat(), ...w.rules.flatMap((r) => r.targetTags)])];
  return [...w.instances, ...tagSets(named)].map((tags) => matching.filter((r) => targets(r, tags)).map((rule) => ({ rule, entries: rule.entries.map(readEntry) })));
}

/**
 * The allow entries the policies must flag, as `<rule index> <entry index>`: an entry is exposing
 * when its rule decides some internet packet to a port of `target` and the entry itself matches
 * that packet. A valid justification excuses the rule, which still takes the packets it decides.
 */
export function gcpExposing(w: GcpWorld, target: readonly Span[]): Set<string> {
  const out = new Set<string>();
  const traffic = targetPorts(target);
  const excused = new Set(w.rules.filter((r) => justified(r.justification)));
  for (const address of internetAddresses(w.rules.flatMap((r) => r.sourceRanges))) {
    for (const candidates of candidatesAt(w, address)) {
      for (const t of traffic) {
        for (const d of deciders(candidates, t).filter((c) => !excused.has(c.rule))) {
          d.entries.forEach((e, k) => entryMatches(e, t) && out.add(`${w.rules.indexOf(d.rule)} ${k}`));
        }
      }
    }
  }
  return out;
}
