import { ALL_ADDRESSES, ALL_IPV4, ALL_IPV6, parseAddressBlock } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, TCP_ONLY } from "../../model/rule";
import { ALL_PROTOCOLS, Traffic } from "../../model/traffic";
import { describe, isUnknown, reveal } from "../../model/values";
import { field, isUnset, type Field } from "../fields";
import { listOf, own, resourceLabel, type ResourceView } from "../resource";
import { gcpProtocol, portSpan } from "./layer4";

/**
 * Load-balancing shapes: a regional forwarding rule (the frontend of an external passthrough
 * Network Load Balancer) and what it forwards to: a target pool, a target instance, or a regional
 * backend service whose backends are instance groups or zonal network endpoint groups of VMs.
 */
export const FORWARDING_RULE = "gcp:compute/forwardingRule:ForwardingRule";
export const TARGET_POOL = "gcp:compute/targetPool:TargetPool";
export const TARGET_INSTANCE = "gcp:compute/targetInstance:TargetInstance";
export const REGION_BACKEND_SERVICE = "gcp:compute/regionBackendService:RegionBackendService";
export const BACKEND_SERVICE = "gcp:compute/backendService:BackendService";
export const INSTANCE_GROUP = "gcp:compute/instanceGroup:InstanceGroup";
export const NETWORK_ENDPOINT_GROUP = "gcp:compute/networkEndpointGroup:NetworkEndpointGroup";
export const NETWORK_ENDPOINT = "gcp:compute/networkEndpoint:NetworkEndpoint";
export const NETWORK_ENDPOINT_LIST = "gcp:compute/networkEndpointList:NetworkEndpointList";
export const ENDPOINTS = [NETWORK_ENDPOINT, NETWORK_ENDPOINT_LIST];

/** external: an external passthrough Network Load Balancer; proxy: a proxy balancer (not followed); internal: no way in from the internet. */
export type Scheme = "external" | "proxy" | "internal" | "unknown";

/** What a forwarding rule forwards, in the terms of the hosts behind it. */
export interface Frontend {
  readonly scheme: Scheme;
  /** The scheme as written, for messages: `EXTERNAL`, `EXTERNAL (the default)`. */
  readonly schemeText: string;
  /** For a reviewer: `TCP 50000-59999 from IPv4`. */
  readonly forwards: string;
  readonly carries: Traffic;
  /** What could not be read and so is carried whole (every protocol, port or source of its kind). */
  readonly widened: readonly string[];
  /** Some of what it forwards is unknown until the update. */
  readonly unknown: boolean;
  readonly target: Field;
  readonly backendService: Field;
}

interface Dimension {
  readonly set: IntervalSet;
  readonly text: string;
  readonly widened?: string;
  readonly unknown?: boolean;
}

/** What cannot be known before the update is carried whole: every `what`. */
const unknownAt = (f: Field, set: IntervalSet, what: string): Dimension => ({ set, text: `every ${what}`, widened: `${f.path} is not known until the update, so every ${what} is carried`, unknown: true });

const unionOf = (sets: readonly IntervalSet[]) => sets.reduce((a, b) => a.union(b), IntervalSet.EMPTY);
const isSpan = (s: IntervalSet | undefined): s is IntervalSet => s !== undefined;

/**
 * loadBalancingScheme: EXTERNAL is the default (the provider writes it after an update); the
 * INTERNAL schemes have no internet frontend; EXTERNAL_MANAGED is a proxy (Google Front Ends
 * connect to the backends), which cls-guard does not follow.
 */
function readScheme(view: ResourceView): { scheme: Scheme; text: string } {
  const value = own(view.props, "loadBalancingScheme");
  if (isUnknown(value)) return { scheme: "unknown", text: "loadBalancingScheme unknown at preview" };
  if (isUnset(value)) return { scheme: "external", text: "EXTERNAL (the default)" };
  const text = String(reveal(value));
  if (text === "EXTERNAL") return { scheme: "external", text };
  if (text === "EXTERNAL_MANAGED") return { scheme: "proxy", text };
  if (text.startsWith("INTERNAL")) return { scheme: "internal", text };
  return { scheme: "unknown", text: `loadBalancingScheme ${describe(value)}` };
}

