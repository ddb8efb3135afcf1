import { ALL_ADDRESSES, parseAddressBlock } from "../../src/model/addresses";
import type { Layer } from "../../src/model/filters";
import { IntervalSet } from "../../src/model/intervals";
import { parseProtocol, type Doubt, type InboundRule, type Source } from "../../src/model/rule";
import { Traffic } from "../../src/model/traffic";
import type { HostPath } from "../../src/shapes/topology";
import { assessOpenings, type Opening } from "../../src/verdict/assessment";
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
const path = (host: string, layers: Layer[], doubts: Doubt[] = [], notes: string[] = []): HostPath => ({ host, layers, doubts, notes });
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
});
