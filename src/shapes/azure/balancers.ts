import { IntervalSet } from "../../model/intervals";
import { isPort, TCP_AND_UDP, TCP_ONLY, UDP_ONLY } from "../../model/rule";
import { ALL_PORTS } from "../../model/traffic";
import { describe, isUnknown, reveal } from "../../model/values";
import { field, isUnset, type Field } from "../fields";
import { listOf, own, type ResourceView } from "../resource";
import { identityOf, linkAt, parentRef, type BalancerLink, type BalancerPart, type Link, type NameRef } from "./links";
import { CLASSIC, NATIVE } from "./types";

/**
 * Azure Load Balancer as its resources write it, in both providers. A balancer is pass-through at
 * layer 4: its load-balancing rules, inbound NAT rules and NAT pools forward a frontend's port to a
 * backend port of the hosts in a backend pool (or of one IP configuration), keeping the client's
 * address. azure-native writes the rules, pools and frontends inside the LoadBalancer (NAT rules and
 * pools also stand alone); the classic provider writes each as a resource naming its balancer.
 */

/** How a part names its balancer: it is inside it, by id (classic), or by name within a resource group (azure-native). */
export type BalancerRef = { readonly kind: "inside"; readonly view: ResourceView } | { readonly kind: "link"; readonly link: Link } | { readonly kind: "name"; readonly ref: NameRef };

/** A frontend IP configuration: public where it names a public IP (or prefix), else internal. */
export interface FrontendShape {
  readonly name?: string;
  readonly id: unknown;
  /** An internal frontend's private address (what a firewall's DNAT rule may forward to). */
  readonly privateIp: unknown;
  readonly publicIp?: Link;
  readonly publicPrefix?: Link;
}

/** A backend pool, and the addresses it holds by IP rather than by the hosts' IP configurations. */
export interface PoolShape {
  readonly view: ResourceView;
  readonly name?: string;
  readonly id: unknown;
  readonly balancer: BalancerRef;
  readonly addresses: readonly unknown[];
}

/** How a forwarding rule names its frontend: by id (azure-native), by name (classic). */
export type FrontendRef = { readonly kind: "link"; readonly link: Link } | { readonly kind: "name"; readonly name: unknown; readonly path: string };

export type ForwardPart = "load-balancing rule" | Exclude<BalancerPart, "backend pool">;

/** A load-balancing rule, inbound NAT rule or NAT pool: what it forwards and to which port of the host. */
export interface ForwardShape {
  readonly view: ResourceView;
  readonly part: ForwardPart;
  readonly name?: string;
  readonly id: unknown;
  /** `load-balancing rule "web" of LoadBalancer "edge-lb"`-style label, without the balancer. */
  readonly label: string;
  readonly balancer: BalancerRef;
  /** Undefined where the rule names none (an inline rule then uses the balancer's only frontend). */
  readonly frontend?: FrontendRef;
  /** The backend pools it forwards to (a NAT rule with a pool maps a port range onto them). */
  readonly pools: readonly Link[];
  /** TCP, UDP or both; "All" is both (HA ports: "all TCP and UDP flows, regardless of port number"). */
  readonly protocols: IntervalSet;
  readonly protocolText: string;
  /** The ports the host receives on: backendPort, every port for 0 ("Any Port"). */
  readonly hostPorts: IntervalSet;
  readonly hostPortText: string;
  /** The frontend ports it takes traffic on (every port for 0, or where they cannot be read). */
  readonly frontendPorts: IntervalSet;
  readonly frontendPortText: string;
  /** What could not be read exactly, and how it was read instead (never narrower than what may be forwarded). */
  readonly readings: readonly string[];
}

const lowerText = (value: unknown) => {
  const v = reveal(value);
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
};

/** Quic runs over UDP; All is TCP and UDP on an HA-ports rule. */
const PROTOCOLS: Readonly<Record<string, IntervalSet>> = { tcp: TCP_ONLY, udp: UDP_ONLY, quic: UDP_ONLY, all: TCP_AND_UDP };