/** ipProtocol: unset is TCP; L3_DEFAULT forwards every protocol. */
function readProtocol(view: ResourceView): Dimension & { portless: boolean } {
  const f = field(view.props, "ipProtocol");
  if (isUnknown(f.value)) return { ...unknownAt(f, ALL_PROTOCOLS, "protocol"), portless: true };
  if (isUnset(f.value)) return { set: TCP_ONLY, text: "TCP", portless: false };
  const text = reveal(f.value);
  if (text === "L3_DEFAULT") return { set: ALL_PROTOCOLS, text: "every protocol (L3_DEFAULT)", portless: true };
  const protocol = gcpProtocol(text);
  if (protocol) return { set: protocol.numbers, text: protocol.label.toUpperCase(), portless: protocol.portless };
  return { set: ALL_PROTOCOLS, text: "every protocol", portless: true, widened: `${f.path} is ${describe(f.value)}, not a protocol a forwarding rule takes (TCP, UDP, ESP, AH, SCTP, ICMP, L3_DEFAULT), so every protocol is carried` };
}

/**
 * ports (up to five), portRange or allPorts; a rule with none of them forwards every port (a
 * target pool's rule without portRange does), and a protocol without ports forwards all of its
 * traffic.
 */
function readPorts(view: ResourceView, portless: boolean): Dimension {
  if (portless) return { set: ALL_PORTS, text: "" };
  const [all, list, range] = [field(view.props, "allPorts"), field(view.props, "ports"), field(view.props, "portRange")];
  const unknown = [all, list, range].find((f) => isUnknown(f.value) || listOf(reveal(f.value)).some(isUnknown));
  if (unknown) return unknownAt(unknown, ALL_PORTS, "port");
  if (reveal(all.value) === true) return { set: ALL_PORTS, text: "every port (allPorts)" };
  const items = listOf(reveal(list.value)).map(reveal);
  const given = items.length > 0 ? { at: (i: number) => `${list.path}[${i}]`, items } : isUnset(range.value) ? undefined : { at: () => range.path, items: [reveal(range.value)] };
  if (!given) return { set: ALL_PORTS, text: "every port (no ports, portRange or allPorts)" };
  const spans = given.items.map(portSpan);
  const bad = spans.findIndex((span) => span === undefined);
  if (bad >= 0) return { set: ALL_PORTS, text: "every port", widened: `${given.at(bad)} is ${describe(given.items[bad])}, not a port or a range ("50001", "50000-59999"), so every port is carried` };
  return { set: unionOf(spans.filter(isSpan)), text: given.items.join(", ") };
}

const IPV4: Dimension = { set: ALL_IPV4, text: "any IPv4 address" };
const IPV6: Dimension = { set: ALL_IPV6, text: "any IPv6 address" };

/** ipVersion, or else the family of ipAddress; IPv4 when neither is set (GCP's default). */
function readFamily(view: ResourceView): Dimension {
  const [version, address] = [field(view.props, "ipVersion"), field(view.props, "ipAddress")];
  const v = reveal(version.value);
  if (v === "IPV4") return IPV4;
  if (v === "IPV6") return IPV6;
  const unknown = isUnknown(version.value) ? version : isUnset(version.value) && isUnknown(address.value) ? address : undefined;
  if (unknown) return unknownAt(unknown, ALL_ADDRESSES, "source address");
  const a = reveal(address.value);
  if (typeof a === "string" && a.includes(":")) return IPV6;
  if (isUnset(version.value)) return IPV4;
  return { set: ALL_ADDRESSES, text: "any address", widened: `${version.path} is ${describe(version.value)}, not IPV4 or IPV6, so every source address is carried` };
}

const blockOf = (range: unknown): IntervalSet | undefined => {
  const text = reveal(range);
  return typeof text === "string" ? parseAddressBlock(text.trim()) : undefined;
};

/** What the family's reading and the ranges' both say could not be read. */
const alsoWidened = (family: Dimension, why: string): Dimension => ({ ...family, widened: [family.widened, why].filter(Boolean).join("; ") });

