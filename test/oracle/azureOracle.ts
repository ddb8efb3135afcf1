import { ICMP, inBlock, internetPackets, TCP, UDP, type Address, type Packet, type Span } from "./packets";
import { LEVELS, type AzureRule, type AzureWorld, type Level } from "./azureWorld";

/**
 * A deliberately naive judge of Azure NSGs ("Network security groups: how they work"): an
 * inbound packet meets the subnet's NSG, then the NIC's; each takes its rules by ascending
 * priority, the first match decides, and the default rules deny the internet (AllowVnetInBound
 * and AllowAzureLoadBalancerInBound match no internet source). No NSG at a level allows all.
 */
const PROTOCOL_NAMES: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP };
/** Tags naming every address; only internet packets are walked, so they match each one. */
const EVERYONE = ["*", "any", "internet"];
/** Tags of Azure's own addresses, never an internet source. */
const INTERNAL = ["virtualnetwork", "azureloadbalancer"];

function protocolMatches(rule: AzureRule, p: Packet): boolean {
  const name = rule.protocol.toLowerCase();
  return name === "*" || PROTOCOL_NAMES[name] === p.protocol;
}

/** Ports count for TCP and UDP only. */
function portMatches(rule: AzureRule, p: Packet): boolean {
  if (p.protocol !== TCP && p.protocol !== UDP) return true;
  return [rule.ports].flat().some((spec) => {
    if (spec === "*") return true;
    const [from, to = from] = spec.split("-").map(Number);
    return from <= p.port && p.port <= to;
  });
}

function sourceMatches(source: string, address: Address): boolean {
  const name = source.toLowerCase();
  if (EVERYONE.includes(name)) return true;
  if (INTERNAL.includes(name)) return false;
  return inBlock(address, source);
}

const matches = (rule: AzureRule, p: Packet) => protocolMatches(rule, p) && portMatches(rule, p) && [rule.from].flat().some((s) => sourceMatches(s, p.address));

/** The rule that decides the packet in one NSG, or "default" when only DenyAllInBound is left. */
function decider(rules: readonly AzureRule[], p: Packet): AzureRule | "default" {
  return [...rules].sort((a, b) => a.priority - b.priority).find((r) => matches(r, p)) ?? "default";
}

function allows(rules: readonly AzureRule[] | undefined, p: Packet): boolean {
  if (!rules) return true;
  const d = decider(rules, p);
  return d !== "default" && d.access === "Allow";
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
  for (const p of internetPackets(blocksOf(w), target)) {
    for (const [level, other] of [["subnet", "nic"], ["nic", "subnet"]] as const) {
      const rules = w[level];
      const d = rules && decider(rules, p);
      if (d && d !== "default" && d.access === "Allow" && allows(w[other], p)) out.add(key(level, d));
    }
  }
  return out;
}

export const key = (level: Level, r: AzureRule) => `${level} ${r.priority}`;
