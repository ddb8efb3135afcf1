import type { Block } from "../model/filters";
import type { Doubt } from "../model/rule";
import { ALL_PORTS, ALL_PROTOCOLS, Traffic } from "../model/traffic";
import type { GroupPaths, HostPath, Opening, Reachability, Reachable } from "../network/paths";
import { approvalFor, type Approval, type ApprovalSettings } from "./approval";
import { certaintyOf, exposuresOf, type Certainty, type Exposure, type Trust } from "./exposure";

/** What upstream filters stopped on the way to one host. */
export interface HostBlock extends Block {
  readonly host: string;
}

/** A filter that would have stopped traffic, had the internet's traffic to the host passed it. */
export interface Bypassed {
  readonly by: string;
  readonly host: string;
  readonly traffic: Traffic;
  readonly why: string;
}

/** One opening measured against a target (protected or watched ports). */
export interface Assessment {
  readonly opening: Opening;
  /** What still gets in after network ACLs and firewalls, source by source. */
  readonly exposures: readonly Exposure[];
  readonly exposed: Traffic;
  /** What network ACLs and firewalls stopped. */
  readonly blocks: readonly HostBlock[];
  /** Filters that would have stopped some of it but are not on the path. */
  readonly bypassed: readonly Bypassed[];
  /** Why something upstream earned no credit. */
  readonly notes: readonly string[];
  /** Advisory remarks on filters that did stop something (asymmetric routing, another zone). */
  readonly cautions: readonly string[];
  /** Whether a host the opening exposes is reachable from the internet now, and by which path. */
  readonly reachability: Reachability;
  readonly approval: Approval;
  readonly certainty: Certainty;
}

interface Passage {
  remaining: Traffic;
  readonly blocks: HostBlock[];
  readonly bypassed: Bypassed[];
  readonly notes: string[];
  readonly cautions: string[];
  readonly doubts: Doubt[];
  /** Some path lets traffic in with nothing in doubt: the other paths' doubts cannot make it unsure. */
  surely: boolean;
  readonly reaching: HostPath[];
}

const fromSources = (sources: Parameters<typeof Traffic.box>[2]) => Traffic.box(ALL_PROTOCOLS, ALL_PORTS, sources);

/** Sends the traffic the path carries through its hops in order; traffic from sources a hop does not see goes around it. */
function alongPath(offered: Traffic, path: HostPath, passage: Passage): void {
  const traffic = path.carries ? offered.intersect(path.carries) : offered;
  if (traffic.isEmpty()) return;
  let reaching = traffic;
  const doubts = [...path.doubts];
  for (const bypass of path.bypassed) {
    const result = bypass.layer.apply(traffic.intersect(fromSources(bypass.sources)));
    const stopped = result.blocks.reduce((acc, b) => acc.union(b.traffic), Traffic.NONE);
    if (!stopped.isEmpty()) passage.bypassed.push({ by: bypass.layer.name, host: path.host, traffic: stopped, why: bypass.why });
  }
  for (const hop of path.hops) {
    if (hop.layer.doubts.length > 0) {
      doubts.push(...hop.layer.doubts);
      continue;
    }
    const seen = hop.sources ? reaching.intersect(fromSources(hop.sources)) : reaching;
    const result = hop.layer.apply(seen);
    passage.blocks.push(...result.blocks.map((b) => ({ ...b, host: path.host })));
    if (result.blocks.length > 0) passage.cautions.push(...hop.cautions);
    passage.notes.push(...result.notes);
    doubts.push(...result.doubts);
    reaching = result.passed.union(reaching.subtract(seen));
  }
  passage.notes.push(...path.notes);
  if (!reaching.isEmpty()) {
    passage.surely ||= doubts.length === 0;
    passage.doubts.push(...doubts);
    passage.reaching.push(path);
  }
  passage.remaining = passage.remaining.union(reaching);
}

/** Sends traffic down every path to a host of the group; what reaches any host remains. */
function throughPaths(traffic: Traffic, paths: GroupPaths | undefined): Passage {
  const passage: Passage = { remaining: Traffic.NONE, blocks: [], bypassed: [], notes: [], cautions: [], doubts: [], surely: false, reaching: [] };
  if (!paths || paths.paths.length === 0) return { ...passage, remaining: traffic, notes: paths?.missing ? [paths.missing] : [] };
  for (const path of paths.paths) alongPath(traffic, path, passage);
  return passage;
}

const RANK: Record<Reachable, number> = { yes: 0, unknown: 1, no: 2 };

/** The most reachable of the paths the exposure takes: one reachable host is enough. */
function reachabilityOf(paths: readonly HostPath[], opening: Opening): Reachability {
  const best = [...paths].sort((a, b) => RANK[a.reachability.state] - RANK[b.reachability.state])[0];
  if (best) return { ...best.reachability, how: `${best.host}: ${best.reachability.how}` };
  const why = opening.unlinked ?? opening.paths?.missing ?? "no host in this stack uses the rule's group, so its path cannot be followed";
  return { state: "unknown", how: why, path: [] };
}

export function assessOpenings(openings: readonly Opening[], target: Traffic, trust: Trust, approvals: ApprovalSettings): Assessment[] {
  return openings.flatMap((opening) => {
    const raw = exposuresOf(opening.rule, target, trust);
    if (raw.length === 0) return [];
    const passages = raw.map((e) => throughPaths(e.traffic, opening.paths));
    const exposures = raw.flatMap((e, i) => (passages[i].remaining.isEmpty() ? [] : [{ ...e, traffic: passages[i].remaining, doubts: [...e.doubts, ...(passages[i].surely ? [] : passages[i].doubts)] }]));
    const reaching = [...new Set(passages.flatMap((p) => p.reaching))];
    const approval = approvalFor(opening.subjects, approvals);
    const certain = approval.state === "missing" && exposures.some((e) => certaintyOf(e.doubts) === "definite");
    return [
      {
        opening,
        exposures,
        exposed: exposures.reduce((acc, e) => acc.union(e.traffic), Traffic.NONE),
        blocks: passages.flatMap((p) => p.blocks),
        bypassed: passages.flatMap((p) => p.bypassed),
        notes: [...new Set(passages.flatMap((p) => p.notes))],
        cautions: [...new Set(passages.flatMap((p) => p.cautions))],
        reachability: reachabilityOf(reaching, opening),
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
