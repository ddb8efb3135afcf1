import { ALL_ADDRESSES, parseAddressBlock } from "../../src/model/addresses";
import { IntervalSet } from "../../src/model/intervals";
import { parseProtocol, type Doubt, type Source } from "../../src/model/rule";
import type { Traffic } from "../../src/model/traffic";
import type { Forwarder } from "../../src/network/paths";
import { admitsForwarder, certaintyOf, externalPart, fromEveryClient, sourceOffers, trustFrom, trafficOf, type ForwardedClients, type Trust } from "../../src/verdict/exposure";
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

describe("sourceOffers", () => {
  const CLS = trafficOf([{ protocol: "tcp", from: 50001, to: 50003 }]);
  const rule = (protocol: string, from: number, to: number, sources: Source[]) => ({ origin: { urn: "u", type: "t", name: "n", rule: "rule" }, protocol: parseProtocol(protocol)!, ports: IntervalSet.range(from, to), sources, doubts: [] });
  const ports = (t: Traffic) => trafficText(t).map((line) => line.replace(/ from .*/, ""));
  test("source by source, the watched part that reaches from the internet; a private block admits none of it", () => {
    const offers = sourceOffers(rule("tcp", 50000, 59999, [cidr("203.0.113.0/24"), cidr("10.0.0.0/8"), { kind: "unresolved", text: "x", doubt: malformed }]), CLS, NO_TRUST);
    expect(offers.map((o) => [o.source.kind, ports(o.direct), o.doubts.map((d) => d.detail)])).toEqual([
      ["cidr", ["protocols 6 ports 50001-50003"], []],
      ["cidr", [], []],
      ["unresolved", ["protocols 6 ports 50001-50003"], ["unreadable"]],
    ]);
  });
  test("nothing from a rule that misses the watched ports or protocol", () => {
    expect(sourceOffers(rule("tcp", 50004, 59999, [cidr("0.0.0.0/0")]), CLS, NO_TRUST)).toEqual([]);
    expect(sourceOffers(rule("udp", 50000, 59999, [cidr("0.0.0.0/0")]), CLS, NO_TRUST)).toEqual([]);
  });
  test("from every client: the rule's watched traffic from every untrusted internet address, whatever its sources", () => {
    const every = fromEveryClient(rule("tcp", 50002, 59999, [cidr("10.0.0.0/8")]), CLS, PARTNER_TRUST);
    expect(ports(every)).toEqual(["protocols 6 ports 50002-50003"]);
    expect(every.project("addresses").equals(externalPart(ANY, PARTNER_TRUST).addresses)).toBe(true);
  });
});

describe("admitsForwarder: which of a forwarder's clients a source admits", () => {
  const balancer: Forwarder = { by: "lb", clients: ALL_ADDRESSES, addresses: parseAddressBlock("10.0.3.0/24")!, groups: new Set(["sg-lb"]), ownGroup: "no", doubts: [] };
  const unread: Forwarder = { by: "lb", clients: ALL_ADDRESSES, ownGroup: "unknown", doubts: [unknown] };
  const group = (id: string | null): Source => (id === null ? { kind: "security-group", id, doubt: unknown } : { kind: "security-group", id });
  const rows: [string, Source, Forwarder, ForwardedClients, string[]][] = [
    ["a block holding the balancer's subnet: those whose address it replaces", cidr("10.0.0.0/16"), balancer, "replaced", []],
    ["a block inside it: the balancer's nodes may sit there", cidr("10.0.3.128/25"), balancer, "replaced", []],
    ["a block beside it", cidr("10.0.4.0/24"), balancer, "none", []],
    ["the whole internet holds it too", cidr("0.0.0.0/0"), balancer, "replaced", []],
    ["any block, where its addresses are not known at preview", cidr("192.0.2.0/24"), unread, "replaced", ["not known yet"]],
    ["the balancer's group: every client, replaced or not", group("sg-lb"), balancer, "every", []],
    ["another group", group("sg-office"), balancer, "none", []],
    ["a group not known at preview", group(null), balancer, "every", ["not known yet"]],
    ["any group, where the balancer's groups are not known", group("sg-office"), unread, "every", ["not known yet"]],
    ["the rule's own group, not the balancer's", { kind: "self" }, balancer, "none", []],
    ["the rule's own group, the balancer's", { kind: "self" }, { ...balancer, ownGroup: "yes" }, "every", []],
    ["the rule's own group, the balancer's not known", { kind: "self" }, unread, "every", ["not known yet"]],
    ["a prefix list, whose entries are not in the stack", { kind: "prefix-list", id: "pl-partner" }, balancer, "replaced", []],
    ["hosts named by what they are (a network tag), which may be the balancer", { kind: "internal", text: "VirtualNetwork" }, balancer, "every", []],
    ["an unreadable source", { kind: "unresolved", text: "x", doubt: malformed }, balancer, "replaced", ["unreadable"]],
  ];
  test.each(rows)("%s", (_, source, forwarder, admits, doubts) => {
    const found = admitsForwarder(source, forwarder);
    expect([found.admits, found.doubts.map((d) => d.detail)]).toEqual([admits, doubts]);
  });
});
