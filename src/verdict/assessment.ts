import { once } from "../cached";
import { ALL_ADDRESSES } from "../model/addresses";
import type { Block, LayerResult } from "../model/filters";
import type { Doubt } from "../model/rule";
import { ALL_PORTS, ALL_PROTOCOLS, Traffic } from "../model/traffic";
import type { GroupPaths, Hop, HostPath, Opening, Reachability, Reachable, Forwarder } from "../network/paths";
import { approvalFor, type Approval, type ApprovalSettings } from "./approval";
import { admitsForwarder, certaintyOf, fromEveryClient, sourceOffers, type Certainty, type Exposure, type SourceOffer, type Trust } from "./exposure";

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
  /** Forwarders whose address the source holds, on paths where that let in clients it does not admit itself. */
  readonly forwarders: string[];
  /** Some path took some of the traffic, whether or not it reached the host. */
  entered: boolean;
}

/** One source's traffic as a path offers it, and what that rests on where a forwarder replaces the client's address. */
interface Offered {
  readonly traffic: Traffic;
  readonly doubts: readonly Doubt[];
  /** The forwarder whose address the source holds, and the clients that lets in beyond those the source admits itself. */
  readonly forwarder?: { readonly by: string; readonly adds: Traffic };
}

const fromSources = (sources: Parameters<typeof Traffic.box>[2]) => Traffic.box(ALL_PROTOCOLS, ALL_PORTS, sources);

/**
 * What of a source's traffic a path offers its host: what the source admits of the internet, and,
 * where it holds the address or group of the path's forwarder, every client that lets in.
 */
function offeredOn(path: HostPath, offer: SourceOffer, everyClient: () => Traffic): Offered {
  const forwarder = path.forwarder;
  if (!forwarder) return { traffic: offer.direct, doubts: [] };
  const replaced = fromSources(forwarder.clients);
  const kept = forwarder.mayKeep ? offer.direct : offer.direct.subtract(replaced);
  const { admits, doubts } = admitsForwarder(offer.source, forwarder);
  if (admits === "none") return { traffic: kept, doubts: [] };
  const forwarded = admits === "every" ? everyClient() : everyClient().intersect(replaced);
  // Where it may keep the client's address, what the source holds of the forwarder hangs on that too.
  return { traffic: kept.union(forwarded), doubts: forwarder.mayKeep ? [...doubts, ...forwarder.doubts] : doubts, forwarder: { by: forwarder.by, adds: forwarded.subtract(offer.direct) } };
}

/** The same packets (protocol and port) from every source: what one address getting through lets in, for every client behind a forwarder. */
const fromAnySource = (traffic: Traffic) => traffic.boxes.reduce((acc, b) => acc.union(Traffic.box(b.protocols, b.ports, ALL_ADDRESSES)), Traffic.NONE);

/**
 * A hop behind a forwarder judges the forwarder's address, not the client's: a packet gets through
 * for every client where it gets through from one of the forwarder's addresses, and is stopped for
 * every client only where it is stopped from all of them. Where those addresses are unknown nothing
 * there is credited.
 */
function throughAsForwarder(hop: Hop, forwarded: Traffic, forwarder: Forwarder): LayerResult {
  if (!forwarder.addresses) return { passed: forwarded, blocks: [], notes: [], doubts: forwarder.doubts };
  const asIt = hop.layer.apply(forwarded.boxes.reduce((acc, b) => acc.union(Traffic.box(b.protocols, b.ports, forwarder.addresses!)), Traffic.NONE));
  // A forwarder that may keep the client's address after all is stopped only where both are.
  const asClient = forwarder.mayKeep ? hop.layer.apply(forwarded) : undefined;
  const passed = forwarded.intersect(fromAnySource(asIt.passed)).union(asClient?.passed ?? Traffic.NONE);
  const blocks = [...asIt.blocks.map((b) => ({ ...b, traffic: forwarded.intersect(fromAnySource(b.traffic)) })), ...(asClient?.blocks ?? [])]
    .map((b) => ({ ...b, traffic: b.traffic.subtract(passed) }))
    .filter((b) => !b.traffic.isEmpty());
  return { passed, blocks, notes: [...asIt.notes, ...(asClient?.notes ?? [])], doubts: [...asIt.doubts, ...(asClient?.doubts ?? [])] };
}

/** One hop's verdict on what reaches it; behind a forwarder, the clients it replaces are judged as its address. */
function throughHop(hop: Hop, path: HostPath, seen: Traffic): LayerResult {
  const forwarder = hop.behindForwarder ? path.forwarder : undefined;
  const forwarded = forwarder ? seen.intersect(fromSources(forwarder.clients)) : Traffic.NONE;
  const own = hop.layer.apply(seen.subtract(forwarded));
  if (forwarded.isEmpty()) return own;
  const asForwarder = throughAsForwarder(hop, forwarded, forwarder!);
  return { passed: own.passed.union(asForwarder.passed), blocks: [...own.blocks, ...asForwarder.blocks], notes: [...own.notes, ...asForwarder.notes], doubts: [...own.doubts, ...asForwarder.doubts] };
}

/** Sends the traffic the path carries through its hops in order; traffic from sources a hop does not see goes around it. */
function alongPath(offered: Offered, path: HostPath, passage: Passage): void {
  const traffic = path.carries ? offered.traffic.intersect(path.carries) : offered.traffic;
  if (traffic.isEmpty()) return;
  passage.entered = true;
  let reaching = traffic;
  const doubts = [...path.doubts, ...offered.doubts];
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
    const result = throughHop(hop, path, seen);
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
    // Named where it lets in clients the source itself does not admit.
    if (offered.forwarder && !reaching.intersect(offered.forwarder.adds).isEmpty()) passage.forwarders.push(offered.forwarder.by);
  }
  passage.remaining = passage.remaining.union(reaching);
}

/** Sends a source's traffic down every path to a host of the group; what reaches any host remains. */
function throughPaths(offer: SourceOffer, paths: GroupPaths | undefined, everyClient: () => Traffic): Passage {
  const passage: Passage = { remaining: Traffic.NONE, blocks: [], bypassed: [], notes: [], cautions: [], doubts: [], surely: false, reaching: [], forwarders: [], entered: false };
  if (!paths || paths.paths.length === 0) return { ...passage, remaining: offer.direct, notes: paths?.missing ? [paths.missing] : [] };
  for (const path of paths.paths) alongPath(offeredOn(path, offer, everyClient), path, passage);
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
    // A source that admits no internet address matters only where a forwarder may replace the client's.
    const offers = sourceOffers(opening.rule, target, trust).filter((o) => opening.forwarded || !o.direct.isEmpty());
    if (offers.length === 0) return [];
    const everyClient = once(() => fromEveryClient(opening.rule, target, trust));
    const passages = offers.map((o) => throughPaths(o, opening.paths, everyClient));
    const exposures = offers.flatMap((o, i): Exposure[] => {
      const passage = passages[i];
      if (passage.remaining.isEmpty()) return [];
      const through = passage.forwarders.length > 0 ? { through: [...new Set(passage.forwarders)] } : {};
      return [{ rule: opening.rule, source: o.source, traffic: passage.remaining, doubts: [...o.doubts, ...(passage.surely ? [] : passage.doubts)], ...through }];
    });
    // A rule the internet reaches only through a forwarder whose address it does not hold is no opening.
    if (offers.every((o) => o.direct.isEmpty()) && !passages.some((p) => p.entered)) return [];
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