/** A balancer forwards TCP and UDP only, so a protocol that cannot be read is read as both. */
function readProtocol(f: Field, readings: string[]): { protocols: IntervalSet; text: string } {
  const lower = lowerText(f.value);
  if (lower !== undefined && Object.hasOwn(PROTOCOLS, lower)) return { protocols: PROTOCOLS[lower], text: lower === "all" ? "TCP and UDP" : lower.toUpperCase() };
  readings.push(`${f.path} ${isUnknown(f.value) ? "is not known until the update" : isUnset(f.value) ? "is not set" : `is ${describe(f.value)}, not Tcp, Udp or All`}; read as TCP and UDP`);
  return { protocols: TCP_AND_UDP, text: "TCP and UDP" };
}

/** A port as written: 0 is "Any Port" (Azure's rule docs); one that cannot be read may be any port. */
function readPort(f: Field, readings: string[]): { ports: IntervalSet; text: string } {
  const v = reveal(f.value);
  if (v === 0) return { ports: ALL_PORTS, text: "any port" };
  if (isPort(v)) return { ports: IntervalSet.range(v, v), text: String(v) };
  readings.push(`${f.path} ${isUnknown(f.value) ? "is not known until the update" : isUnset(f.value) ? "is not set" : `is ${describe(f.value)}, not a port`}; read as any port`);
  return { ports: ALL_PORTS, text: "any port" };
}

/** The frontend port, or the range a NAT rule with a pool (or a NAT pool) maps onto the hosts; one that cannot be read may be any port. */
function frontendPortsOf(item: unknown, single: string | undefined, start: string, end: string): { ports: IntervalSet; text: string } {
  const [from, to] = [reveal(own(item, start)), reveal(own(item, end))];
  if (typeof from === "number" && from > 0) return { ports: isPort(from) && isPort(to) && to >= from ? IntervalSet.range(from, to) : ALL_PORTS, text: `${from}-${String(to)}` };
  const port = single === undefined ? undefined : reveal(own(item, single));
  if (typeof port === "number") return port === 0 ? { ports: ALL_PORTS, text: "any port" } : { ports: isPort(port) ? IntervalSet.range(port, port) : ALL_PORTS, text: String(port) };
  return { ports: ALL_PORTS, text: isUnknown(port) || isUnknown(from) ? "a port unknown at preview" : "an unread port" };
}

const idOf = (object: unknown) => own(object, "id");

/** How a layout reads a rule's links; `inList` is the balancer's property holding an inline rule, the engine's key for its links. */
interface Layout {
  readonly frontend: (item: unknown, at: string, inList?: string) => FrontendRef | undefined;
  readonly pools: (item: unknown, at: string, inList?: string) => Link[];
  readonly floatingIp: string;
}

const NATIVE_LAYOUT: Layout = {
  frontend: (item, at, inList) => linkAt(inList ?? "frontendIPConfiguration", idOf(own(item, "frontendIPConfiguration")), `${at}frontendIPConfiguration.id`).map((link): FrontendRef => ({ kind: "link", link }))[0],
  pools: (item, at, inList) => [
    ...linkAt(inList ?? "backendAddressPool", idOf(own(item, "backendAddressPool")), `${at}backendAddressPool.id`),
    ...listOf(own(item, "backendAddressPools")).flatMap((p, i) => linkAt(inList ?? "backendAddressPools", idOf(p), `${at}backendAddressPools[${i}].id`)),
  ],
  floatingIp: "enableFloatingIP",
};

const CLASSIC_LAYOUT: Layout = {
  frontend: (item) => ({ kind: "name", name: own(item, "frontendIpConfigurationName"), path: "frontendIpConfigurationName" }),
  pools: (item) => [
    ...linkAt("backendAddressPoolId", own(item, "backendAddressPoolId"), "backendAddressPoolId"),
    ...listOf(own(item, "backendAddressPoolIds")).flatMap((id, i) => linkAt("backendAddressPoolIds", id, `backendAddressPoolIds[${i}]`)),
  ],
  floatingIp: "floatingIpEnabled",
};

/** Each part's frontend port field(s): a rule has one port, a NAT rule one port or a range, a NAT pool a range. */
const FRONTEND_PORTS: Readonly<Record<ForwardPart, { single?: string; start: (native: boolean) => string; end: (native: boolean) => string }>> = {
  "load-balancing rule": { single: "frontendPort", start: () => "", end: () => "" },
  "inbound NAT rule": { single: "frontendPort", start: (n) => (n ? "frontendPortRangeStart" : "frontendPortStart"), end: (n) => (n ? "frontendPortRangeEnd" : "frontendPortEnd") },
  "inbound NAT pool": { start: (n) => (n ? "frontendPortRangeStart" : "frontendPortStart"), end: (n) => (n ? "frontendPortRangeEnd" : "frontendPortEnd") },
};

