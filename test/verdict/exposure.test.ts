import { parseAddressBlock } from "../../src/model/addresses";
import { IntervalSet } from "../../src/model/intervals";
import { parseProtocol, type Doubt, type Source } from "../../src/model/rule";
import { certaintyOf, exposuresOf, externalPart, trustFrom, trafficOf, type Trust } from "../../src/verdict/exposure";
import { addressesText, trafficText } from "../support/modelText";

/** Which addresses of a source count as the internet, and how sure the verdict is. */
const unknown: Doubt = { kind: "unknown", field: "f", detail: "not known yet" };
const malformed: Doubt = { kind: "malformed", field: "g", detail: "unreadable" };
const cidr = (text: string, shown = text): Source => ({ kind: "cidr", text: shown, addresses: parseAddressBlock(text)! });
const NO_TRUST: Trust = trustFrom([], []).trust;
const PARTNER_TRUST: Trust = trustFrom(["198.51.100.0/24", "2001:db8::/32"], ["pl-partner"]).trust;
const ANY: Source = { kind: "cidr", text: "any", addresses: parseAddressBlock("::/0")!.union(parseAddressBlock("0.0.0.0/0")!) };
/** "any": every internet address not trusted; "none"; or the addresses themselves. */
const part = (source: Source, trust: Trust) => {
  const { addresses, doubts } = externalPart(source, trust);
  const internet = addresses.isEmpty() ? "none" : addresses.equals(externalPart(ANY, trust).addresses) ? "any" : addressesText(addresses);
  return { internet, doubts: doubts.map((d) => `${d.kind}: ${d.detail}`) };
};

describe("externalPart", () => {
  test.each([
    ["a public block", cidr("203.0.113.0/24"), NO_TRUST, { internet: "203.0.113.0/24", doubts: [] }],
    ["a private block", cidr("10.0.0.0/8"), NO_TRUST, { internet: "none", doubts: [] }],
    ["a trusted block", cidr("198.51.100.0/25"), PARTNER_TRUST, { internet: "none", doubts: [] }],
    ["a trusted IPv6 block", cidr("2001:db8:1::/48"), PARTNER_TRUST, { internet: "none", doubts: [] }],
    ["an untrusted prefix list", { kind: "prefix-list", id: "pl-other" }, PARTNER_TRUST, { internet: "any", doubts: [] }],
    ["a trusted prefix list", { kind: "prefix-list", id: "pl-partner" }, PARTNER_TRUST, { internet: "none", doubts: [] }],
    ["an unknown prefix list when none is trusted: the internet, for sure", { kind: "prefix-list", id: null, doubt: unknown }, NO_TRUST, { internet: "any", doubts: [] }],
    ["an unknown prefix list when one is trusted: it may be that one", { kind: "prefix-list", id: null, doubt: unknown }, PARTNER_TRUST, { internet: "any", doubts: ["unknown: not known yet"] }],
    ["a security group", { kind: "security-group", id: "sg-1" }, NO_TRUST, { internet: "none", doubts: [] }],
    ["self", { kind: "self" }, NO_TRUST, { internet: "none", doubts: [] }],
    ["an unresolved source", { kind: "unresolved", text: "x", doubt: malformed }, NO_TRUST, { internet: "any", doubts: ["malformed: unreadable"] }],
  ] as [string, Source, Trust, unknown][])("%s", (_name, source, trust, expected) => expect(part(source, trust)).toEqual(expected));

  test("the internet part of any address leaves out private and special space", () => {
    const internet = externalPart(ANY, NO_TRUST).addresses;
    const has = (address: string) => internet.has(parseAddressBlock(address)!.intervals[0][0]);
    expect(["11.0.0.1", "2600::1", "10.0.0.1", "192.168.1.1", "::1", "fe80::1"].map(has)).toEqual([true, true, false, false, false, false]);
  });

  test("two secret blocks, both shown as [secret], are each read for what they hold", () => {
    expect(part(cidr("203.0.113.0/24", "[secret]"), NO_TRUST).internet).toBe("203.0.113.0/24");
    expect(part(cidr("10.0.0.0/8", "[secret]"), NO_TRUST).internet).toBe("none");
  });
});

describe("certaintyOf", () => {
  test.each([
    [[], "definite"],
    [[unknown], "unverified"],
    [[malformed], "definite"],
    [[unknown, malformed], "definite"],
  ] as [Doubt[], string][])("%j", (doubts, expected) => expect(certaintyOf(doubts)).toBe(expected));
});

describe("trustFrom", () => {
  test("IPv4 and IPv6 blocks are trusted, anything else reported and ignored", () => {
    const { trust, problems } = trustFrom(["198.51.100.0/24", "2001:db8::/32", "partners"], ["pl-1"]);
    expect(addressesText(trust.cidrs)).toBe("2001:db8::/32 198.51.100.0/24");
    expect([...trust.prefixLists]).toEqual(["pl-1"]);
    expect(problems).toEqual(['trustedCidrs[2] "partners" is not a CIDR block; it is ignored']);
  });
});

describe("exposuresOf", () => {
  const CLS = trafficOf([{ protocol: "tcp", from: 50001, to: 50003 }]);
  const rule = (protocol: string, from: number, to: number, sources: Source[]) => ({ origin: { urn: "u", type: "t", name: "n", rule: "rule" }, protocol: parseProtocol(protocol)!, ports: IntervalSet.range(from, to), sources, doubts: [] });
  test("source by source, the watched part that reaches from the internet", () => {
    const exposures = exposuresOf(rule("tcp", 50000, 59999, [cidr("203.0.113.0/24"), cidr("10.0.0.0/8"), { kind: "unresolved", text: "x", doubt: malformed }]), CLS, NO_TRUST);
    expect(exposures.map((e) => [e.source.kind, trafficText(e.traffic).map((t) => t.replace(/ from .*/, "")), e.doubts.map((d) => d.detail)])).toEqual([
      ["cidr", ["protocols 6 ports 50001-50003"], []],
      ["unresolved", ["protocols 6 ports 50001-50003"], ["unreadable"]],
    ]);
  });
  test("nothing from a rule that misses the watched ports or protocol", () => {
    expect(exposuresOf(rule("tcp", 50004, 59999, [cidr("0.0.0.0/0")]), CLS, NO_TRUST)).toEqual([]);
    expect(exposuresOf(rule("udp", 50000, 59999, [cidr("0.0.0.0/0")]), CLS, NO_TRUST)).toEqual([]);
  });
});
