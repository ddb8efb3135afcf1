/** A claim that an opening is needed. */
export interface JustificationRecord {
  /** Resource tags, a GCP firewall rule's description (its rules carry no labels), or the central exceptions list. */
  readonly from: "tags" | "description" | "exceptions";
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
