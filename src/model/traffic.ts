import { IntervalSet } from "./intervals";

/**
 * A set of inbound packets, described by what a firewall rule can match on: IP protocol number,
 * destination port and source address. It is a union of boxes; every box is the product of one
 * set per dimension. Subtracting one box from another leaves at most three boxes, so deny rules
 * can be applied in order without enumerating packets.
 */
export interface TrafficBox {
  readonly protocols: IntervalSet;
  readonly ports: IntervalSet;
  readonly addresses: IntervalSet;
}

export const ALL_PROTOCOLS = IntervalSet.range(0, 255);
export const ALL_PORTS = IntervalSet.range(0, 65535);

const DIMENSIONS = ["protocols", "ports", "addresses"] as const;

/** a and b, as `a` itself where b takes nothing away from it. */
function intersectBoxes(a: TrafficBox, b: TrafficBox): TrafficBox {
  const protocols = a.protocols.intersect(b.protocols);
  const ports = a.ports.intersect(b.ports);
  const addresses = a.addresses.intersect(b.addresses);
  return protocols === a.protocols && ports === a.ports && addresses === a.addresses ? a : { protocols, ports, addresses };
}

function boxIsEmpty(box: TrafficBox): boolean {
  return DIMENSIONS.some((d) => box[d].isEmpty());
}

function boxesOverlap(a: TrafficBox, b: TrafficBox): boolean {
  return a.protocols.overlaps(b.protocols) && a.ports.overlaps(b.ports) && a.addresses.overlaps(b.addresses);
}

/**
 * a minus b: peel off, one dimension at a time, the part of `a` that lies outside `b`. The boxes
 * overlap, so what stays inside is never empty; literal boxes (no computed keys) keep one shape.
 */
function subtractBox(a: TrafficBox, b: TrafficBox): TrafficBox[] {
  // Stryker disable next-line ConditionalExpression: a shortcut; peeling a disjoint box leaves it whole anyway
  if (!boxesOverlap(a, b)) return [a];
  const pieces: TrafficBox[] = [];
  const otherProtocols = a.protocols.subtract(b.protocols);
  if (!otherProtocols.isEmpty()) pieces.push({ protocols: otherProtocols, ports: a.ports, addresses: a.addresses });
  const protocols = a.protocols.intersect(b.protocols);
  const otherPorts = a.ports.subtract(b.ports);
  if (!otherPorts.isEmpty()) pieces.push({ protocols, ports: otherPorts, addresses: a.addresses });
  const ports = a.ports.intersect(b.ports);
  const otherAddresses = a.addresses.subtract(b.addresses);
  if (!otherAddresses.isEmpty()) pieces.push({ protocols, ports, addresses: otherAddresses });
  return pieces;
}

export class Traffic {
  static readonly NONE = new Traffic([]);

  private constructor(readonly boxes: readonly TrafficBox[]) {}

  static box(protocols: IntervalSet, ports: IntervalSet, addresses: IntervalSet): Traffic {
    return new Traffic([{ protocols, ports, addresses }]).withoutEmptyBoxes();
  }

  isEmpty(): boolean {
    return this.boxes.length === 0;
  }

  union(other: Traffic): Traffic {
    return new Traffic([...this.boxes, ...other.boxes]);
  }

  /** Whether some packet of this set is in the box; allocates nothing, so callers can skip work cheaply. */
  meets(protocols: IntervalSet, ports: IntervalSet, addresses: IntervalSet): boolean {
    return this.boxes.some((b) => boxesOverlap(b, { protocols, ports, addresses }));
  }

  /** This traffic itself where `other` covers it box by box (the common case, kept without allocating). */
  intersect(other: Traffic): Traffic {
    const boxes: TrafficBox[] = [];
    for (const a of this.boxes) for (const b of other.boxes) if (boxesOverlap(a, b)) boxes.push(intersectBoxes(a, b));
    return boxes.length === this.boxes.length && boxes.every((box, k) => box === this.boxes[k]) ? this : new Traffic(boxes);
  }

  subtract(other: Traffic): Traffic {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; subtracting nothing, or from nothing, changes nothing
    if (this.boxes.length === 0 || other.boxes.length === 0) return this;
    let remaining: TrafficBox[] = [...this.boxes];
    for (const cut of other.boxes) {
      remaining = remaining.flatMap((box) => subtractBox(box, cut));
    }
    return new Traffic(remaining);
  }

  /** The union of one dimension over all boxes, e.g. every port some packet of this set may use. */
  project(dimension: (typeof DIMENSIONS)[number]): IntervalSet {
    return this.boxes.reduce((acc, box) => acc.union(box[dimension]), IntervalSet.EMPTY);
  }

  private withoutEmptyBoxes(): Traffic {
    return new Traffic(this.boxes.filter((b) => !boxIsEmpty(b)));
  }
}
