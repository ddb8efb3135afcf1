import ipaddr from "ipaddr.js";
import { NON_INTERNET_BLOCKS } from "../../src/model/addresses";
import { BOUNDARIES } from "./world";

/**
 * The packets the Azure and Google Cloud oracles walk, one at a time: TCP, UDP and ICMP, every
 * port of the media range plus the boundaries, from one address of each internet region the
 * world's sources carve out. Written apart from cls-guard's interval arithmetic on purpose.
 */
export type Address = ipaddr.IPv4 | ipaddr.IPv6;
export interface Packet {
  readonly protocol: number;
  readonly port: number;
  readonly address: Address;
}
/** The ports a policy watches: one protocol, one span. */
export interface Span {
  readonly protocol: number;
  readonly from: number;
  readonly to: number;
}

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const PROTOCOLS = [TCP, UDP, ICMP];
export const PORTS = [...new Set([...BOUNDARIES, ...Array.from({ length: 10_000 }, (_, i) => 50_000 + i)])];

const parsed = new Map<string, [Address, number]>();

/** A block or a bare address (read as a host), as both clouds write sources. */
function block(text: string): [Address, number] {
  if (!parsed.has(text)) {
    const cidr = text.includes("/") ? text : `${text}/${ipaddr.parse(text).kind() === "ipv4" ? 32 : 128}`;
    parsed.set(text, ipaddr.parseCIDR(cidr));
  }
  return parsed.get(text)!;
}

export function inBlock(address: Address, text: string): boolean {
  const [range, bits] = block(text);
  return range.kind() === address.kind() && address.match(range, bits);
}

function toBig(a: Address): bigint {
  return a.toByteArray().reduce((acc, b) => acc * 256n + BigInt(b), 0n);
}

function fromBig(n: bigint, v4: boolean): Address | undefined {
  const size = v4 ? 4 : 16;
  if (n < 0n || n >= 256n ** BigInt(size)) return undefined;
  return ipaddr.fromByteArray(Array.from({ length: size }, (_, i) => Number((n >> BigInt(8 * (size - 1 - i))) & 255n)));
}

/** First, last, and one on either side of a block: between them they touch every region it borders. */
function edges(text: string): Address[] {
  const [base, bits] = block(text);
  const v4 = base.kind() === "ipv4";
  const size = 2n ** BigInt((v4 ? 32 : 128) - bits);
  const first = toBig(base) - (toBig(base) % size);
  return [first - 1n, first, first + size - 1n, first + size].flatMap((n) => fromBig(n, v4) ?? []);
}

const external = (a: Address) => !NON_INTERNET_BLOCKS.some((b) => inBlock(a, b));

/**
 * One internet address per region: the edges of every block the world names and of the
 * non-internet blocks, kept only when outside the latter. Two addresses inside the same blocks of
 * the world meet the same fate at every rule, so one of each such set is walked.
 */
export function internetAddresses(blocks: readonly string[]): Address[] {
  const all = [...blocks, ...NON_INTERNET_BLOCKS, "0.0.0.0/0", "::/0"].flatMap(edges).filter(external);
  const byRegion = new Map<string, Address>();
  for (const a of all) byRegion.set(`${a.kind()} ${blocks.map((b) => (inBlock(a, b) ? 1 : 0)).join("")}`, a);
  return [...byRegion.values()];
}

/** Every protocol and port of `target` a packet can carry, in the order they are walked. */
export function targetPorts(target: readonly Span[]): { protocol: number; port: number }[] {
  return PROTOCOLS.flatMap((protocol) => PORTS.filter((port) => target.some((t) => t.protocol === protocol && t.from <= port && port <= t.to)).map((port) => ({ protocol, port })));
}
