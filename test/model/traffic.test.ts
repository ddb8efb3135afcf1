import { IntervalSet } from "../../src/model/intervals";
import { ALL_PORTS, ALL_PROTOCOLS, Traffic } from "../../src/model/traffic";

const r = (a: number, b: number) => IntervalSet.range(a, b);
const has = (t: Traffic, protocol: number, port: number, address: number) =>
  t.boxes.some((b) => b.protocols.has(protocol) && b.ports.has(port) && b.addresses.has(address));

describe("Traffic", () => {
  const all = Traffic.box(ALL_PROTOCOLS, ALL_PORTS, r(0, 1000));
  const clsDeny = Traffic.box(r(6, 6), r(50001, 50003), r(0, 500));
  const tcp = Traffic.box(r(6, 6), ALL_PORTS, r(600, 700));

  test("subtracting a box removes exactly its packets", () => {
    const left = all.subtract(clsDeny);
    const probes: [number, number, number, boolean][] = [
      [6, 50001, 0, false],
      [6, 50003, 500, false],
      [6, 50003, 501, true],
      [6, 50004, 0, true],
      [6, 50000, 0, true],
      [17, 50002, 0, true],
      [1, 0, 1000, true],
    ];
    for (const [p, port, a, expected] of probes) expect([p, port, a, has(left, p, port, a)]).toEqual([p, port, a, expected]);
  });

  test("intersect, union, project and isEmpty", () => {
    const tcpMedia = Traffic.box(r(6, 6), r(50000, 59999), r(0, 1000));
    expect(tcpMedia.intersect(clsDeny).project("ports").equals(r(50001, 50003))).toBe(true);
    expect(tcpMedia.subtract(all).isEmpty()).toBe(true);
    expect(clsDeny.union(tcpMedia).project("addresses").equals(r(0, 1000))).toBe(true);
    expect(Traffic.box(r(6, 6), IntervalSet.EMPTY, r(0, 1)).isEmpty()).toBe(true);
  });

  test("intersecting with traffic that covers it keeps it as it is", () => {
    expect(clsDeny.intersect(all)).toBe(clsDeny);
    const two = clsDeny.union(tcp);
    expect(two.intersect(all)).toBe(two);
    expect(all.intersect(clsDeny).boxes).toEqual(clsDeny.boxes);
    expect(all.intersect(clsDeny)).not.toBe(all);
  });

  test.each([
    ["a box it shares packets with", r(6, 6), r(50002, 50010), r(400, 450), true],
    ["the same ports from other addresses", r(6, 6), r(50001, 50003), r(501, 599), false],
    ["the same addresses on other ports", r(6, 6), r(50004, 50010), r(0, 500), false],
    ["another protocol", r(17, 17), r(50001, 50003), r(0, 500), false],
    ["a box empty in one dimension", r(6, 6), IntervalSet.EMPTY, r(0, 500), false],
  ])("meets %s: %s, as intersect says", (_, protocols, ports, addresses, expected) => {
    const two = clsDeny.union(tcp);
    expect(two.meets(protocols, ports, addresses)).toBe(expected);
    expect(!two.intersect(Traffic.box(protocols, ports, addresses)).isEmpty()).toBe(expected);
  });
});
