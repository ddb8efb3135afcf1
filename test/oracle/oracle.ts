import ipaddr from "ipaddr.js";
import { NON_INTERNET_BLOCKS } from "../../src/model/addresses";
import type { AclEntry, Family, Justification, StatelessRule, SubnetName, World, WorldBalancer, WorldRule } from "./world";
import { targetPorts } from "./packets";
import { blockOf, FIREWALL_SUBNET, SUBNETS, VPC_CIDRS } from "./world";

/**
 * A deliberately naive judge: it walks packets one at a time - every protocol class, every port
 * of the watched range plus the boundaries, a representative of every address region - along the
 * route from the internet gateway (edge route table, longest-prefix match, firewall endpoint)
 * through the firewall in priority order where the route passes it, the network ACL in
 * rule-number order and the security-group rule, and, where a load balancer forwards to the host,
 * along the balancer's way too (throughBalancer). It shares no code with cls-guard's interval
 * arithmetic or routing: only the list of non-internet blocks, which is the specification itself.
 */
type Packet = { protocol: number; port: number; address: ipaddr.IPv4 | ipaddr.IPv6 };
type Span = { protocol: number; from: number; to: number };

export const PROTECTED: Span[] = [{ protocol: 6, from: 50001, to: 50003 }];
export const WATCHED: Span[] = [
  { protocol: 6, from: 50000, to: 59999 },
  { protocol: 17, from: 50000, to: 59999 },
];
const TODAY = "2026-11-21";

const NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1 };

function protocolOf(spelling: string): number | "all" {
  const lower = spelling.toLowerCase();
  if (lower === "-1" || lower === "all") return "all";
  return NAMES[lower] ?? Number(lower);
}

const parsed = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();

function inCidr(address: Packet["address"], cidr: string): boolean {
  if (!parsed.has(cidr)) parsed.set(cidr, ipaddr.parseCIDR(cidr));
  const [range, bits] = parsed.get(cidr)!;
  return range.kind() === address.kind() && address.match(range, bits);
}

function prefixLength(cidr: string): number {
  return ipaddr.parseCIDR(cidr)[1];
}

/** Does block `outer` hold every address of block `inner`? */
function covers(outer: string, inner: string): boolean {
  const [base, bits] = ipaddr.parseCIDR(inner);
  return prefixLength(outer) <= bits && inCidr(base, outer);
}

/**
 * Is the Edge firewall on the internet's path into a subnet (the host's unless told) for one
 * address family? Only when the gateway's edge table is associated and its longest-prefix route
 * covering the subnet's block goes to the firewall's endpoint; the VPC's implicit `local` route
 * loses to an explicit route of the same length. The firewall's own subnet is never behind it. A
 * route to "fw2" leaves packets unfiltered, as fw2's policy passes everything.
 */
export function firewallOnPath(world: World, family: Family, subnet: SubnetName = world.host): boolean {
  const routing = world.routing;
  if (!world.firewall || !routing?.edgeAssociated || subnet === FIREWALL_SUBNET) return false;
  const host = SUBNETS[subnet][family];
  const explicit = routing.edgeRoutes.filter((r) => r.family === family).map((r) => ({ block: blockOf(r.destination, family), target: r.target }));
  const covering = [...explicit, { block: VPC_CIDRS[family], target: "local" }].filter((r) => covers(r.block, host));
  const longest = covering.reduce((best, r) => (prefixLength(r.block) > prefixLength(best.block) ? r : best));
  return longest.target === "fw";
}

function toBig(a: Packet["address"]): bigint {
  return a.toByteArray().reduce((acc, b) => acc * 256n + BigInt(b), 0n);
}

function fromBig(n: bigint, v4: boolean): Packet["address"] | undefined {
  const size = v4 ? 4 : 16;
  if (n < 0n || n >= 256n ** BigInt(size)) return undefined;
  const bytes = Array.from({ length: size }, (_, i) => Number((n >> BigInt(8 * (size - 1 - i))) & 255n));
  return ipaddr.fromByteArray(bytes);
}

