import { cached } from "../../cached";
import { FAMILY_NAME, FAMILY_SPACE, type Family } from "../../model/addresses";
import type { IntervalSet } from "../../model/intervals";
import type { Doubt } from "../../model/rule";
import { display, isUnknown, reveal } from "../../model/values";
import { FIREWALL } from "../../shapes/aws/networkFirewall";
import {
  DEFAULT_ROUTE_TABLE,
  inlineRoutes,
  INTERNET_GATEWAY,
  INTERNET_GATEWAY_ATTACHMENT,
  longestMatch,
  MAIN_ROUTE_TABLE_ASSOCIATION,
  ROUTE,
  ROUTE_TABLE,
  ROUTE_TABLE_ASSOCIATION,
  standaloneRoute,
  type RouteReading,
} from "../../shapes/aws/routes";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { cidrOf } from "./filters";
import { type StackIndex } from "../stackIndex";

export const VPC_ENDPOINT_ASSOCIATION = "aws:networkfirewall/vpcEndpointAssociation:VpcEndpointAssociation";
const TABLES = [ROUTE_TABLE, DEFAULT_ROUTE_TABLE];

/** A route as read, with the table and resource it came from. */
export interface PlacedRoute extends RouteReading {
  readonly table: ResourceView;
  /** The resource holding the route (the table itself for inline routes) and the property naming the target. */
  readonly owner: ResourceView;
  readonly depsKey: string;
}

/** Where the internet's traffic for one subnet and address family goes after the internet gateway. */
export type Inbound =
  | { readonly kind: "firewall"; readonly firewall: ResourceView; readonly endpoint?: Endpoint; readonly evidence: string; readonly resources: readonly string[] }
  | { readonly kind: "direct" | "opaque"; readonly why: string; readonly resources: readonly string[] }
  | { readonly kind: "unknown"; readonly doubt: Doubt; readonly resources: readonly string[] };

export interface Endpoint {
  readonly id: string;
  readonly firewall: ResourceView;
  readonly availabilityZone?: string;
  readonly subnetId?: string;
}

/** The route a subnet's own table gives the internet's addresses (the way replies and new connections leave). */
export interface Outbound {
  readonly table?: ResourceView;
  readonly route?: PlacedRoute | "unknown";
  readonly resources: readonly string[];
}

/**
 * AWS VPC routing as far as it decides whether a firewall sits on the internet's path to a subnet:
 * the internet gateway's edge route table, longest-prefix match per address family, firewall
 * endpoints, and each subnet's table (its explicit association, else the VPC's main table).
 */
export class Routing {
  private readonly endpoints = new Map<string, Endpoint>();
  /** An edge table holds a route per subnet: read once, not once per subnet that looks it up. */
  private readonly routeMemo = new Map<ResourceView, PlacedRoute[]>();
  /** Every host of a subnet, and the firewall cautions, ask for the same way out. */
  private readonly outboundMemo = new Map<string, Outbound>();

  constructor(private readonly index: StackIndex) {
    for (const fw of index.ofType(FIREWALL)) this.addEndpoints(fw, own(fw.props, "firewallStatuses"), "syncStates");
    for (const association of index.ofType(VPC_ENDPOINT_ASSOCIATION)) {
      const fw = index.targets(association, "firewallArn", undefined, [FIREWALL])[0];
      if (fw) this.addEndpoints(fw, own(association.props, "vpcEndpointAssociationStatuses"), "associationSyncStates");
    }
  }

  private addEndpoints(firewall: ResourceView, statuses: unknown, syncKey: string): void {
    for (const status of listOf(statuses)) {
      for (const sync of listOf(own(status, syncKey))) {
        const zone = reveal(own(sync, "availabilityZone"));
        for (const attachment of listOf(own(sync, "attachments"))) {
          const id = reveal(own(attachment, "endpointId"));
          const subnetId = reveal(own(attachment, "subnetId"));
          if (typeof id === "string" && id !== "") this.endpoints.set(id, { id, firewall, availabilityZone: typeof zone === "string" ? zone : undefined, subnetId: typeof subnetId === "string" ? subnetId : undefined });
        }
      }
    }
  }

  /**
   * At preview, what a route whose target is still unknown points at, by the engine's
   * dependencies: for a standalone route (one target), its one dependency of the types; for an
   * inline route, the one resource the table's routes depend on, as they share one property, so
   * that where it depends on more any of them may be this route's target, and none is named.
   */
  linkedTarget(route: PlacedRoute, types: readonly string[]): ResourceView | undefined {
    const dependencies = this.index.targets(route.owner, route.depsKey);
    const candidates = route.owner === route.table ? dependencies : dependencies.filter((d) => types.includes(d.type));
    return candidates.length === 1 && types.includes(candidates[0].type) ? candidates[0] : undefined;
  }

