import { IntervalSet } from "./intervals";
import { ALL_PORTS, ALL_PROTOCOLS } from "./traffic";

/**
 * The one rule model. Every resource shape (inline ingress, standalone rules, ...) becomes
 * InboundRules at the edge; everything after that reads only these types.
 */

/** Why a field could not be read exactly. Both kinds widen the field to "everything". */
export interface Doubt {
  readonly kind: "unknown" | "malformed";
  /** The field as a reviewer knows it, e.g. "ingress[2].fromPort". */
  readonly field: string;
  readonly detail: string;
}

export interface Origin {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Which rule of the resource, e.g. "ingress[2]"; "rule" for a resource that is one rule. */
  readonly rule: string;
  /**
   * What names the rule across changes, where the resource gives rules names (an NSG rule's name):
   * inserting a rule must not make every later one look changed.
   */
  readonly identity?: string;
  /** A default rule the cloud puts in every list (Azure's AllowVnetInBound): it cannot be edited, only overridden by a rule before it. */
  readonly builtIn?: boolean;
}

export interface ProtocolMatch {
  /** How the rule spells it, normalised: "tcp", "udp", "all", "protocol 47", "any (unreadable)". */
  readonly label: string;
  readonly numbers: IntervalSet;
  /** AWS ignores the port range of this protocol (it is not TCP or UDP). */
  readonly portless: boolean;
}

export type Source =
  | { readonly kind: "cidr"; readonly text: string; readonly addresses: IntervalSet }
  /** id null: not known until the prefix list exists. */
  | { readonly kind: "prefix-list"; readonly id: string | null; readonly doubt?: Doubt }
  /** id null: not known until the group exists. */
  | { readonly kind: "security-group"; readonly id: string | null; readonly doubt?: Doubt }
  | { readonly kind: "self" }
  /** Hosts inside the network named by what they are, not by address (Azure's VirtualNetwork tag, an application security group, GCP source tags). */
  | { readonly kind: "internal"; readonly text: string }
  /** A source that could not be read; it stands for any address. */
  | { readonly kind: "unresolved"; readonly text: string; readonly doubt: Doubt };

export interface InboundRule {
  readonly origin: Origin;
  readonly protocol: ProtocolMatch;
  readonly ports: IntervalSet;
  readonly sources: readonly Source[];
  /** Doubts about protocol and ports; doubts about a source live on the source. */
  readonly doubts: readonly Doubt[];
}

export const TCP = 6;
export const UDP = 17;
/** The third protocol with ports: GCP and Suricata match it by port as they do TCP and UDP. */
export const SCTP = 132;
/** The protocol sets readers name most: what a balancer or a firewall rule carries as TCP, UDP or both. */
export const TCP_ONLY = IntervalSet.range(TCP, TCP);
export const UDP_ONLY = IntervalSet.range(UDP, UDP);
export const TCP_AND_UDP = TCP_ONLY.union(UDP_ONLY);

const PROTOCOL_NAMES: Record<string, number> = { tcp: TCP, udp: UDP, icmp: 1, icmpv6: 58 };

export const ANY_PROTOCOL: ProtocolMatch = { label: "all", numbers: ALL_PROTOCOLS, portless: true };

/**
 * AWS protocol semantics: "-1"/"all" is every protocol and port; tcp/udp honour the port range;
 * any other protocol (icmp, 47, ...) is matched on all its traffic, ports do not apply. Names are
 * case-insensitive; anything else is unreadable.
 */
export function parseProtocol(value: unknown): ProtocolMatch | undefined {
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  if (lower === "-1" || lower === "all") return ANY_PROTOCOL;
  const number = Object.hasOwn(PROTOCOL_NAMES, lower) ? PROTOCOL_NAMES[lower] : /^(0|[1-9]\d{0,2})$/.test(lower) ? Number(lower) : NaN;
  if (!(number >= 0 && number <= 255)) return undefined;
  const label = number === TCP ? "tcp" : number === UDP ? "udp" : Object.hasOwn(PROTOCOL_NAMES, lower) ? lower : `protocol ${number}`;
  return { label, numbers: IntervalSet.range(number, number), portless: number !== TCP && number !== UDP };
}

/** A port as AWS takes it: a whole number 0-65535. */
export function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 65535;
}

export { ALL_PORTS };
