/** A claim that an opening is needed: from resource tags or from the central exceptions list. */
export interface JustificationRecord {
  readonly from: "tags" | "exceptions";
  /** Where a reviewer finds it, e.g. `tags of "edge-av"` or `exceptions[0] ("*edge-av*")`. */
  readonly where: string;
  readonly reason: unknown;
  readonly ticket: unknown;
  readonly approvedBy: unknown;
  readonly expires: unknown;
}

/** A resource whose justification covers an opening: the rule's own resource, then its group. */
export interface Subject {
  readonly urn: string;
  readonly name: string;
  /** The justification its tags carry, if any. */
  readonly tags?: JustificationRecord;
}