  /** The firewall an endpoint belongs to, when the stack shows it. */
  endpointFirewall(id: string): ResourceView | undefined {
    return this.endpoints.get(id)?.firewall;
  }

  /** The subnet id an endpoint sits in, when the stack shows it. */
  endpointSubnet(id: string): string | undefined {
    return this.endpoints.get(id)?.subnetId;
  }

  /** The subnets a firewall's endpoints sit in: traffic of those subnets is not inspected by it. */
  firewallSubnets(firewall: ResourceView): ResourceView[] {
    const associations = this.index.referring("endpoint-association->firewall", [VPC_ENDPOINT_ASSOCIATION], firewall, (a) => this.index.targets(a, "firewallArn", undefined, [FIREWALL]));
    return [
      ...listOf(own(firewall.props, "subnetMappings")).flatMap((m) => this.index.targets(firewall, "subnetMappings", own(m, "subnetId"))),
      ...associations.flatMap((a) => this.index.targets(a, "subnetMapping", own(own(a.props, "subnetMapping"), "subnetId"))),
    ];
  }

  gatewaysOf(vpc: ResourceView): ResourceView[] {
    const direct = this.index.referring("igw->vpc", [INTERNET_GATEWAY], vpc, (g) => this.index.targets(g, "vpcId"));
    const attached = this.index.referring("igw-attachment->vpc", [INTERNET_GATEWAY_ATTACHMENT], vpc, (a) => this.index.targets(a, "vpcId")).flatMap((a) => this.index.targets(a, "internetGatewayId", undefined, [INTERNET_GATEWAY]));
    return [...new Set([...direct, ...attached])];
  }

  /** Where the internet's traffic of one family for a subnet goes once through the gateway. */
  inbound(subnet: ResourceView, vpc: ResourceView, family: Family): Inbound {
    const block = this.subnetBlock(subnet, family);
    if (block === "unknown") return this.unknown(`the ${FAMILY_NAME[family]} block of ${resourceLabel(subnet)} is not known at preview`, []);
    if (!block) return { kind: "direct", why: `${resourceLabel(subnet)} has no ${FAMILY_NAME[family]} block, so no route sends its ${FAMILY_NAME[family]} traffic anywhere`, resources: [] };
    const gateways = this.gatewaysOf(vpc);
    if (gateways.length === 0) return { kind: "direct", why: `no internet gateway of ${resourceLabel(vpc)} is in this stack, so no edge route can be shown`, resources: [] };
    const readings = gateways.map((igw) => this.throughGateway(igw, block.text, block.addresses, family));
    // Several gateways or edge tables: the weakest reading decides (one way around is enough).
    return readings.find((r) => r.kind === "unknown") ?? readings.find((r) => r.kind === "direct" || r.kind === "opaque") ?? readings[0];
  }

  private throughGateway(igw: ResourceView, cidr: string, block: IntervalSet, family: Family): Inbound {
    const edgeTables = this.index.referring("edge-association->igw", [ROUTE_TABLE_ASSOCIATION], igw, (a) => this.index.targets(a, "gatewayId")).flatMap((a) => this.tablesOf(a));
    if (edgeTables.length === 0) return { kind: "direct", why: `internet gateway "${igw.name}" has no edge route table (no RouteTableAssociation with its gatewayId), so ${cidr} follows the local route`, resources: [igw.urn] };
    const table = edgeTables[0];
    const routes = this.routesOf(table);
    const match = longestMatch(routes, family, block);
    const resources = [igw.urn, table.urn];
    if (match === "unknown") return this.unknown(`a route of edge route table "${table.name}" has a destination unknown at preview`, resources);
    if (!match || match.target.kind === "local") return { kind: "direct", why: `internet gateway "${igw.name}" has no edge route sending ${cidr} to the firewall's endpoint (edge route table "${table.name}")`, resources };
    return this.hopOf(match, `edge route table "${table.name}" of internet gateway "${igw.name}"`, cidr, [...resources, match.owner.urn]);
  }

