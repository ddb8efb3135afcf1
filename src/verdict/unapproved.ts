import type { InboundRule } from "../model/rule";
import { Traffic } from "../model/traffic";
import { approvalFor, type Approval, type ApprovalSettings, type Subject } from "./approval";
import { certaintyOf, exposuresOf, type Certainty, type Exposure, type Trust } from "./exposure";

/** An inbound rule with the resources whose justification may cover it. */
export interface Opening {
  readonly rule: InboundRule;
  readonly subjects: readonly Subject[];
  /** Why no group was consulted for a standalone rule, when its group could not be found. */
  readonly unlinked?: string;
}

/** An opening that lets `target` traffic in from outside and has no valid justification. */
export interface UnapprovedOpening {
  readonly opening: Opening;
  readonly exposures: readonly Exposure[];
  /** All that the exposures let in, together. */
  readonly exposed: Traffic;
  readonly approval: Exclude<Approval, { state: "approved" }>;
  readonly certainty: Certainty;
}

export function unapprovedOpenings(
  openings: readonly Opening[],
  target: Traffic,
  trust: Trust,
  approvals: ApprovalSettings,
  blocked: Traffic = Traffic.NONE,
): UnapprovedOpening[] {
  return openings.flatMap((opening) => {
    const exposures = exposuresOf(opening.rule, target, trust, blocked);
    if (exposures.length === 0) return [];
    const approval = approvalFor(opening.subjects, approvals);
    if (approval.state === "approved") return [];
    const certain = approval.state === "missing" && exposures.some((e) => certaintyOf(e.doubts) === "definite");
    const exposed = exposures.reduce((acc, e) => acc.union(e.traffic), Traffic.NONE);
    return [{ opening, exposures, exposed, approval, certainty: certain ? "definite" : "unverified" }];
  });
}