/** First, last, and one on either side of every block that matters: one address per region. */
function representatives(world: World): Packet["address"][] {
  const cidrs = [
    ...world.rules.flatMap((r) => [...r.cidrs4, ...r.cidrs6]),
    ...(world.acl ?? []).map((e) => e.cidr),
    ...(world.firewall?.rules ?? []).flatMap((r) => r.sources),
    ...NON_INTERNET_BLOCKS,
    "0.0.0.0/0",
    "::/0",
  ];
  const out = new Map<string, Packet["address"]>();
  for (const cidr of cidrs) {
    const [base, bits] = ipaddr.parseCIDR(cidr);
    const v4 = base.kind() === "ipv4";
    const width = v4 ? 32 : 128;
    const first = toBig(base) - (toBig(base) % 2n ** BigInt(width - bits));
    const last = first + 2n ** BigInt(width - bits) - 1n;
    for (const n of [first - 1n, first, last, last + 1n]) {
      const a = fromBig(n, v4);
      if (a) out.set(a.toString(), a);
    }
  }
  return [...out.values()];
}

function external(address: Packet["address"]): boolean {
  return !NON_INTERNET_BLOCKS.some((b) => inCidr(address, b));
}

/** The parts of a packet's fate that depend on its address alone, worked out once per address. */
interface AtAddress {
  readonly ruleMatches: boolean;
  readonly acl?: { entry: AclEntry; protocol: number | "all"; matches: boolean }[];
  readonly firewall?: { rule: StatelessRule; matches: boolean }[];
  /** The firewall's rules where it is on the client's way into every one of the balancer's subnets. */
  readonly balancerFirewall?: { rule: StatelessRule; matches: boolean }[];
}

function atAddress(world: World, rule: WorldRule, address: Packet["address"]): AtAddress {
  const inAny = (cidrs: readonly string[]) => cidrs.some((c) => inCidr(address, c));
  const ordered = (rules: readonly StatelessRule[] | undefined) => rules && [...rules].sort((a, b) => a.priority - b.priority).map((r) => ({ rule: r, matches: r.sources.length === 0 || inAny(r.sources) }));
  const balancerSubnets = world.balancer?.subnets ?? [];
  const balancerInspected = balancerSubnets.length > 0 && balancerSubnets.every((s) => firewallOnPath(world, address.kind(), s));
  return {
    ruleMatches: inAny([...rule.cidrs4, ...rule.cidrs6]) || rule.prefixLists.some((pl) => !world.trustedPrefixLists.includes(pl)),
    acl: aclAt(world, address),
    firewall: ordered(firewallOnPath(world, address.kind()) ? world.firewall?.rules : undefined),
    balancerFirewall: ordered(balancerInspected ? world.firewall?.rules : undefined),
  };
}

/** The host subnet's network ACL as it judges one source address. */
function aclAt(world: World, address: Packet["address"]): AtAddress["acl"] {
  return world.acl && [...world.acl].sort((a, b) => a.ruleNo - b.ruleNo).map((entry) => ({ entry, protocol: protocolOf(entry.protocol), matches: inCidr(address, entry.cidr) }));
}

const [TCP, UDP] = [6, 17];
const ported = (protocol: number) => protocol === TCP || protocol === UDP;

function ruleAdmits(rule: WorldRule, protocol: number | "all", p: Packet): boolean {
  if (protocol !== "all" && protocol !== p.protocol) return false;
  // Ports count for TCP and UDP only; a reversed span is malformed and read as every port.
  return protocol === "all" || !ported(p.protocol) || rule.from > rule.to || (rule.from <= p.port && p.port <= rule.to);
}