  /** What a matched route's target is: a firewall endpoint, something the stack cannot show, or unknown. */
  private hopOf(route: PlacedRoute, where: string, cidr: string, resources: string[]): Inbound {
    const target = route.target;
    if (target.kind === "endpoint") {
      const endpoint = this.endpoints.get(target.id);
      if (endpoint) return { kind: "firewall", firewall: endpoint.firewall, endpoint, evidence: `${where} sends ${cidr} to its endpoint ${target.id}${endpoint.availabilityZone ? ` (${endpoint.availabilityZone})` : ""}`, resources };
      return { kind: "opaque", why: `${where} sends ${cidr} to VPC endpoint ${target.id}, which is no endpoint of a firewall in this stack (a Gateway Load Balancer endpoint's appliances cannot be read from the stack)`, resources };
    }
    if (target.kind === "unknown") {
      const firewall = this.linkedTarget(route, [FIREWALL]);
      if (firewall) return { kind: "firewall", firewall, evidence: `${where} sends ${cidr} to an endpoint of it (linked by the route's dependency; the endpoint is known at the update)`, resources: [...resources, firewall.urn] };
      return this.unknown(`the target of the route for ${cidr} in ${where} is not known at preview, and its dependencies do not name one firewall alone`, resources);
    }
    if (target.kind === "opaque") return { kind: "opaque", why: `${where} sends ${cidr} to ${target.what} ${target.id}, whose filtering cannot be read from the stack`, resources };
    return { kind: "direct", why: `${where} sends ${cidr} to ${target.kind === "gateway" ? target.id : "no target"}, not to the firewall's endpoint`, resources };
  }

  private unknown(detail: string, resources: readonly string[]): Inbound {
    return { kind: "unknown", doubt: { kind: "unknown", field: "route", detail: `${detail} (cannot verify at preview)` }, resources };
  }

  /** The route a subnet's table gives the internet (0.0.0.0/0 or ::/0). */
  outbound(subnet: ResourceView, vpc: ResourceView | undefined, family: Family): Outbound {
    return cached(this.outboundMemo, `${subnet.urn}|${family}`, () => this.readOutbound(subnet, vpc, family));
  }

  private readOutbound(subnet: ResourceView, vpc: ResourceView | undefined, family: Family): Outbound {
    const table = this.tableOfSubnet(subnet, vpc);
    if (!table) return { resources: [] };
    const route = longestMatch(this.routesOf(table), family, FAMILY_SPACE[family]);
    return { table, route, resources: [table.urn, ...(route && route !== "unknown" ? [route.owner.urn] : [])] };
  }

  /** A subnet's explicit route table, else its VPC's main table. */
  tableOfSubnet(subnet: ResourceView, vpc: ResourceView | undefined): ResourceView | undefined {
    const explicit = this.index.referring("subnet-association->subnet", [ROUTE_TABLE_ASSOCIATION], subnet, (a) => this.index.targets(a, "subnetId")).flatMap((a) => this.tablesOf(a));
    if (explicit.length > 0 || !vpc) return explicit[0];
    const main = this.index.referring("main-association->vpc", [MAIN_ROUTE_TABLE_ASSOCIATION], vpc, (a) => this.index.targets(a, "vpcId")).flatMap((a) => this.tablesOf(a));
    const mainId = reveal(own(vpc.props, "mainRouteTableId"));
    const byDefault = this.index.ofType(DEFAULT_ROUTE_TABLE).filter((t) => this.index.targets(t, "defaultRouteTableId").includes(vpc) || (typeof mainId === "string" && mainId !== "" && reveal(own(t.props, "defaultRouteTableId")) === mainId));
    const byId = this.index.withId(mainId);
    return [...main, ...byDefault, ...(byId && TABLES.includes(byId.type) ? [byId] : [])][0];
  }

  private tablesOf(association: ResourceView): ResourceView[] {
    return this.index.targets(association, "routeTableId", undefined, TABLES);
  }

  private routesOf(table: ResourceView): PlacedRoute[] {
    return cached(this.routeMemo, table, () => this.readRoutes(table));
  }

  private readRoutes(table: ResourceView): PlacedRoute[] {
    const standalone = this.index.referring("route->table", [ROUTE], table, (r) => this.index.targets(r, "routeTableId"));
    return [
      ...inlineRoutes(table).map((r) => ({ ...r, table, owner: table, depsKey: "routes" })),
      ...standalone.flatMap((view) => standaloneRoute(view).map((r) => ({ ...r, table, owner: view, depsKey: "key" in r.target ? r.target.key : "vpcEndpointId" }))),
    ];
  }

  private subnetBlock(subnet: ResourceView, family: Family): { text: string; addresses: IntervalSet } | "unknown" | undefined {
    const key = family === "ipv4" ? "cidrBlock" : "ipv6CidrBlock";
    const value = own(subnet.props, key);
    if (isUnknown(value)) return "unknown";
    const addresses = cidrOf(subnet, key);
    return addresses ? { text: display(reveal(value)), addresses } : undefined;
  }
}
