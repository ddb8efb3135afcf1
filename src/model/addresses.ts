import ipaddr from "ipaddr.js";
import { cachedBounded } from "../cached";
import { IntervalSet } from "./intervals";

/**
 * Source addresses as one integer line: IPv6 takes [0, 2^128), IPv4 follows it. Keeping the two
 * families apart on one line lets an IPv4 deny never be mistaken for an IPv6 one.
 */
const IPV4_BASE = 1n << 128n;

export type Family = "ipv4" | "ipv6";

export const ALL_IPV6 = IntervalSet.of([0n, IPV4_BASE - 1n]);
export const ALL_IPV4 = IntervalSet.of([IPV4_BASE, IPV4_BASE + (1n << 32n) - 1n]);
export const ALL_ADDRESSES = ALL_IPV6.union(ALL_IPV4);
export const FAMILY_SPACE: Record<Family, IntervalSet> = { ipv4: ALL_IPV4, ipv6: ALL_IPV6 };
export const FAMILY_NAME: Record<Family, string> = { ipv4: "IPv4", ipv6: "IPv6" };
export const FAMILIES = ["ipv4", "ipv6"] as const;

export type CidrParse =
  | { ok: true; family: Family; text: string; addresses: IntervalSet }
  | { ok: false; reason: string };

/** ipaddr.parseCIDR tries IPv6 first and throws on every IPv4 block: choosing the family by ":" spares big stacks that cost. */
function parseBlock(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  return text.includes(":") ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
}

/** An address's place on the one address line. */
function pointOf(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  const value = address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  return address.kind() === "ipv4" ? IPV4_BASE + value : value;
}

/** The block's interval on the address line, host bits masked (IPV4_BASE is a multiple of every IPv4 block's size). */
function intervalOf(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): IntervalSet {
  const size = 1n << BigInt((address.kind() === "ipv4" ? 32 : 128) - prefix);
  const point = pointOf(address);
  const network = point - (point % size);
  return IntervalSet.of([network, network + size - 1n]);
}

/** The integer interval of a CIDR block that is already known to be well formed. */
function blockOf(text: string): IntervalSet {
  return intervalOf(...parseBlock(text));
}

/**
 * Parses a CIDR block as AWS accepts it: the expected family, dotted-quad IPv4 (ipaddr.js would
 * read "1.2.3/8" as 1.2.0.3), a prefix in range and no host bits set. Reasons never repeat the
 * value, so a caller can show a secret one as "[secret]".
 */
export function parseCidr(value: unknown, family: Family): CidrParse {
  if (typeof value !== "string") return { ok: false, reason: `is not a string (expected an ${family} CIDR block)` };
  return cachedBounded(parsedCidrs, `${family} ${value}`, () => parseCidrText(value, family));
}

/** Stacks repeat the same few blocks (0.0.0.0/0 above all); parsing each once keeps big stacks fast. */
const parsedCidrs = new Map<string, CidrParse>();
const parsedBlocks = new Map<string, IntervalSet | undefined>();

function parseCidrText(value: string, family: Family): CidrParse {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    [address, prefix] = parseBlock(value);
  } catch {
    return { ok: false, reason: `is not a CIDR block (expected ${family === "ipv4" ? "a.b.c.d/n, n <= 32" : "x:x::/n, n <= 128"})` };
  }
  if (address.kind() !== family) return { ok: false, reason: `is an ${address.kind()} block where ${family} belongs` };
  if (family === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(value.split("/")[0])) {
    return { ok: false, reason: "is not a dotted-quad IPv4 CIDR block" };
  }
  const addresses = intervalOf(address, prefix);
  if (addresses.intervals[0][0] !== pointOf(address)) return { ok: false, reason: "has host bits set (AWS wants the network address)" };
  return { ok: true, family, text: value, addresses };
}

/**
 * Addresses that cannot be the source of traffic from the internet: private, shared (CGNAT),
 * loopback, link-local, "this network", multicast and reserved space (IANA special-purpose
 * registries). The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) are left out on purpose: examples use them to stand for public networks.
 */
export const NON_INTERNET_BLOCKS = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
];

export const NON_INTERNET_ADDRESSES = NON_INTERNET_BLOCKS.map(blockOf).reduce((a, b) => a.union(b), IntervalSet.EMPTY);

/**
 * An address or block as firewall rule languages write it: a bare address is a host, host bits
 * are masked. Undefined when it is neither.
 */
export function parseAddressBlock(text: string): IntervalSet | undefined {
  return cachedBounded(parsedBlocks, text, () => parseBlockText(text));
}

function parseBlockText(text: string): IntervalSet | undefined {
  try {
    if (ipaddr.isValidCIDR(text)) {
      const [address, prefix] = parseBlock(text);
      if (address.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text.split("/")[0])) return undefined;
      return intervalOf(address, prefix);
    }
    if (ipaddr.isValid(text)) {
      const address = ipaddr.parse(text);
      if (address.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
      return intervalOf(address, address.kind() === "ipv4" ? 32 : 128);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * An IP address in one spelling, for comparing addresses written as text: IPv6 has many
 * ("2001:DB8::1", "2001:db8:0:0::1"), so it is expanded and lower-cased. Anything else, IPv4
 * included, is left as written.
 */
export function canonicalAddress(text: string): string {
  return text.includes(":") && ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text).toNormalizedString() : text;
}