function readForward(view: ResourceView, part: ForwardPart, item: unknown, balancer: BalancerRef, native: boolean, inList?: { key: string; index: number }): ForwardShape {
  const at = inList ? `${inList.key}[${inList.index}].` : "";
  const layout = native ? NATIVE_LAYOUT : CLASSIC_LAYOUT;
  const readings: string[] = [];
  const protocol = readProtocol(field(item, "protocol", at), readings);
  const port = readPort(field(item, "backendPort", at), readings);
  const name = lowerText(own(item, "name"));
  const ports = FRONTEND_PORTS[part];
  const frontend = frontendPortsOf(item, ports.single, ports.start(native), ports.end(native));
  const floating = reveal(own(item, layout.floatingIp)) === true ? " (floating IP)" : "";
  const written = reveal(own(item, "name"));
  const shown = typeof written === "string" && written !== "" ? `"${written}"` : at.replace(/\.$/, "") || `"${view.name}"`;
  return {
    view,
    part,
    name,
    id: own(item, "id"),
    label: `${part} ${shown}${floating}`,
    balancer,
    frontend: layout.frontend(item, at, inList?.key),
    pools: layout.pools(item, at, inList?.key),
    protocols: protocol.protocols,
    protocolText: protocol.text,
    hostPorts: port.ports,
    hostPortText: port.text,
    frontendPorts: frontend.ports,
    frontendPortText: frontend.text,
    readings,
  };
}

/** The classic provider's standalone parts name their balancer by id. */
const classicBalancer = (view: ResourceView): BalancerRef => ({ kind: "link", link: { key: "loadbalancerId", value: own(view.props, "loadbalancerId"), path: "loadbalancerId" } });
const nativeBalancer = (view: ResourceView): BalancerRef => ({ kind: "name", ref: parentRef(view, "loadBalancerName", "loadBalancers") });

/** The inline lists of an azure-native LoadBalancer that forward traffic. */
const NATIVE_FORWARDS: readonly (readonly [string, ForwardPart])[] = [
  ["loadBalancingRules", "load-balancing rule"],
  ["inboundNatRules", "inbound NAT rule"],
  ["inboundNatPools", "inbound NAT pool"],
];

const CLASSIC_FORWARDS: Readonly<Record<string, ForwardPart>> = { [CLASSIC.lbRule]: "load-balancing rule", [CLASSIC.natRule]: "inbound NAT rule", [CLASSIC.natPool]: "inbound NAT pool" };

/** The forwarding rules a resource carries: a LoadBalancer's inline ones, or the one a standalone rule resource is. */
export function balancerForwards(view: ResourceView): ForwardShape[] {
  if (view.type === NATIVE.loadBalancer) {
    const inside: BalancerRef = { kind: "inside", view };
    return NATIVE_FORWARDS.flatMap(([key, part]) => listOf(own(view.props, key)).map((item, i) => readForward(view, part, item, inside, true, { key, index: i })));
  }
  if (view.type === NATIVE.natRule) return [readForward(view, "inbound NAT rule", view.props, nativeBalancer(view), true)];
  const part = Object.hasOwn(CLASSIC_FORWARDS, view.type) ? CLASSIC_FORWARDS[view.type] : undefined;
  return part ? [readForward(view, part, view.props, classicBalancer(view), false)] : [];
}

/** The backend pools a resource declares: a LoadBalancer's inline ones, or the pool resource itself. */
export function balancerPools(view: ResourceView): PoolShape[] {
  const addressesOf = (pool: unknown) => listOf(own(pool, "loadBalancerBackendAddresses")).map((a) => own(a, "ipAddress"));
  if (view.type === NATIVE.loadBalancer) {
    return listOf(own(view.props, "backendAddressPools")).map((p) => ({ view, name: lowerText(own(p, "name")), id: own(p, "id"), balancer: { kind: "inside", view }, addresses: addressesOf(p) }));
  }
  const name = lowerText(own(view.props, "name")) ?? lowerText(own(view.props, "backendAddressPoolName"));
  if (view.type === NATIVE.backendPool) return [{ view, name, id: own(view.props, "id"), balancer: nativeBalancer(view), addresses: addressesOf(view.props) }];
  if (view.type === CLASSIC.backendPool) return [{ view, name, id: own(view.props, "id"), balancer: classicBalancer(view), addresses: [] }];
  return [];
}

