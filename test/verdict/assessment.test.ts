import { ALL_ADDRESSES, parseAddressBlock } from "../../src/model/addresses";
import type { Layer } from "../../src/model/filters";
import { IntervalSet } from "../../src/model/intervals";
import { parseProtocol, type Doubt, type InboundRule, type Source } from "../../src/model/rule";
import { Traffic } from "../../src/model/traffic";
import { ALL_IPV4, ALL_IPV6 } from "../../src/model/addresses";
import { OpeningWithPaths, type GroupPaths, type Hop, type HostPath, type Opening, type Reachability, type Forwarder } from "../../src/network/paths";
import { formatSource as formatSourceText } from "../../src/report/format";
import { assessOpenings } from "../../src/verdict/assessment";
import { trafficOf, trustFrom } from "../../src/verdict/exposure";
import { trafficText } from "../support/modelText";

/** One opening measured against the CLS ports through the paths to its hosts. */
const CLS = trafficOf([{ protocol: "tcp", from: 50001, to: 50003 }]);
const { trust } = trustFrom([], []);
const approvals = { rules: { acceptedReasons: ["ocs-2007-federation"], maxDays: 365, today: new Date("2026-11-21T12:00:00Z") }, exceptions: [], centralExceptionsOnly: false };
const unknown = (detail: string): Doubt => ({ kind: "unknown", field: "f", detail });
const world: Source = { kind: "cidr", text: "0.0.0.0/0", addresses: parseAddressBlock("0.0.0.0/0")! };
const media = (sources: Source[] = [world]): InboundRule => ({ origin: { urn: "u", type: "t", name: "edge-av", rule: "ingress[0]" }, protocol: parseProtocol("tcp")!, ports: IntervalSet.range(50000, 59999), sources, doubts: [] });

/** A layer that stops everything, and says something doubtful about it. */
const wall: Layer = {
  name: "wall",
  doubts: [],
  apply: (traffic) => ({ passed: Traffic.NONE, blocks: [{ by: "wall", kind: "implicit", stateless: true, traffic }], notes: ["wall note"], doubts: [unknown("wall doubt")] }),
};
const open: Layer = { name: "open", doubts: [], apply: (traffic) => ({ passed: traffic, blocks: [], notes: [], doubts: [] }) };
const NOT_SAID: Reachability = { state: "unknown", how: "not said", path: [] };
const hop = (layer: Layer, extra: Partial<Hop> = {}): Hop => ({ layer, evidence: "", cautions: [], ...extra });
const path = (host: string, layers: Layer[], doubts: Doubt[] = [], notes: string[] = [], extra: Partial<HostPath> = {}): HostPath => ({ host, hops: layers.map((l) => hop(l)), bypassed: [], doubts, notes, reachability: NOT_SAID, resources: [], ...extra });
const assess = (opening: Partial<Opening>) => assessOpenings([{ rule: media(), subjects: [], ...opening }], CLS, trust, approvals);
const summary = (opening: Partial<Opening>) =>
  assess(opening).map((a) => ({
    exposed: trafficText(a.exposed),
    doubts: a.exposures.map((e) => e.doubts.map((d) => d.detail)),
    blocks: a.blocks.map((b) => `${b.host}: ${b.by}`),
    notes: a.notes,
    certainty: a.certainty,
  }));
const CLS_FROM_INTERNET = trafficText(Traffic.box(IntervalSet.range(6, 6), IntervalSet.range(50001, 50003), ALL_ADDRESSES)).map((t) => t.replace(/ from .*/, ""));
const exposedPorts = (s: ReturnType<typeof summary>) => s.map((a) => ({ ...a, exposed: a.exposed.map((t) => t.replace(/ from .*/, "")) }));

