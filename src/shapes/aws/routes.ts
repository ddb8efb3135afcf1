import { parseCidr, type Family } from "../../model/addresses";
import type { IntervalSet } from "../../model/intervals";
import { display, isUnknown, reveal } from "../../model/values";
import { listOf, own, type ResourceView } from "../resource";
import { isUnset } from "../fields";

/** VPC routing shapes of the AWS provider: route tables, routes, associations, gateways, addresses. */
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
export const ROUTE = "aws:ec2/route:Route";
export const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const MAIN_ROUTE_TABLE_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";
export const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
export const INTERNET_GATEWAY_ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
export const EIP = "aws:ec2/eip:Eip";

/** Where a route sends traffic. `key` is the property that names the target, for its dependencies. */
export type RouteTarget =
  | { readonly kind: "local" }
  | { readonly kind: "gateway" | "endpoint"; readonly id: string; readonly key: string }
  /** A next hop whose filtering the stack does not show: an appliance, a transit gateway, a peering... */
  | { readonly kind: "opaque"; readonly id: string; readonly what: string; readonly key: string }
  | { readonly kind: "unknown"; readonly key: string }
  | { readonly kind: "none" };

export interface RouteReading {
  readonly family: Family;
  /** The destination block; undefined while unknown at preview (or unreadable). */
  readonly destination?: IntervalSet;
  readonly prefixLength: number;
  readonly text: string;
  /** The destination is not known until the update. */
  readonly unknown: boolean;
  readonly target: RouteTarget;
}

/** Target properties in the provider's order of preference, with what each kind of hop is. */
const TARGETS: readonly (readonly [key: string, what: string])[] = [
  ["gatewayId", "gateway"],
  ["vpcEndpointId", "endpoint"],
  ["networkInterfaceId", "network interface (an appliance)"],
  ["transitGatewayId", "transit gateway"],
  ["natGatewayId", "NAT gateway"],
  ["egressOnlyGatewayId", "egress-only internet gateway"],
  ["vpcPeeringConnectionId", "VPC peering connection"],
  ["carrierGatewayId", "carrier gateway"],
  ["localGatewayId", "local gateway"],
  ["coreNetworkArn", "Cloud WAN core network"],
  ["instanceId", "instance (an appliance)"],
];

function targetOf(route: unknown): RouteTarget {
  for (const [key, what] of TARGETS) {
    const value = own(route, key);
    if (isUnknown(value)) return { kind: "unknown", key };
    if (isUnset(value)) continue;
    const id = display(reveal(value));
    if (key === "gatewayId") return id === "local" ? { kind: "local" } : { kind: "gateway", id, key };
    if (key === "vpcEndpointId") return { kind: "endpoint", id, key };
    return { kind: "opaque", id, what, key };
  }
  return { kind: "none" };
}

function destinationOf(route: unknown, keys: { ipv4: string; ipv6: string }): Omit<RouteReading, "target"> | undefined {
  for (const family of ["ipv4", "ipv6"] as const) {
    const value = own(route, keys[family]);
    if (isUnset(value)) continue;
    if (isUnknown(value)) return { family, prefixLength: -1, text: keys[family], unknown: true };
    const parsed = parseCidr(reveal(value), family);
    const text = display(value);
    // An unreadable destination covers nothing: a route it names earns no firewall credit.
    return { family, destination: parsed.ok ? parsed.addresses : undefined, prefixLength: Number(text.split("/")[1]), text, unknown: false };
  }
  // A prefix-list destination: its entries are not in the stack.
  return undefined;
}

/** The routes written inline on a RouteTable or DefaultRouteTable. */
export function inlineRoutes(table: ResourceView): RouteReading[] {
  return listOf(own(table.props, "routes")).flatMap((route) => {
    const destination = destinationOf(route, { ipv4: "cidrBlock", ipv6: "ipv6CidrBlock" });
    return destination ? [{ ...destination, target: targetOf(route) }] : [];
  });
}

/** A standalone aws.ec2.Route. */
export function standaloneRoute(route: ResourceView): RouteReading[] {
  const destination = destinationOf(route.props, { ipv4: "destinationCidrBlock", ipv6: "destinationIpv6CidrBlock" });
  return destination ? [{ ...destination, target: targetOf(route.props) }] : [];
}

/** Longest-prefix match: the route for a whole block, or undefined when no route covers it. */
export function longestMatch<R extends RouteReading>(routes: readonly R[], family: Family, block: IntervalSet): R | "unknown" | undefined {
  const candidates = routes.filter((r) => r.family === family);
  // A destination unknown at preview may be more specific than any we can read.
  if (candidates.some((r) => r.unknown)) return "unknown";
  return candidates.filter((r) => r.destination?.covers(block)).sort((a, b) => b.prefixLength - a.prefixLength)[0];
}