/** A classic BackendAddressPoolAddress: one address of a pool, named by the pool's id. */
export function poolAddress(view: ResourceView): { pool: Link; address: unknown } | undefined {
  if (view.type !== CLASSIC.backendPoolAddress) return undefined;
  return { pool: { key: "backendAddressPoolId", value: own(view.props, "backendAddressPoolId"), path: "backendAddressPoolId" }, address: own(view.props, "ipAddress") };
}

/** A balancer's frontends; the public IP (or prefix) they name makes them public. */
export function balancerFrontends(view: ResourceView): FrontendShape[] {
  const native = view.type === NATIVE.loadBalancer;
  const configs = listOf(own(view.props, native ? "frontendIPConfigurations" : "frontendIpConfigurations"));
  const key = native ? "frontendIPConfigurations" : "frontendIpConfigurations";
  return configs.map((c, i) => {
    const at = (rest: string) => `${key}[${i}].${rest}`;
    return {
      name: lowerText(own(c, "name")),
      id: own(c, "id"),
      privateIp: own(c, native ? "privateIPAddress" : "privateIpAddress"),
      publicIp: native ? linkAt(key, idOf(own(c, "publicIPAddress")), at("publicIPAddress.id"))[0] : linkAt(key, own(c, "publicIpAddressId"), at("publicIpAddressId"))[0],
      publicPrefix: native ? linkAt(key, idOf(own(c, "publicIPPrefix")), at("publicIPPrefix.id"))[0] : linkAt(key, own(c, "publicIpPrefixId"), at("publicIpPrefixId"))[0],
    };
  });
}

/** The address family a public IP resource gives a frontend: IPv4 unless it says IPv6; undefined when it cannot be read. */
export function publicIpFamily(view: ResourceView): "ipv4" | "ipv6" | undefined {
  const version = own(view.props, view.type === NATIVE.publicIp ? "publicIPAddressVersion" : "ipVersion");
  if (isUnset(version)) return "ipv4";
  const lower = lowerText(version);
  return lower === "ipv4" || lower === "ipv6" ? lower : undefined;
}

/** A classic association putting one IP configuration of a network interface into a backend pool or an inbound NAT rule. */
export function balancerAssociation(view: ResourceView): { nic: Link; part: BalancerLink } | undefined {
  const nic = { key: "networkInterfaceId", value: own(view.props, "networkInterfaceId"), path: "networkInterfaceId" };
  if (view.type === CLASSIC.poolAssociation) return { nic, part: { key: "backendAddressPoolId", value: own(view.props, "backendAddressPoolId"), path: "backendAddressPoolId", parts: ["backend pool"] } };
  if (view.type === CLASSIC.natRuleAssociation) return { nic, part: { key: "natRuleId", value: own(view.props, "natRuleId"), path: "natRuleId", parts: ["inbound NAT rule"] } };
  return undefined;
}

/** Name and resource group of a load balancer (see identityOf). */
export function balancerIdentity(view: ResourceView): { name?: string; resourceGroup?: string } {
  return identityOf(view, ["loadBalancerName"]);
}

/** The collection of a balancer a part sits in, in its ids: `.../loadBalancers/lb/backendAddressPools/pool`. */
export const PART_COLLECTIONS: Readonly<Record<ForwardPart | BalancerPart, string>> = {
  "backend pool": "backendaddresspools",
  "load-balancing rule": "loadbalancingrules",
  "inbound NAT rule": "inboundnatrules",
  "inbound NAT pool": "inboundnatpools",
};

/** The balancer's name, resource group and the part's name an id of a part spells; undefined for any other id. */
export function partOfId(id: unknown): { balancer: string; resourceGroup?: string; collection: string; name: string } | undefined {
  const text = lowerText(id);
  const match = text ? /(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.network\/loadbalancers\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(text) : null;
  return match ? { resourceGroup: match[1], balancer: match[2], collection: match[3], name: match[4] } : undefined;
}
