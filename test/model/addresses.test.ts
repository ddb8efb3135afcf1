import { ALL_IPV4, ALL_IPV6, NON_INTERNET_ADDRESSES, parseCidr, type Family } from "../../src/model/addresses";
import { parseProtocol } from "../../src/model/rule";

const external = (text: string, family: Family) => {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(parsed.reason);
  return !parsed.addresses.subtract(NON_INTERNET_ADDRESSES).isEmpty();
};

describe("parseCidr", () => {
  test.each([
    ["0.0.0.0/33", "ipv4", "is not a CIDR block"],
    ["::/129", "ipv6", "is not a CIDR block"],
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

  test("rejects what is not a string", () => {
    for (const v of [null, 42, ["0.0.0.0/0"], {}]) expect(parseCidr(v, "ipv4").ok).toBe(false);
  });

  test("keeps the families apart", () => {
    const v4 = parseCidr("0.0.0.0/0", "ipv4");
    const v6 = parseCidr("::/0", "ipv6");
    expect(v4.ok && v4.addresses.equals(ALL_IPV4)).toBe(true);
    expect(v6.ok && v6.addresses.equals(ALL_IPV6)).toBe(true);
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
  ] as const)("%j", (text, label, [lo, hi], portless) => {
    const p = parseProtocol(text);
    expect(p && { label: p.label, lo: Number(p.numbers.intervals[0][0]), hi: Number(p.numbers.intervals[0][1]), portless: p.portless }).toEqual({ label, lo, hi, portless });
  });

  test.each([["TCP "], ["256"], ["-2"], ["06"], [""], ["constructor"], ["__proto__"], [6], [null]])("rejects %j", (v) => expect(parseProtocol(v)).toBeUndefined());
});