/** sourceIpRanges narrows what an EXTERNAL rule forwards to those clients; none: every client of its family. */
function readSources(view: ResourceView): Dimension {
  const family = readFamily(view);
  const f = field(view.props, "sourceIpRanges");
  const ranges = listOf(reveal(f.value));
  if (isUnknown(f.value) || ranges.some(isUnknown)) return { ...alsoWidened(family, `${f.path} is not known until the update, so every source of ${family.text} is carried`), unknown: true };
  if (ranges.length === 0) return family;
  const blocks = ranges.map(blockOf);
  const bad = blocks.findIndex((b) => b === undefined);
  if (bad >= 0) return alsoWidened(family, `${f.path}[${bad}] is ${describe(ranges[bad])}, not an address range, so every source of ${family.text} is carried`);
  return { ...family, set: family.set.intersect(unionOf(blocks.filter(isSpan))), text: `${ranges.map(reveal).join(", ")} (sourceIpRanges)` };
}

/** A regional forwarding rule as the hosts behind it receive its traffic. */
export function readFrontend(view: ResourceView): Frontend {
  const { scheme, text } = readScheme(view);
  const protocol = readProtocol(view);
  const ports = readPorts(view, protocol.portless);
  const sources = readSources(view);
  const dimensions = [protocol, ports, sources];
  return {
    scheme,
    schemeText: text,
    forwards: `${protocol.text}${ports.text ? ` ${ports.text}` : ""} from ${sources.text}`,
    carries: Traffic.box(protocol.set, ports.set, sources.set),
    widened: dimensions.flatMap((d) => (d.widened ? [`${resourceLabel(view)}: ${d.widened}`] : [])),
    unknown: dimensions.some((d) => d.unknown),
    target: field(view.props, "target"),
    backendService: field(view.props, "backendService"),
  };
}

/** The instances a target pool or an unmanaged instance group lists. */
export const listedInstances = (view: ResourceView): Field => field(view.props, "instances");
export const backupPool = (view: ResourceView): Field => field(view.props, "backupPool");
export const targetInstance = (view: ResourceView): Field => field(view.props, "instance");
/** A managed instance group adds its instances to these target pools. */
export const managerPools = (view: ResourceView): Field => field(view.props, "targetPools");

/** What a network endpoint group holds: GCE_VM_IP (a VM interface each), the only kind a passthrough balancer's backend service takes. */
export const endpointType = (view: ResourceView): Field => field(view.props, "networkEndpointType");
/** The group a NetworkEndpoint or NetworkEndpointList adds its endpoints to (by name, in its zone). */
export const endpointGroup = (view: ResourceView): Field => field(view.props, "networkEndpointGroup");

/** The instances a NetworkEndpoint or NetworkEndpointList adds (by name, in its zone); a list unknown at preview as a whole. */
export function endpointInstances(view: ResourceView): Field[] {
  if (view.type === NETWORK_ENDPOINT) return [field(view.props, "instance")];
  const list = own(view.props, "networkEndpoints");
  if (isUnknown(list)) return [field(view.props, "networkEndpoints")];
  return listOf(reveal(list)).map((e, i) => field(e, "instance", `networkEndpoints[${i}].`));
}

/** The instance groups and network endpoint groups a backend service's backends name. */
export function backendGroups(view: ResourceView): Field[] {
  return listOf(reveal(own(view.props, "backends"))).map((b, i) => field(b, "group", `backends[${i}].`));
}

/**
 * Whether a backend service belongs to a proxy balancer reachable from the internet: a global one
 * with scheme EXTERNAL (the default) or EXTERNAL_MANAGED, a regional one with EXTERNAL_MANAGED (a
 * regional one with EXTERNAL is a passthrough balancer's, followed through its forwarding rule).
 */
export function isExternalProxyService(view: ResourceView): boolean {
  const scheme = reveal(own(view.props, "loadBalancingScheme"));
  if (view.type === BACKEND_SERVICE) return isUnset(scheme) || scheme === "EXTERNAL" || scheme === "EXTERNAL_MANAGED";
  return scheme === "EXTERNAL_MANAGED";
}
