import { FAMILY_NAME, type Family } from "../../model/addresses";
import { isUnknown, reveal } from "../../model/values";
import { FIREWALL } from "../../shapes/aws/networkFirewall";
import { EIP, INTERNET_GATEWAY } from "../../shapes/aws/routes";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Reachability } from "../paths";
import { isUnset } from "../../shapes/fields";
import { LAUNCH_TEMPLATE, NETWORK_INTERFACE, type Host } from "./hosts";
import { type Routing } from "./routing";
import { type StackIndex } from "../stackIndex";

type Answer = "yes" | "no" | "unknown";

function truth(value: unknown): Answer {
  if (isUnknown(value)) return "unknown";
  const v = reveal(value);
  return v === true || v === "true" ? "yes" : "no";
}

function some(...answers: Answer[]): Answer {
  return answers.includes("yes") ? "yes" : answers.includes("unknown") ? "unknown" : "no";
}

function nonEmpty(value: unknown): Answer {
  if (isUnknown(value)) return "unknown";
  const v = reveal(value);
  if (typeof v === "number") return v > 0 ? "yes" : "no";
  return (typeof v === "string" && v !== "") || (Array.isArray(v) && v.length > 0) ? "yes" : "no";
}

/** Where a host's address settings live: the instance or interface, an auto-scaling group's template interface or its launch configuration. */
function addressSettings(host: Host): unknown {
  if (!host.template) return host.view?.props;
  return host.template.type === LAUNCH_TEMPLATE ? listOf(own(host.template.props, "networkInterfaces"))[0] : host.template.props;
}

/** Whether the host has a public address of the family: its own setting, an Elastic IP, or its subnet's default. */
function publicAddress(index: StackIndex, host: Host, subnet: ResourceView, family: Family): Answer {
  const settings = addressSettings(host);
  if (family === "ipv6") return some(nonEmpty(own(settings, "ipv6AddressCount")), nonEmpty(own(settings, "ipv6Addresses")), nonEmpty(own(settings, "ipv6AddressLists")), truth(own(subnet.props, "assignIpv6AddressOnCreation")));
  const eips = host.view ? index.referring("eip->host", [EIP], host.view, (e) => [...index.targets(e, "instance"), ...index.targets(e, "networkInterface")]) : [];
  const own4 = own(settings, "associatePublicIpAddress");
  // An explicit setting wins over the subnet's default; a standalone interface gets no address by default.
  const assigned = isUnset(own4) ? (host.view?.type === NETWORK_INTERFACE ? "no" : truth(own(subnet.props, "mapPublicIpOnLaunch"))) : truth(own4);
  return some(eips.length > 0 ? "yes" : "no", nonEmpty(own(host.view?.props, "publicIp")), assigned);
}

/**
 * Whether the internet can reach the host now: a public address and a route from its subnet to an
 * internet gateway, directly or through a firewall endpoint whose subnet routes to the gateway.
 * Verdicts never depend on this: an address or route can be added without touching the group.
 */
export function reachabilityOf(index: StackIndex, routing: Routing, host: Host, subnet: ResourceView, vpc: ResourceView | undefined, via: readonly string[]): Reachability {
  const gateways = vpc ? routing.gatewaysOf(vpc) : [];
  const answers = (["ipv4", "ipv6"] as const).map((family) => {
    const address = publicAddress(index, host, subnet, family);
    const route = routeOut(index, routing, subnet, vpc, family, gateways);
    return { family, address, route, state: address === "yes" && route.state === "yes" ? "yes" : address === "no" || route.state === "no" ? "no" : "unknown" } as const;
  });
  const hostUrn = host.view ? [host.view.urn] : [];
  const reached = answers.find((a) => a.state === "yes");
  if (reached) {
    return { state: "yes", how: `${host.name} has a public ${FAMILY_NAME[reached.family]} address and ${reached.route.how}`, path: [...reached.route.gateway, ...via, subnet.urn, ...hostUrn] };
  }
  const open = answers.find((a) => a.state === "unknown");
  if (open) {
    const how = open.address === "unknown" ? `whether ${host.name} has a public ${FAMILY_NAME[open.family]} address is not known until the update` : open.route.how;
    return { state: "unknown", how, path: [] };
  }
  const why = answers.map((a) => (a.address === "no" ? `no public ${FAMILY_NAME[a.family]} address` : a.route.how)).filter((w, i, all) => all.indexOf(w) === i);
  return { state: "no", how: `${host.name} has ${why.join("; ")}`, path: [] };
}

