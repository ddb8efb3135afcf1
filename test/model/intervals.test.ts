import { fc, test as fcTest } from "@fast-check/jest";
import { IntervalSet } from "../../src/model/intervals";

const set = (...pairs: [number, number][]) => IntervalSet.of(...pairs.map(([a, b]) => [BigInt(a), BigInt(b)] as const));
const pairs = (s: IntervalSet) => s.intervals.map(([a, b]) => [Number(a), Number(b)]);

describe("IntervalSet", () => {
  test.each([
    ["merges overlapping", set([1, 5], [3, 8]), [[1, 8]]],
    ["merges touching", set([1, 5], [6, 8]), [[1, 8]]],
    ["keeps gaps", set([1, 5], [7, 8]), [[1, 5], [7, 8]]],
    ["sorts", set([7, 8], [1, 2]), [[1, 2], [7, 8]]],
    ["drops empty intervals", set([5, 4]), []],
  ])("of: %s", (_n, s, expected) => expect(pairs(s)).toEqual(expected));

  test.each([
    ["middle cut", set([50000, 59999]), set([50001, 50003]), [[50000, 50000], [50004, 59999]]],
    ["cut at the low edge", set([50001, 50010]), set([50001, 50003]), [[50004, 50010]]],
    ["cut at the high edge", set([49000, 50003]), set([50001, 50003]), [[49000, 50000]]],
    ["cut covering all", set([50002, 50002]), set([50001, 50003]), []],
    ["disjoint cut", set([1, 2]), set([5, 6]), [[1, 2]]],
    ["several cuts", set([0, 100]), set([10, 20], [30, 40], [100, 200]), [[0, 9], [21, 29], [41, 99]]],
  ])("subtract: %s", (_n, a, b, expected) => expect(pairs(a.subtract(b))).toEqual(expected));

  test.each([
    ["overlap", set([1, 10]), set([5, 20]), [[5, 10]]],
    ["single point", set([1, 5]), set([5, 9]), [[5, 5]]],
    ["none", set([1, 4]), set([5, 9]), []],
    ["many", set([0, 10], [20, 30]), set([5, 25]), [[5, 10], [20, 25]]],
    ["inside the other's one interval", set([3, 4], [6, 7]), set([0, 9]), [[3, 4], [6, 7]]],
    ["around the other", set([0, 9]), set([3, 4]), [[3, 4]]],
  ])("intersect: %s", (_n, a, b, expected) => expect(pairs(a.intersect(b))).toEqual(expected));

  // Judging a stack intersects with "any port" or "any address" millions of times: the set inside
  // is the answer as it is, and comes back without a copy.
  test.each([
    ["a set inside the other's one interval is returned itself", set([3, 4], [6, 7]), set([0, 9]), "a"],
    ["the other, inside this set's one interval, is returned itself", set([0, 9]), set([3, 4], [6, 7]), "b"],
    ["equal sets: this one", set([0, 9]), set([0, 9]), "a"],
  ])("intersect: %s", (_n, a, b, which) => expect(a.intersect(b)).toBe(which === "a" ? a : b));

  test("subtract: a set inside the other's one interval leaves nothing", () => {
    expect(set([3, 4], [6, 7]).subtract(set([0, 9]))).toBe(IntervalSet.EMPTY);
  });

  test("has, covers, equals", () => {
    const s = set([50000, 50000], [50004, 59999]);
    expect([49999, 50000, 50001, 50003, 50004, 59999, 60000].map((p) => s.has(p))).toEqual([false, true, false, false, true, true, false]);
    expect(set([0, 65535]).covers(s)).toBe(true);
    expect(s.covers(set([50000, 50004]))).toBe(false);
    expect(s.equals(set([50004, 59999], [50000, 50000]))).toBe(true);
    expect(s.equals(set([50004, 59999]))).toBe(false);
  });
});

/**
 * Every operation against plain sets of integers on a small line, where a naive answer is easy:
 * intervals in any order, overlapping, touching, contained or empty.
 */
describe("IntervalSet agrees with a set of integers", () => {
  const LINE = 40;
  const interval = fc.tuple(fc.integer({ min: 0, max: LINE }), fc.integer({ min: 0, max: LINE }));
  const intervals = fc.array(interval, { maxLength: 6 });
  const naive = (list: [number, number][]) => new Set(list.flatMap(([lo, hi]) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, k) => lo + k)));
  const members = (s: IntervalSet) => Array.from({ length: LINE + 1 }, (_, v) => v).filter((v) => s.has(v));
  const sorted = (values: Set<number>) => [...values].sort((a, b) => a - b);
  // Cheap enough to run in full even under Stryker (FC_RUNS only thins the network oracle).
  const params = { numRuns: 1000, seed: 20261121 };

  fcTest.prop([intervals], params)("of: the same members, kept sorted, disjoint and not touching", (list) => {
    const s = set(...list);
    expect(members(s)).toEqual(sorted(naive(list)));
    for (let k = 1; k < s.intervals.length; k++) expect(s.intervals[k][0]).toBeGreaterThan(s.intervals[k - 1][1] + 1n);
    for (const [lo, hi] of s.intervals) expect(lo <= hi).toBe(true);
  });

  fcTest.prop([interval], params)("range: the one interval, or nothing when lo > hi", ([lo, hi]) => {
    expect(pairs(IntervalSet.range(lo, hi))).toEqual(pairs(set([lo, hi])));
  });

  fcTest.prop([intervals, intervals], params)("union, intersect, subtract, overlaps, covers, equals", (a, b) => {
    const [sa, sb, na, nb] = [set(...a), set(...b), naive(a), naive(b)];
    expect(pairs(sa.union(sb))).toEqual(pairs(set(...a, ...b)));
    expect(members(sa.intersect(sb))).toEqual(sorted(new Set([...na].filter((v) => nb.has(v)))));
    expect(members(sa.subtract(sb))).toEqual(sorted(new Set([...na].filter((v) => !nb.has(v)))));
    expect(pairs(sa.intersect(sb))).toEqual(pairs(set(...pairs(sa.intersect(sb)).map(([x, y]) => [x, y] as [number, number]))));
    expect(pairs(sa.subtract(sb))).toEqual(pairs(set(...pairs(sa.subtract(sb)).map(([x, y]) => [x, y] as [number, number]))));
    expect(sa.overlaps(sb)).toBe([...na].some((v) => nb.has(v)));
    expect(sa.covers(sb)).toBe([...nb].every((v) => na.has(v)));
    expect(sa.equals(sb)).toBe(na.size === nb.size && [...na].every((v) => nb.has(v)));
  });
});
