import { ALL_IPV4, ALL_IPV6, canonicalAddress, NON_INTERNET_ADDRESSES, parseAddressBlock, parseCidr, type Family } from "../../src/model/addresses";
import { isPort, parseProtocol } from "../../src/model/rule";

const IPV4_BASE = ALL_IPV4.intervals[0][0];

const external = (text: string, family: Family) => {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(parsed.reason);
  return !parsed.addresses.subtract(NON_INTERNET_ADDRESSES).isEmpty();
};

describe("parseCidr", () => {
  test.each([
    ["0.0.0.0/33", "ipv4", "is not a CIDR block (expected a.b.c.d/n, n <= 32)"],
    ["::/129", "ipv6", "is not a CIDR block (expected x:x::/n, n <= 128)"],
    ["1.2.3/8", "ipv4", "dotted-quad"],
    ["10.0.0.1/8", "ipv4", "host bits"],
    ["::/0", "ipv4", "ipv6 block where ipv4 belongs"],
    ["0.0.0.0/0", "ipv6", "ipv4 block where ipv6 belongs"],
    [" 0.0.0.0/0", "ipv4", "is not a CIDR block"],
    ["1.2.3.4", "ipv4", "is not a CIDR block"],
    ["", "ipv4", "is not a CIDR block"],
  ] as const)("rejects %j as %s", (text, family, reason) => {
    const parsed = parseCidr(text, family);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  test("rejects what is not a string, naming the family it expected", () => {
    for (const v of [null, 42, ["0.0.0.0/0"], {}]) expect(parseCidr(v, "ipv4")).toEqual({ ok: false, reason: "is not a string (expected an ipv4 CIDR block)" });
    expect(parseCidr(128, "ipv6")).toEqual({ ok: false, reason: "is not a string (expected an ipv6 CIDR block)" });
  });

  test("keeps the families apart", () => {
    const v4 = parseCidr("0.0.0.0/0", "ipv4");
    const v6 = parseCidr("::/0", "ipv6");
    expect(v4.ok && v4.addresses.equals(ALL_IPV4)).toBe(true);
    expect(v6.ok && v6.addresses.equals(ALL_IPV6)).toBe(true);
  });
});

/** Firewall rule languages (Network Firewall, Suricata) take bare addresses as hosts and mask host bits. */
describe("parseAddressBlock", () => {
  const block = (text: string) => {
    const set = parseAddressBlock(text);
    return set && set.intervals.map(([lo, hi]) => `${lo - (lo >= IPV4_BASE ? IPV4_BASE : 0n)}-${hi - (hi >= IPV4_BASE ? IPV4_BASE : 0n)}${lo >= IPV4_BASE ? " v4" : " v6"}`);
  };
  test.each([
    ["0.0.0.0/0", ["0-4294967295 v4"]],
    ["10.1.2.3", ["167838211-167838211 v4"]],
    ["10.1.2.3/24", ["167838208-167838463 v4"]],
    ["::1", ["1-1 v6"]],
    ["::/127", ["0-1 v6"]],
    ["::ffff:0.0.0.1", ["281470681743361-281470681743361 v6"]],
  ])("%s", (text, expected) => expect(block(text)).toEqual(expected));
  test.each([["1.2.3"], ["1.2.3/8"], ["10.0.0.0/33"], ["::/129"], ["010.1.2.3"], ["any"], [""], ["1.2.3.4/"]])("rejects %j", (text) => expect(parseAddressBlock(text)).toBeUndefined());
});

describe("canonicalAddress: one spelling per address", () => {
  test.each([
    ["2600:1F18:0:1::20", "2600:1f18:0:1:0:0:0:20"],
    ["2600:1f18:0000:0001:0000:0000:0000:0020", "2600:1f18:0:1:0:0:0:20"],
    ["::ffff:10.0.1.5", "0:0:0:0:0:ffff:a00:105"],
    ["10.0.1.5", "10.0.1.5"],
    ["not:an:address", "not:an:address"],
    ["", ""],
  ])("%s", (text, canonical) => {
    expect(canonicalAddress(text)).toBe(canonical);
  });
});

describe("what counts as external", () => {
  test.each([
    ["0.0.0.0/0", "ipv4", true],
    ["203.0.113.0/24", "ipv4", true],
    ["203.0.113.7/32", "ipv4", true],
    ["10.0.0.0/7", "ipv4", true],
    ["172.0.0.0/11", "ipv4", true],
    ["100.0.0.0/9", "ipv4", true],
    ["224.0.0.0/3", "ipv4", false],
    ["10.0.0.0/8", "ipv4", false],
    ["10.20.30.40/32", "ipv4", false],
    ["172.31.255.255/32", "ipv4", false],
    ["172.32.0.0/32", "ipv4", true],
    ["192.168.0.0/16", "ipv4", false],
    ["100.64.0.0/10", "ipv4", false],
    ["127.0.0.0/8", "ipv4", false],
    ["169.254.169.254/32", "ipv4", false],
    ["::/0", "ipv6", true],
    ["2001:db8::/32", "ipv6", true],
    ["2600::/12", "ipv6", true],
    ["fc00::/7", "ipv6", false],
    ["fd12:3456::/32", "ipv6", false],
    ["fe80::/10", "ipv6", false],
    ["::1/128", "ipv6", false],
    ["::ffff:10.0.0.0/104", "ipv6", true],
  ] as const)("%s (%s) external: %s", (text, family, expected) => expect(external(text, family)).toBe(expected));
});

describe("parseProtocol", () => {
  test.each([
    ["tcp", "tcp", [6, 6], false],
    ["TCP", "tcp", [6, 6], false],
    ["6", "tcp", [6, 6], false],
    ["udp", "udp", [17, 17], false],
    ["17", "udp", [17, 17], false],
    ["-1", "all", [0, 255], true],
    ["ALL", "all", [0, 255], true],
    ["icmp", "icmp", [1, 1], true],
    ["icmpv6", "icmpv6", [58, 58], true],
    ["47", "protocol 47", [47, 47], true],
    ["0", "protocol 0", [0, 0], true],
    ["255", "protocol 255", [255, 255], true],
  ] as const)("%j", (text, label, [lo, hi], portless) => {
    const p = parseProtocol(text);
    expect(p && { label: p.label, lo: Number(p.numbers.intervals[0][0]), hi: Number(p.numbers.intervals[0][1]), portless: p.portless }).toEqual({ label, lo, hi, portless });
  });

  test.each([["TCP "], ["256"], ["-2"], ["06"], [""], ["constructor"], ["__proto__"], [6], [null]])("rejects %j", (v) => expect(parseProtocol(v)).toBeUndefined());
});

describe("isPort", () => {
  test.each([
    [0, true],
    [1, true],
    [65535, true],
    [65536, false],
    [-1, false],
    [80.5, false],
    ["80", false],
    [Number.NaN, false],
    [null, false],
  ])("%j: %s", (value, expected) => expect(isPort(value)).toBe(expected));
});
