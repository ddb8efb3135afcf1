import type { Block } from "../model/filters";
import type { Doubt, InboundRule } from "../model/rule";
import { Traffic } from "../model/traffic";
import type { GroupPaths } from "../shapes/topology";
import { approvalFor, type Approval, type ApprovalSettings, type Subject } from "./approval";
import { certaintyOf, exposuresOf, type Certainty, type Exposure, type Trust } from "./exposure";

/** An inbound rule with the resources whose justification may cover it and what stands in front of it. */
export interface Opening {
  readonly rule: InboundRule;
  readonly subjects: readonly Subject[];
  /** Why no group was consulted for a standalone rule, when its group could not be found. */
  readonly unlinked?: string;
  /** The network ACLs and firewalls in front of the hosts that use the rule's group. */
  readonly paths?: GroupPaths;
}

/** What upstream filters stopped on the way to one host. */
export interface HostBlock extends Block {
  readonly host: string;
}

/** One opening measured against a target (protected or watched ports). */
export interface Assessment {
  readonly opening: Opening;
  /** What still gets in after network ACLs and firewalls, source by source. */
  readonly exposures: readonly Exposure[];
  readonly exposed: Traffic;
  /** What network ACLs and firewalls stopped. */
  readonly blocks: readonly HostBlock[];
  /** Why something upstream earned no credit. */
  readonly notes: readonly string[];
  readonly approval: Approval;
  readonly certainty: Certainty;
}

interface Passage {
  remaining: Traffic;
  readonly blocks: HostBlock[];
  readonly notes: string[];
  readonly doubts: Doubt[];
}

/** Sends traffic down every path to a host of the group; what reaches any host remains. */
function throughPaths(traffic: Traffic, paths: GroupPaths | undefined): Passage {
  if (!paths || paths.paths.length === 0) return { remaining: traffic, blocks: [], notes: paths?.missing ? [paths.missing] : [], doubts: [] };
  const passage: Passage = { remaining: Traffic.NONE, blocks: [], notes: [], doubts: [] };
  for (const path of paths.paths) {
    let reaching = traffic;
    const doubts = [...path.doubts];
    for (const layer of path.layers) {
      if (layer.doubts.length > 0) {
        doubts.push(...layer.doubts);
        continue;
      }
      const result = layer.apply(reaching);
      passage.blocks.push(...result.blocks.map((b) => ({ ...b, host: path.host })));
      passage.notes.push(...result.notes);
      doubts.push(...result.doubts);
      reaching = result.passed;
    }
    passage.notes.push(...path.notes);
    if (!reaching.isEmpty()) passage.doubts.push(...doubts);
    passage.remaining = passage.remaining.union(reaching);
  }
  return passage;
}

export function assessOpenings(openings: readonly Opening[], target: Traffic, trust: Trust, approvals: ApprovalSettings): Assessment[] {
  return openings.flatMap((opening) => {
    const raw = exposuresOf(opening.rule, target, trust);
    if (raw.length === 0) return [];
    const passages = raw.map((e) => throughPaths(e.traffic, opening.paths));
    const exposures = raw.flatMap((e, i) => (passages[i].remaining.isEmpty() ? [] : [{ ...e, traffic: passages[i].remaining, doubts: [...e.doubts, ...passages[i].doubts] }]));
    const approval = approvalFor(opening.subjects, approvals);
    const certain = approval.state === "missing" && exposures.some((e) => certaintyOf(e.doubts) === "definite");
    return [
      {
        opening,
        exposures,
        exposed: exposures.reduce((acc, e) => acc.union(e.traffic), Traffic.NONE),
        blocks: passages.flatMap((p) => p.blocks),
        notes: [...new Set(passages.flatMap((p) => p.notes))],
        approval,
        certainty: certain ? "definite" : "unverified",
      },
    ];
  });
}

/** The assessments that still let traffic in without a valid justification. */
export function unapproved(assessments: readonly Assessment[]): Assessment[] {
  return assessments.filter((a) => a.exposures.length > 0 && a.approval.state !== "approved");
}
