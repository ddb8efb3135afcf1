/**
 * Sets of integers kept as sorted, disjoint, non-touching closed intervals.
 *
 * Protocol numbers, ports and IP addresses are all sets of integers, so one set type serves
 * every dimension of the traffic model. Values are bigints because IPv6 addresses need 128 bits.
 */
export type Interval = readonly [lo: bigint, hi: bigint];

export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(readonly intervals: readonly Interval[]) {}

  /** Builds a set from intervals in any order, overlapping or not; an interval with lo > hi is empty. */
  static of(...intervals: Interval[]): IntervalSet {
    // Stryker disable next-line EqualityOperator: intervals with equal starts merge in either order
    const sorted = intervals.filter(([lo, hi]) => lo <= hi).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const merged: [bigint, bigint][] = [];
    for (const [lo, hi] of sorted) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1n) {
        // Stryker disable next-line EqualityOperator: on equal ends the assignment changes nothing
        if (hi > last[1]) last[1] = hi;
      } else {
        merged.push([lo, hi]);
      }
    }
    return new IntervalSet(merged);
  }

  /** One interval: the commonest set by far, built without the sorting and merging of `of`. */
  static range(lo: number | bigint, hi: number | bigint): IntervalSet {
    const [low, high] = [BigInt(lo), BigInt(hi)];
    return low <= high ? new IntervalSet([[low, high]]) : IntervalSet.EMPTY;
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  has(value: number | bigint): boolean {
    const v = BigInt(value);
    return this.intervals.some(([lo, hi]) => lo <= v && v <= hi);
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return IntervalSet.of(...this.intervals, ...other.intervals);
  }

  /** Whether the sets share a value; allocates nothing, so callers can skip work cheaply. */
  overlaps(other: IntervalSet): boolean {
    let i = 0;
    let j = 0;
    while (i < this.intervals.length && j < other.intervals.length) {
      const [aLo, aHi] = this.intervals[i];
      const [bLo, bHi] = other.intervals[j];
      if (aLo <= bHi && bLo <= aHi) return true;
      // Stryker disable next-line EqualityOperator: on equal ends either side may advance; the next intervals cannot touch
      if (aHi < bHi) i++;
      else j++;
    }
    return false;
  }

  /** Whether this non-empty set lies within the one interval of `other` (false when other has several). */
  private insideOne(other: IntervalSet): boolean {
    const [first, last, only] = [this.intervals[0], this.intervals[this.intervals.length - 1], other.intervals[0]];
    return other.intervals.length === 1 && only[0] <= first[0] && last[1] <= only[1];
  }

  intersect(other: IntervalSet): IntervalSet {
    // Stryker disable next-line ConditionalExpression: a shortcut; the loop below finds no overlap either
    if (!this.overlaps(other)) return IntervalSet.EMPTY;
    // The commonest case by far (against any port, protocol or address): the set inside is the answer
    // as it is, and returning it spares an allocation that judging a stack repeats millions of times.
    if (this.insideOne(other)) return this;
    if (other.insideOne(this)) return other;
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    while (i < this.intervals.length && j < other.intervals.length) {
      const [aLo, aHi] = this.intervals[i];
      const [bLo, bHi] = other.intervals[j];
      // Stryker disable EqualityOperator: max and min of equal values are the same value
      const lo = aLo > bLo ? aLo : bLo;
      const hi = aHi < bHi ? aHi : bHi;
      // Stryker restore EqualityOperator
      if (lo <= hi) out.push([lo, hi]);
      // Stryker disable next-line EqualityOperator: on equal ends either side may advance; the next intervals cannot touch
      if (aHi < bHi) i++;
      else j++;
    }
    return new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    // Stryker disable next-line ConditionalExpression: a shortcut; the loop below cuts nothing either
    if (!this.overlaps(other)) return this;
    if (this.insideOne(other)) return IntervalSet.EMPTY;
    const out: Interval[] = [];
    for (const [lo, hi] of this.intervals) {
      let start = lo;
      for (const [cutLo, cutHi] of other.intervals) {
        if (cutHi < start || cutLo > hi) continue;
        if (cutLo > start) out.push([start, cutLo - 1n]);
        start = cutHi + 1n;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: a shortcut; no later cut can reach hi (cuts are sorted and never touch)
        if (start > hi) break;
      }
      if (start <= hi) out.push([start, hi]);
    }
    return new IntervalSet(out);
  }

  covers(other: IntervalSet): boolean {
    return other.subtract(this).isEmpty();
  }

  equals(other: IntervalSet): boolean {
    return (
      this.intervals.length === other.intervals.length &&
      this.intervals.every(([lo, hi], k) => lo === other.intervals[k][0] && hi === other.intervals[k][1])
    );
  }
}