/** Rule-number order, first match decides, nothing matched: denied. */
function aclAllows(acl: AtAddress["acl"], p: Packet): boolean {
  if (!acl) return true;
  for (const { entry: e, protocol, matches } of acl) {
    if (!matches || (protocol !== "all" && protocol !== p.protocol)) continue;
    if (protocol !== "all" && ported(p.protocol) && (p.port < e.from || p.port > e.to)) continue;
    return e.action === "allow";
  }
  return false;
}

/**
 * Priority order, first match decides; unmatched packets get the default action. A sender may
 * fragment any UDP datagram, and an unmatched fragment gets the fragment default action instead.
 */
function firewallAllows(fw: AtAddress["firewall"], defaults: World["firewall"], p: Packet): boolean {
  if (!fw) return true;
  const hit = fw.find(
    ({ rule: r, matches }) =>
      matches && (r.protocols.length === 0 || r.protocols.includes(p.protocol)) && (r.ports.length === 0 || !ported(p.protocol) || r.ports.some(([a, b]) => a <= p.port && p.port <= b)),
  );
  if (!hit && p.protocol === UDP && defaults?.fragmentAction === "aws:pass") return true;
  return (hit?.rule.action ?? defaults?.defaultAction) !== "aws:drop";
}

/** What each target-group protocol delivers to the host: TLS and HTTP(S) ride on TCP (ELB user guides). */
const DELIVERED: Record<WorldBalancer["protocol"], number[]> = { TCP: [6], TLS: [6], HTTP: [6], HTTPS: [6], UDP: [17], TCP_UDP: [6, 17] };

/**
 * Does the client's address reach the host? Only a network balancer can hand it on: UDP and
 * TCP_UDP groups always do, other groups where preserveClientIp says so, unset meaning on for
 * instance targets and off for ip targets (NLB user guide, "Client IP preservation"). An IPv6
 * client of an IPv4 target group is translated to the balancer's own IPv4 address. An application
 * balancer ends the client's connection and opens its own from its private address.
 */
function clientAddressPreserved(b: WorldBalancer, address: Packet["address"]): boolean {
  if (b.kind !== "network" || address.kind() === "ipv6") return false;
  if (b.protocol === "UDP" || b.protocol === "TCP_UDP") return true;
  return b.preserveClientIp === "" ? b.targetType === "instance" : b.preserveClientIp === "true";
}

/**
 * Does packet `p`, as the host receives it (protocol, host port, client address), come in through
 * the balancer, past every filter credited on that way? An internal balancer has private
 * addresses only; an ipv4 one takes IPv4 clients, a dualstack one both (ELB user guides). The
 * listener forwards to the target group, which delivers its protocol to the attachment's port,
 * else the group's. The client's connection enters the VPC at the balancer's nodes in its subnets,
 * so the firewall sees it only where the edge routes send every one of them through its endpoint,
 * and sees the listener's port: it is credited only where that is the host's (a firewall judging
 * another port earns nothing, fail closed). The host subnet's NACL judges the client only where
 * its address is preserved; otherwise both it and the security group rule judge the balancer's
 * private address (admitsBalancer, aclAdmitsBalancer), and let in every client or none. A rule
 * naming one of the balancer's groups admits every client, preserved or not.
 */
function throughBalancer(world: World, rule: WorldRule, here: AtAddress, p: Packet): boolean {
  const b = world.balancer;
  if (!b || b.internal || (p.address.kind() === "ipv6" && !b.dualStack)) return false;
  const hostPort = b.attachmentPort !== 0 ? b.attachmentPort : b.groupPort;
  if (!DELIVERED[b.protocol].includes(p.protocol) || p.port !== hostPort) return false;
  const firewallCredited = b.listenerPort === hostPort ? here.balancerFirewall : undefined;
  const atListener = { ...p, port: b.listenerPort };
  // A rule naming the balancer's group admits every client it forwards, its address preserved or not (NLB user guide).
  const namesGroup = b.securityGroups.some((g) => rule.groupRefs.includes(g));
  const admitted = clientAddressPreserved(b, p.address) ? (here.ruleMatches || namesGroup) && aclAllows(here.acl, p) : (admitsBalancer(rule, b) || namesGroup) && aclAdmitsBalancer(world, b, p);
  return firewallAllows(firewallCredited, world.firewall, atListener) && guardAdmits(b, atListener) && admitted;
}

