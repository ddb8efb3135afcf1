import { ICMP, inBlock, internetAddresses, targetPorts, TCP, UDP, type Address, type Packet, type Span } from "./packets";
import { LEVELS, type AzureRule, type AzureWorld, type Level } from "./azureWorld";

/**
 * A deliberately naive judge of Azure NSGs ("Network security groups: how they work"): an
 * inbound packet meets the subnet's NSG, then the NIC's; each takes its rules by ascending
 * priority, the first match decides, and the default rules deny the internet (AllowVnetInBound
 * and AllowAzureLoadBalancerInBound match no internet source). No NSG at a level allows all. A
 * rule targeting application security groups matches only a NIC that joins one of them (see
 * applies() for a classic NIC).
 */
const PROTOCOL_NAMES: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP };
/** Tags naming every address; only internet packets are walked, so they match each one. */
const EVERYONE = ["*", "any", "internet"];
/** Tags of Azure's own addresses, never an internet source. */
const INTERNAL = ["virtualnetwork", "azureloadbalancer"];

/** A packet's protocol and port; its address is fixed while a list of candidates is in use. */
type Traffic = Omit<Packet, "address">;

/** A rule's protocol and ports, read once: "*" for every protocol, null for every port. */
interface Read {
  readonly rule: AzureRule;
  readonly protocol: number | "*";
  readonly spans: readonly (readonly [number, number])[] | null;
}

function read(rule: AzureRule): Read {
  const name = rule.protocol.toLowerCase();
  const specs = [rule.ports].flat();
  const spans = specs.includes("*") ? null : specs.map((spec) => spec.split("-").map(Number)).map(([from, to = from]) => [from, to] as const);
  return { rule, protocol: name === "*" ? "*" : PROTOCOL_NAMES[name], spans };
}

/** Ports count for TCP and UDP only. */
function trafficMatches(r: Read, t: Traffic): boolean {
  if (r.protocol !== "*" && r.protocol !== t.protocol) return false;
  return (t.protocol !== TCP && t.protocol !== UDP) || !r.spans || r.spans.some(([from, to]) => from <= t.port && t.port <= to);
}

function sourceMatches(source: string, address: Address): boolean {
  const name = source.toLowerCase();
  if (EVERYONE.includes(name)) return true;
  if (INTERNAL.includes(name)) return false;
  return inBlock(address, source);
}

/**
 * Whether a rule applies to the NIC: one targeting groups only where the NIC joins one of them. A
 * classic NIC joins groups by association, which another stack may hold, so there it "may" apply
 * to a NIC the stack does not show joining them: such an allow is read both ways (it may let the
 * packet in, and the rules after it may decide it), such a deny as not matching.
 */
function applies(r: AzureRule, w: AzureWorld): "yes" | "no" | "maybe" {
  if (!r.to || r.to.some((g) => w.nicGroups?.includes(g))) return "yes";
  return w.provider === "classic" && r.access === "Allow" ? "maybe" : "no";
}

interface Candidate extends Read {
  readonly maybe: boolean;
}

/** One NSG's rules that may match an address on its way to the NIC, by ascending priority: the only ones that can decide its packets. */
function candidates(w: AzureWorld, rules: readonly AzureRule[] | undefined, address: Address): Candidate[] | undefined {
  return rules
    ?.filter((r) => applies(r, w) !== "no" && [r.from].flat().some((s) => sourceMatches(s, address)))
    .sort((a, b) => a.priority - b.priority)
    .map((r) => ({ ...read(r), maybe: applies(r, w) === "maybe" }));
}

/** What an NSG does with a packet: the allows it reaches (where each would decide), and whether it lets the packet through. */
interface Verdict {
  readonly reached: readonly AzureRule[];
  readonly passes: boolean;
}

/**
 * Rules in order: the first that surely applies decides, unless an allow that may apply came
 * first: that one may let the packet in, or may not match, leaving it to the rules after it. With
 * no NSG everything passes; what no rule decides meets DenyAllInBound.
 */
function verdict(candidates: readonly Candidate[] | undefined, t: Traffic): Verdict {
  if (!candidates) return { reached: [], passes: true };
  const reached: AzureRule[] = [];
  let mayPass = false;
  for (const c of candidates.filter((r) => trafficMatches(r, t))) {
    if (c.rule.access === "Allow") reached.push(c.rule);
    if (c.maybe) mayPass = true;
    else if (!mayPass) return { reached, passes: c.rule.access === "Allow" };
  }
  return { reached, passes: mayPass };
}

const BLOCK = /[.:]/;

/** Every address block the world's sources name, for one packet per region. */
function blocksOf(w: AzureWorld): string[] {
  return LEVELS.flatMap((level) => (w[level] ?? []).flatMap((r) => [r.from].flat())).filter((s) => BLOCK.test(s));
}

/**
 * The rules that let some internet packet to a port of `target` through both levels while being
 * its first match in their own NSG: the rules the policies must flag, by level and priority.
 */
export function azureExposing(w: AzureWorld, target: readonly Span[]): Set<string> {
  const out = new Set<string>();
  const traffic = targetPorts(target);
  for (const address of internetAddresses(blocksOf(w))) {
    const subnet = candidates(w, w.subnet, address);
    const nic = candidates(w, w.nic, address);
    for (const t of traffic) {
      const [atSubnet, atNic] = [verdict(subnet, t), verdict(nic, t)];
      if (atNic.passes) atSubnet.reached.forEach((r) => out.add(key("subnet", r)));
      if (atSubnet.passes) atNic.reached.forEach((r) => out.add(key("nic", r)));
    }
  }
  return out;
}

export const key = (level: Level, r: AzureRule) => `${level} ${r.priority}`;
