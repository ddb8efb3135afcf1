import { once } from "../cached";
import type { Layer } from "../model/filters";
import type { IntervalSet } from "../model/intervals";
import type { Subject } from "../model/justification";
import type { Doubt, InboundRule } from "../model/rule";
import type { Traffic } from "../model/traffic";

/**
 * The cloud-neutral ingress-path model: for every host, the filters on the internet's way to it,
 * in order, with the evidence for each hop. Per-cloud path builders produce it; the verdict code
 * judges it and knows no resource type.
 */

/** A filter the internet's traffic passes on its way to the host. */
export interface Hop {
  readonly layer: Layer;
  /** Source addresses routed through it (a firewall may see IPv4 only); undefined: every source. */
  readonly sources?: IntervalSet;
  /** Why it is on the path, e.g. the edge route that sends the subnet to it. */
  readonly evidence: string;
  /** Advisory remarks on how well it holds (asymmetric routing, another zone's endpoint). */
  readonly cautions: readonly string[];
  /** It stands between the path's forwarder and the host, so it sees the forwarder's address for the clients that replaces. */
  readonly behindForwarder?: boolean;
}

/** A filter in the network that the internet's traffic to the host goes around. */
export interface Bypass {
  readonly layer: Layer;
  /** Source addresses that go around it. */
  readonly sources: IntervalSet;
  /** What is missing for it to be on the path. */
  readonly why: string;
}

export type Reachable = "yes" | "no" | "unknown";

/** Whether the host can be reached from the internet as the stack stands. */
export interface Reachability {
  readonly state: Reachable;
  /** The route and address that make it so, or what is missing. */
  readonly how: string;
  /** The resources the internet's traffic crosses, in order, from the gateway to the host (URNs). */
  readonly path: readonly string[];
}

/**
 * What a path's forwarder (a load balancer) shows the host's rules. Where it replaces the client's
 * address with its own, the host's rules judge that address: a rule whose source holds it lets in
 * every client replaced, one that admits only internet addresses none of them. A rule naming one of
 * its security groups lets in every client it forwards, replaced or not (NLB user guide,
 * "security groups": targets accept its traffic even with client IP preservation).
 */
export interface Forwarder {
  /** For messages: `load balancer "edge-alb"`. */
  readonly by: string;
  /** The clients whose address it replaces with its own (a network balancer may keep some, or all). */
  readonly clients: IntervalSet;
  /** The private addresses it connects from; undefined where the stack does not show them, so any address may be one. */
  readonly addresses?: IntervalSet;
  /** The ids of its security groups; undefined where they cannot be read, so any group may be one. */
  readonly groups?: ReadonlySet<string>;
  /** Whether the group the judged rule belongs to is one of them (a rule admitting its own group). */
  readonly ownGroup: "yes" | "no" | "unknown";
  /** It may hand on the client's own address after all (not known until the update): the rule is judged on both. */
  readonly mayKeep?: boolean;
  /** Values unknown at preview that leave its addresses or groups open. */
  readonly doubts: readonly Doubt[];
}

/**
 * One way the internet's traffic reaches a host. A host has its direct path, and one more for each
 * load balancer that forwards to it: the balancer forwards only its listeners' traffic, and other
 * filters may stand on its way.
 */
export interface HostPath {
  readonly host: string;
  /**
   * The traffic that takes this path, as the host receives it (protocol, the host's port, source);
   * undefined: all of it. A load balancer's path carries what its listeners forward.
   */
  readonly carries?: Traffic;
  /** The load balancer this path runs through, as the host's rules see it; undefined: the host sees the client itself. */
  readonly forwarder?: Forwarder;
  /** Internet first, host last. */
  readonly hops: readonly Hop[];
  readonly bypassed: readonly Bypass[];
  /** Links unknown at preview; what they would decide earns no credit until the update. */
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
  readonly reachability: Reachability;
  /** Every resource the path was read from, so a review can name what changed it (URNs). */
  readonly resources: readonly string[];
}

export interface GroupPaths {
  readonly paths: readonly HostPath[];
  /** Why no path could be followed, when there is none. */
  readonly missing?: string;
}

/** An inbound rule with the resources whose justification may cover it and the paths to its hosts. */
export interface Opening {
  readonly rule: InboundRule;
  readonly subjects: readonly Subject[];
  /** Why no group was consulted for a standalone rule, when its group could not be found. */
  readonly unlinked?: string;
  readonly paths?: GroupPaths;
  /**
   * Some path to its hosts may run through a forwarder, so a rule admitting no internet address
   * (the forwarder's address or group) may still let the internet in: its paths must be read.
   */
  readonly forwarded?: boolean;
}

/**
 * An opening whose paths are built when first read, then kept. The verdict reads them only where
 * the opening's rule meets the ports it judges, and most rules do not (SIP, STUN, management):
 * building every rule's paths up front was a third of judging a large Google Cloud stack.
 */
export class OpeningWithPaths implements Opening {
  readonly #paths: () => GroupPaths | undefined;

  constructor(
    readonly rule: InboundRule,
    readonly subjects: readonly Subject[],
    build: () => GroupPaths | undefined,
    readonly forwarded = false,
  ) {
    this.#paths = once(build);
  }

  get paths(): GroupPaths | undefined {
    return this.#paths();
  }
}