/**
 * Does the balancer's own group let the client reach its listener? It is credited only where every
 * group of the balancer is in the stack, which in these worlds means its own group alone; a group
 * outside the stack may admit anything. Its one rule admits its CIDRs on its ports ("-1": every
 * protocol and port).
 */
function guardAdmits(b: WorldBalancer, atListener: Packet): boolean {
  const g = b.guard;
  if (!g || b.securityGroups.length > 0) return true;
  const protocol = protocolOf(g.protocol);
  const portOk = protocol === "all" || (protocol === atListener.protocol && g.from <= atListener.port && atListener.port <= g.to);
  return portOk && g.cidrs.some((c) => inCidr(atListener.address, c));
}

/**
 * Does the host subnet's ACL let packet `p` in from some node of the balancer, at an address of
 * its subnets (the representatives that fall in them, and each subnet's first address)? A node in
 * the host's own subnet never crosses it.
 */
function aclAdmitsBalancer(world: World, b: WorldBalancer, p: Packet): boolean {
  if ((b.subnets as readonly string[]).includes(world.host)) return true;
  const nodes = b.subnets.flatMap((s) => [ipaddr.parseCIDR(SUBNETS[s].ipv4)[0], ...representatives(world).filter((a) => inCidr(a, SUBNETS[s].ipv4))]);
  return nodes.some((address) => aclAllows(aclAt(world, address), { ...p, address }));
}

/**
 * Does the rule admit the address the balancer connects to the host from? Its nodes take addresses
 * in its subnets, IPv4 ones for the world's IPv4 targets, so a block that meets a subnet's may hold
 * a node. A prefix list's entries are not in the stack: it may hold one. A group reference admits
 * the balancer where it names one of its groups (never the Edge's own: self admits none).
 */
function admitsBalancer(rule: WorldRule, b: WorldBalancer): boolean {
  const meets = (block: string, subnet: string) => covers(block, subnet) || covers(subnet, block);
  return rule.prefixLists.length > 0 || rule.cidrs4.some((block) => b.subnets.some((s) => meets(block, SUBNETS[s].ipv4)));
}

/** Does rule `index` let in, from the internet, any packet of `target` that the filters on some way to the host let through? */
export function exposed(world: World, index: number, target: Span[]): boolean {
  const rule = world.rules[index];
  const ruleProtocol = protocolOf(rule.protocol);
  const packets = targetPorts(target);
  const balancerAdmitted = world.balancer !== undefined && (admitsBalancer(rule, world.balancer) || world.balancer.securityGroups.some((g) => rule.groupRefs.includes(g)));
  for (const address of representatives(world).filter(external)) {
    const here = atAddress(world, rule, address);
    if (!here.ruleMatches && !balancerAdmitted) continue;
    for (const { protocol, port } of packets) {
      const p = { protocol, port, address };
      if (!ruleAdmits(rule, ruleProtocol, p)) continue;
      const direct = here.ruleMatches && aclAllows(here.acl, p) && firewallAllows(here.firewall, world.firewall, p);
      if (direct || throughBalancer(world, rule, here, p)) return true;
    }
  }
  return false;
}

export function justified(j: Justification | undefined): boolean {
  if (!j) return false;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(j.expires ?? "") ? Date.parse(`${j.expires}T00:00:00Z`) : NaN;
  const date = !Number.isNaN(time) && new Date(time).toISOString().startsWith(j.expires!);
  const latest = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    ["ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path"].includes(j.reason ?? "") &&
    (j.ticket ?? "").trim() !== "" &&
    (j.approver ?? "").trim() !== "" &&
    date &&
    j.expires! >= TODAY &&
    j.expires! <= latest
  );
}