/**
 * Whether the internet reaches an internet-facing balancer now: a route from one of its subnets to
 * an internet gateway in a family its frontend admits (its nodes have public addresses).
 */
export function balancerReachability(index: StackIndex, routing: Routing, what: string, subnets: readonly ResourceView[], vpc: ResourceView | undefined, families: readonly Family[], via: readonly string[], tail: readonly string[]): Reachability {
  const gateways = vpc ? routing.gatewaysOf(vpc) : [];
  const routes = families.flatMap((family) => subnets.map((subnet) => ({ subnet, route: routeOut(index, routing, subnet, vpc, family, gateways) })));
  const reached = routes.find((r) => r.route.state === "yes");
  if (reached) return { state: "yes", how: `${what}; it is internet-facing and ${reached.route.how}`, path: [...reached.route.gateway, ...via, reached.subnet.urn, ...tail] };
  const open = routes.find((r) => r.route.state === "unknown");
  if (open) return { state: "unknown", how: `${what}; it is internet-facing, but ${open.route.how}`, path: [] };
  return { state: "no", how: `${what}; it is internet-facing, but ${[...new Set(routes.map((r) => r.route.how))].join("; ")}`, path: [] };
}

interface RouteOut {
  readonly state: Answer;
  readonly how: string;
  /** The gateway the route leads to, as the path's first resource. */
  readonly gateway: string[];
}

function routeOut(index: StackIndex, routing: Routing, subnet: ResourceView, vpc: ResourceView | undefined, family: Family, gateways: readonly ResourceView[], throughEndpoint = false): RouteOut {
  const out = routing.outbound(subnet, vpc, family);
  const where = `${resourceLabel(subnet)}'s route table`;
  if (!out.table) return { state: "no", how: `no route table of ${resourceLabel(subnet)} is in this stack`, gateway: [] };
  if (out.route === "unknown") return { state: "unknown", how: `${where} has routes unknown at preview`, gateway: [] };
  const target = out.route?.target;
  const name = FAMILY_NAME[family];
  if (!target) return { state: "no", how: `${where} (${out.table.name}) has no ${name} route to the internet`, gateway: [] };
  if (target.kind === "unknown") {
    // At preview the engine's dependencies still say where the route goes.
    const igw = routing.linkedTarget(out.route!, [INTERNET_GATEWAY]);
    if (igw && gateways.includes(igw)) return { state: "yes", how: `${where} sends ${name} internet traffic to internet gateway "${igw.name}"`, gateway: [igw.urn] };
    const firewall = throughEndpoint ? undefined : routing.linkedTarget(out.route!, [FIREWALL]);
    const beyond = firewall && routing.firewallSubnets(firewall).map((s) => routeOut(index, routing, s, vpc, family, gateways, true))[0];
    if (beyond?.state === "yes") return { ...beyond, how: `${where} sends ${name} internet traffic through an endpoint of firewall "${firewall!.name}", whose subnet routes it to the internet gateway` };
    return { state: "unknown", how: `${where} sends ${name} internet traffic to a target unknown at preview`, gateway: [] };
  }
  if (target.kind === "gateway") {
    const igw = gateways.find((g) => reveal(own(g.props, "id")) === target.id);
    return igw ? { state: "yes", how: `${where} sends ${name} internet traffic to internet gateway "${igw.name}"`, gateway: [igw.urn] } : { state: "no", how: `${where} sends ${name} internet traffic to ${target.id}, not to an internet gateway of this VPC`, gateway: [] };
  }
  if (target.kind === "endpoint" && !throughEndpoint) {
    const firewallSubnet = index.withId(routing.endpointSubnet(target.id));
    const beyond = firewallSubnet ? routeOut(index, routing, firewallSubnet, vpc, family, gateways, true) : undefined;
    if (beyond?.state === "yes") return { ...beyond, how: `${where} sends ${name} internet traffic through firewall endpoint ${target.id}, whose subnet routes it to the internet gateway` };
    return { state: beyond?.state === "unknown" ? "unknown" : "no", how: `${where} sends ${name} internet traffic to endpoint ${target.id}, and no route from there to an internet gateway is in this stack`, gateway: [] };
  }
  if (target.kind === "opaque") return { state: "unknown", how: `${where} sends ${name} internet traffic to ${target.what} ${target.id}, which the stack cannot follow`, gateway: [] };
  return { state: "no", how: `${where} sends ${name} internet traffic nowhere that leads to an internet gateway`, gateway: [] };
}