describe("assessOpenings", () => {
  test("a rule that misses the target is not assessed at all", () => {
    expect(assessOpenings([{ rule: { ...media(), ports: IntervalSet.range(443, 443) }, subjects: [] }], CLS, trust, approvals)).toEqual([]);
  });

  test("paths are built only for a rule that meets the target, and once however often they are read", () => {
    const built: string[] = [];
    const lazily = (rule: InboundRule) => new OpeningWithPaths(rule, [], (): GroupPaths => (built.push(String(rule.ports.intervals[0][0])), { paths: [path("edge-1", [wall])] }));
    const [https, cls] = [lazily({ ...media(), ports: IntervalSet.range(443, 443) }), lazily(media([world, world]))];
    const [assessment] = assessOpenings([https, cls], CLS, trust, approvals);
    expect(built).toEqual(["50000"]);
    expect(assessment.exposures).toEqual([]);
    expect(assessment.blocks.map((b) => b.by)).toEqual(["wall", "wall"]);
  });

  test("no paths: exposed as it stands, the reason no path was followed noted", () => {
    expect(exposedPorts(summary({ paths: { paths: [], missing: "its group is used by no instance in this stack" } }))).toEqual([
      { exposed: CLS_FROM_INTERNET, doubts: [[]], blocks: [], notes: ["its group is used by no instance in this stack"], certainty: "definite" },
    ]);
    expect(exposedPorts(summary({}))).toEqual([{ exposed: CLS_FROM_INTERNET, doubts: [[]], blocks: [], notes: [], certainty: "definite" }]);
  });

  test("a path's own doubts travel with what reaches its host", () => {
    expect(exposedPorts(summary({ paths: { paths: [path("edge-1", [open], [unknown("subnet unknown")], ["path note"])] } }))).toEqual([
      { exposed: CLS_FROM_INTERNET, doubts: [["subnet unknown"]], blocks: [], notes: ["path note"], certainty: "unverified" },
    ]);
  });

  test("doubts of a path that lets nothing through do not travel with another path's exposure", () => {
    expect(exposedPorts(summary({ paths: { paths: [path("edge-1", [wall], [unknown("edge-1 link")]), path("edge-2", [open])] } }))).toEqual([
      { exposed: CLS_FROM_INTERNET, doubts: [[]], blocks: ["edge-1: wall"], notes: ["wall note"], certainty: "definite" },
    ]);
  });

  test("a path that surely lets traffic in keeps the exposure definite, whatever another path leaves in doubt", () => {
    const doubtful = path("edge-1 through edge-lb", [open], [unknown("pool link unknown")]);
    const judged = (paths: HostPath[]) => summary({ paths: { paths } }).map((a) => [a.certainty, a.doubts]);
    expect([judged([doubtful]), judged([doubtful, path("edge-1", [open])])]).toEqual([[["unverified", [["pool link unknown"]]]], [["definite", [[]]]]]);
  });

  test("a layer unknown at preview is skipped, its doubts kept", () => {
    const unknownLayer: Layer = { ...wall, doubts: [unknown("firewall policy unknown")] };
    expect(exposedPorts(summary({ paths: { paths: [path("edge-1", [unknownLayer])] } }))).toEqual([
      { exposed: CLS_FROM_INTERNET, doubts: [["firewall policy unknown"]], blocks: [], notes: [], certainty: "unverified" },
    ]);
  });

  test("definite when any exposure is certain", () => {
    const unresolved: Source = { kind: "unresolved", text: "x", doubt: unknown("cidr unknown") };
    expect(summary({ rule: media([unresolved, world]) }).map((a) => [a.certainty, a.doubts])).toEqual([["definite", [["cidr unknown"], []]]]);
    expect(summary({ rule: media([unresolved]) }).map((a) => a.certainty)).toEqual(["unverified"]);
  });

  test("everything stopped upstream: assessed, nothing exposed, the blocks kept", () => {
    expect(summary({ paths: { paths: [path("edge-1", [wall])] } })).toEqual([{ exposed: [], doubts: [], blocks: ["edge-1: wall"], notes: ["wall note"], certainty: "unverified" }]);
  });

  const dualStack = media([world, { kind: "cidr", text: "::/0", addresses: parseAddressBlock("::/0")! }]);
  const reach = (state: Reachability["state"], how: string): Reachability => ({ state, how, path: [`urn:${how}`] });

  const families = (t: Traffic) => (["ipv4", "ipv6"] as const).filter((f) => !t.project("addresses").intersect(f === "ipv4" ? ALL_IPV4 : ALL_IPV6).isEmpty());
  test.each([
    ["a hop that sees IPv4 only lets IPv6 go around it", [hop(wall, { sources: ALL_IPV4 })], ["ipv6"]],
    ["a hop that sees IPv6 only lets IPv4 go around it", [hop(wall, { sources: ALL_IPV6 })], ["ipv4"]],
    ["a hop that sees every source", [hop(wall)], []],
  ] as [string, Hop[], string[]][])("%s", (_name, hops, exposed) => {
    const [a] = assessOpenings([{ rule: dualStack, subjects: [], paths: { paths: [path("edge-1", [], [], [], { hops })] } }], CLS, trust, approvals);
    expect({ exposed: families(a.exposed), blocks: [...new Set(a.blocks.map((b) => `${b.host}: ${b.by}`))] }).toEqual({ exposed, blocks: ["edge-1: wall"] });
  });

  test("a filter off the path is named with what it would have stopped and why it did not, and credits nothing", () => {
    const [a] = assess({ paths: { paths: [path("edge-1", [open], [], [], { bypassed: [{ layer: wall, sources: ALL_ADDRESSES, why: "no edge route" }] })] } });
    expect({ exposed: a.exposures.length, bypassed: a.bypassed.map((b) => [b.by, b.host, trafficText(b.traffic).map((t) => t.replace(/ from .*/, "")), b.why]) }).toEqual({
      exposed: 1,
      bypassed: [["wall", "edge-1", CLS_FROM_INTERNET, "no edge route"]],
    });
  });

  test("a hop's cautions are kept only where it stopped something", () => {
    const cautioned = (layer: Layer) => assess({ paths: { paths: [path("edge-1", [], [], [], { hops: [hop(layer, { cautions: ["asymmetric"] })] })] } })[0].cautions;
    expect([cautioned(wall), cautioned(open)]).toEqual([["asymmetric"], []]);
  });

  test("reachability: the most reachable host the exposure gets to, named; unknown without paths", () => {
    const paths = [path("edge-1", [open], [], [], { reachability: reach("no", "no public address") }), path("edge-2", [open], [], [], { reachability: reach("yes", "via igw") }), path("edge-3", [wall], [], [], { reachability: reach("yes", "blocked anyway") })];
    expect(assess({ paths: { paths } })[0].reachability).toEqual({ state: "yes", how: "edge-2: via igw", path: ["urn:via igw"] });
    expect(assess({ paths: { paths: [], missing: "no host uses it" } })[0].reachability).toEqual({ state: "unknown", how: "no host uses it", path: [] });
  });

  /** A load balancer's path beside the walled direct one: it carries only what its listeners forward. */
  const balanced = (carries: Traffic, layers: Layer[] = [open]) => [
    path("edge-1", [wall], [], ["direct note"], { reachability: reach("no", "no public address") }),
    path("edge-1 through edge-nlb", layers, [], ["balancer note"], { carries, reachability: reach("yes", "via edge-nlb") }),
  ];
  const tcp = (from: number, to: number) => Traffic.box(IntervalSet.range(6, 6), IntervalSet.range(from, to), ALL_ADDRESSES);
  const portsOf = (t: Traffic) => trafficText(t).map((text) => text.replace(/ from .*/, ""));
  test.each([
    ["carrying other ports, it is no way in, and says nothing", tcp(443, 443), [open], { exposed: [], notes: ["wall note", "direct note"], reachable: "unknown" }],
    ["carrying the protected ports, what it lets through is exposed, reachable through it", tcp(50001, 50003), [open], { exposed: CLS_FROM_INTERNET, notes: ["wall note", "direct note", "balancer note"], reachable: "yes" }],
    ["carrying one protected port, only that port is exposed", tcp(50002, 50002), [open], { exposed: portsOf(tcp(50002, 50002)), notes: ["wall note", "direct note", "balancer note"], reachable: "yes" }],
    ["carrying the ports through a wall of its own, nothing is exposed", tcp(50001, 50003), [wall], { exposed: [], notes: ["wall note", "direct note", "balancer note"], reachable: "unknown" }],
  ] as [string, Traffic, Layer[], { exposed: string[]; notes: string[]; reachable: string }][])("a load balancer's path %s", (_name, carries, layers, expected) => {
    const [a] = assess({ paths: { paths: balanced(carries, layers) } });
    expect({ exposed: portsOf(a.exposed), notes: a.notes, reachable: a.reachability.state }).toEqual(expected);
  });

  /**
   * A balancer that connects from its own address (10.0.3.0/24) for the clients it replaces: the
   * rule is judged on that address, beside the walled direct path.
   */
  const office: Source = { kind: "cidr", text: "203.0.113.0/24", addresses: parseAddressBlock("203.0.113.0/24")! };
  const vpc: Source = { kind: "cidr", text: "10.0.0.0/16", addresses: parseAddressBlock("10.0.0.0/16")! };
  const sixWorld: Source = { kind: "cidr", text: "::/0", addresses: parseAddressBlock("::/0")! };
  const replacing = (replaced: Partial<Forwarder> = {}, layers: Layer[] = [open]) => [
    path("edge-1", [wall]),
    path("edge-1 through edge-alb", layers, [], [], { forwarder: { by: "load balancer edge-alb", clients: ALL_ADDRESSES, addresses: parseAddressBlock("10.0.3.0/24")!, groups: new Set<string>(), ownGroup: "no", doubts: [], ...replaced } }),
  ];
  const judged = (sources: Source[], paths: HostPath[]) =>
    assessOpenings([{ rule: media(sources), subjects: [], forwarded: true, paths: { paths } }], CLS, trust, approvals).map((a) => ({
      families: families(a.exposed),
      exposures: a.exposures.map((e) => [formatSourceText(e.source), e.through ?? "direct", e.doubts.map((d) => d.detail)]),
      blocks: a.blocks.length,
      certainty: a.certainty,
    }));
  test.each([
    ["a private block holding its address lets every client in through it", [vpc], {}, [open], [{ families: ["ipv4", "ipv6"], exposures: [["10.0.0.0/16", ["load balancer edge-alb"], []]], blocks: 0, certainty: "definite" }]],
    ["a private block beside its address is no opening", [{ ...vpc, text: "10.1.0.0/16", addresses: parseAddressBlock("10.1.0.0/16")! }], {}, [open], []],
    ["an internet block admits none of its clients: only the walled direct path is left", [office], {}, [open], [{ families: [], exposures: [], blocks: 1, certainty: "unverified" }]],
    ["its clients stopped on its way: assessed, the block kept", [vpc], {}, [wall], [{ families: [], exposures: [], blocks: 1, certainty: "unverified" }]],
    ["addresses unknown at preview: open, but unverified", [vpc], { addresses: undefined, doubts: [unknown("balancer subnets unknown")] }, [open], [{ families: ["ipv4", "ipv6"], exposures: [["10.0.0.0/16", ["load balancer edge-alb"], ["balancer subnets unknown"]]], blocks: 0, certainty: "unverified" }]],
    // A network balancer keeps its IPv4 targets' IPv4 clients and replaces the IPv6 ones with its IPv4 address (NLB user guide).
    ["IPv4 clients kept, IPv6 replaced: an IPv4 rule holding its address lets both families in, the balancer named", [world], { clients: ALL_IPV6 }, [open], [{ families: ["ipv4", "ipv6"], exposures: [["0.0.0.0/0", ["load balancer edge-alb"], []]], blocks: 1, certainty: "definite" }]],
    ["both families admitted: IPv6 clients come in as its IPv4 address, under the IPv4 block", [world, sixWorld], {}, [open], [{ families: ["ipv4", "ipv6"], exposures: [["0.0.0.0/0", ["load balancer edge-alb"], []]], blocks: 2, certainty: "definite" }]],
    ["a block admitting every client it replaces itself: the balancer adds none, and is not named", [world], { clients: ALL_IPV4 }, [open], [{ families: ["ipv4"], exposures: [["0.0.0.0/0", "direct", []]], blocks: 1, certainty: "definite" }]],
    // A target accepts the traffic of a balancer whose group its rule names, client IP preserved or not (NLB user guide).
    ["a rule naming its group lets in every client, even those whose address it keeps", [{ kind: "security-group", id: "sg-lb" }], { clients: IntervalSet.EMPTY, groups: new Set(["sg-lb"]) }, [open], [{ families: ["ipv4", "ipv6"], exposures: [["security group sg-lb", ["load balancer edge-alb"], []]], blocks: 0, certainty: "definite" }]],
    ["a block holding its address lets in none of the clients whose address it keeps", [vpc], { clients: IntervalSet.EMPTY }, [open], []],
    ["IPv4 clients kept, IPv6 replaced: an IPv6 rule admits no client through it", [sixWorld], { clients: ALL_IPV6 }, [open], [{ families: [], exposures: [], blocks: 1, certainty: "unverified" }]],
  ] as [string, Source[], Partial<Forwarder>, Layer[], ReturnType<typeof judged>][])("a balancer that replaces the client's address: %s", (_name, sources, replaced, layers, expected) => {
    expect(judged(sources, replacing(replaced, layers))).toEqual(expected);
  });

  test("a rule admitting only a private block is not read along its paths unless a forwarder may replace the client's address", () => {
    const built: string[] = [];
    const opening = (forwarded: boolean) => new OpeningWithPaths(media([vpc]), [], () => (built.push(String(forwarded)), { paths: replacing() }), forwarded);
    const [unforwarded, forwarded] = [assessOpenings([opening(false)], CLS, trust, approvals), assessOpenings([opening(true)], CLS, trust, approvals)];
    expect({ built, unforwarded: unforwarded.length, forwarded: forwarded.map((a) => a.exposures.length) }).toEqual({ built: ["true"], unforwarded: 0, forwarded: [1] });
  });

  /** A layer that stops what comes from one block, and passes the rest. */
  const denyFrom = (text: string): Layer => {
    const from = Traffic.box(IntervalSet.range(0, 255), IntervalSet.range(0, 65535), parseAddressBlock(text)!);
    return { name: `deny ${text}`, doubts: [], apply: (traffic) => ({ passed: traffic.subtract(from), blocks: traffic.intersect(from).isEmpty() ? [] : [{ by: `deny ${text}`, kind: "explicit", stateless: true, traffic: traffic.intersect(from) }], notes: [], doubts: [] }) };
  };
  const behind = (layer: Layer, replaced: Partial<Forwarder> = {}) => [
    path("edge-1 through edge-alb", [], [], [], {
      hops: [hop(layer, { behindForwarder: true })],
      forwarder: { by: "load balancer edge-alb", clients: ALL_ADDRESSES, addresses: parseAddressBlock("10.0.3.0/24")!, groups: new Set<string>(), ownGroup: "no", doubts: [], ...replaced },
    }),
  ];
  test.each([
    ["a hop behind it that stops its address stops every client", denyFrom("10.0.0.0/8"), {}, { families: [], blocks: ["deny 10.0.0.0/8"] }],
    ["one that stops only internet addresses stops none of them", denyFrom("203.0.113.0/24"), {}, { families: ["ipv4", "ipv6"], blocks: [] }],
    ["one that stops only some of its addresses stops none: the others get through", denyFrom("10.0.3.0/25"), {}, { families: ["ipv4", "ipv6"], blocks: [] }],
    ["its addresses unknown: nothing there is credited", denyFrom("0.0.0.0/0"), { addresses: undefined }, { families: ["ipv4", "ipv6"], blocks: [] }],
    ["a forwarder that may keep the client's address is stopped only where both are", denyFrom("10.0.0.0/8"), { mayKeep: true }, { families: ["ipv4", "ipv6"], blocks: [] }],
    ["... and both are stopped by a hop stopping every address", denyFrom("0.0.0.0/0"), { mayKeep: true, clients: ALL_IPV4 }, { families: [], blocks: ["deny 0.0.0.0/0"] }],
  ] as [string, Layer, Partial<Forwarder>, { families: string[]; blocks: string[] }][])("behind a balancer that replaces the client's address: %s", (_name, layer, replaced, expected) => {
    const [a] = assessOpenings([{ rule: media([world]), subjects: [], forwarded: true, paths: { paths: behind(layer, replaced) } }], CLS, trust, approvals);
    expect({ families: families(a.exposed), blocks: [...new Set(a.blocks.map((b) => b.by))] }).toEqual(expected);
  });

  test("the forwarder is named only where the clients it adds get through, and its unknown addresses leave the hop behind it in doubt", () => {
    const judgedBehind = (layer: Layer, replaced: Partial<Forwarder>, source: Source = world) =>
      assessOpenings([{ rule: media([source]), subjects: [], forwarded: true, paths: { paths: behind(layer, replaced) } }], CLS, trust, approvals).map((a) => ({
        families: families(a.exposed),
        through: a.exposures.map((e) => e.through ?? "direct"),
        certainty: a.certainty,
      }));
    expect(judgedBehind(denyFrom("10.0.0.0/8"), { clients: ALL_IPV6 })).toEqual([{ families: ["ipv4"], through: ["direct"], certainty: "definite" }]);
    // The rule admits the balancer's group, known; only the hop behind it hangs on its addresses.
    const lbGroup: Source = { kind: "security-group", id: "sg-lb" };
    const unread = { addresses: undefined, groups: new Set(["sg-lb"]), doubts: [unknown("balancer subnets unknown")] };
    expect(judgedBehind(denyFrom("0.0.0.0/0"), unread, lbGroup)).toEqual([{ families: ["ipv4", "ipv6"], through: [["load balancer edge-alb"]], certainty: "unverified" }]);
  });
});
