import { fc } from "@fast-check/jest";
import { providerOutputs } from "../../harness/providerSchema";
import { SG, SG_RULE, VPC_INGRESS } from "../support/fixtures";
import type { TestResource } from "../support/harness";
import { LB, materialise, ref, res, T } from "../support/network";

/**
 * Random Edge networks for the oracle, first as plain data (a World), then rendered into the
 * Pulumi resources cls-guard reads. The oracle reads the World, never the resources, so the two
 * share no parsing.
 */
export interface WorldRule {
  readonly shape: "inline" | "rule" | "vpc";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidrs4: readonly string[];
  readonly cidrs6: readonly string[];
  readonly prefixLists: readonly string[];
  readonly groupRefs: readonly string[];
  readonly self: boolean;
}

export interface AclEntry {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidr: string;
}

export interface StatelessRule {
  readonly priority: number;
  readonly action: "aws:pass" | "aws:drop" | "aws:forward_to_sfe";
  readonly protocols: readonly number[];
  readonly ports: readonly (readonly [number, number])[];
  readonly sources: readonly string[];
}

export interface Justification {
  readonly reason?: string;
  readonly ticket?: string;
  readonly approver?: string;
  readonly expires?: string;
}

export type Family = "ipv4" | "ipv6";
export type SubnetName = "edge-public" | "edge-other" | "fw" | BalancerSubnet;
/** The balancer's nodes sit in subnets of their own, one per zone. */
export type BalancerSubnet = "lb-a" | "lb-b";

/** The VPC's address plan, fixed so that the oracle and the rendering agree on it. */
export const VPC_CIDRS: Record<Family, string> = { ipv4: "10.0.0.0/16", ipv6: "2600:1f18::/56" };
export const SUBNETS: Record<SubnetName, Record<Family, string> & { zone: string }> = {
  "edge-public": { ipv4: "10.0.1.0/24", ipv6: "2600:1f18:0:1::/64", zone: "eu-west-1a" },
  "edge-other": { ipv4: "10.0.2.0/24", ipv6: "2600:1f18:0:2::/64", zone: "eu-west-1b" },
  fw: { ipv4: "10.0.0.0/28", ipv6: "2600:1f18::/64", zone: "eu-west-1a" },
  "lb-a": { ipv4: "10.0.3.0/24", ipv6: "2600:1f18:0:3::/64", zone: "eu-west-1a" },
  "lb-b": { ipv4: "10.0.4.0/24", ipv6: "2600:1f18:0:4::/64", zone: "eu-west-1b" },
};
const BALANCER_SUBNETS: readonly BalancerSubnet[] = ["lb-a", "lb-b"];
const isBalancerSubnet = (name: string): name is BalancerSubnet => (BALANCER_SUBNETS as readonly string[]).includes(name);
/** Both firewalls sit in subnet "fw"; each has one endpoint there. */
export const FIREWALL_SUBNET = "fw";
/** The Edge instance sits in the public subnet, or (unprotected by the firewall) in the firewall's own. */
export type HostSubnet = "edge-public" | typeof FIREWALL_SUBNET;
const HOST_ADDRESSES: Record<HostSubnet, Record<Family, string>> = {
  "edge-public": { ipv4: "10.0.1.10", ipv6: "2600:1f18:0:1::10" },
  fw: { ipv4: "10.0.0.10", ipv6: "2600:1f18::10" },
};
/** Each firewall's one endpoint (a firewall output): "fw" is the Edge firewall's, "fw2" the second firewall's. */
export const ENDPOINTS = { fw: "vpce-fw-a", fw2: "vpce-fw2-a" } as const;

/** A route of the internet gateway's edge table: a subnet's or the VPC's block of one family, to an endpoint or `local`. */
export interface EdgeRoute {
  readonly family: Family;
  readonly destination: Exclude<SubnetName, typeof FIREWALL_SUBNET> | "vpc";
  readonly target: keyof typeof ENDPOINTS | "local";
  /** An aws.ec2.Route resource rather than an item of the table's inline `routes`. */
  readonly standalone: boolean;
}

/** The block a route destination names, in one family. */
export const blockOf = (destination: EdgeRoute["destination"], family: Family) => (destination === "vpc" ? VPC_CIDRS[family] : SUBNETS[destination][family]);

/** The host subnet's own table: how it is chosen, and its default routes (out to the gateway or the firewall). */
export interface HostTable {
  readonly via: "explicit" | "main-association" | "default-table" | "vpc-output";
  readonly routes: readonly { readonly family: Family; readonly target: "igw" | "fw" }[];
}

export interface Routing {
  /** The gateway is attached by an InternetGatewayAttachment (its own vpcId ""), not by its vpcId. */
  readonly attachment: boolean;
  readonly edgeAssociated: boolean;
  readonly edgeRoutes: readonly EdgeRoute[];
  /** A second firewall, "fw2", whose policy passes everything. */
  readonly secondFirewall: boolean;
  readonly hostTable?: HostTable;
}

/** What an ELBv2 target group delivers to its targets: TLS and HTTP(S) ride on TCP. */
export type GroupProtocol = "TCP" | "TLS" | "UDP" | "TCP_UDP" | "HTTP" | "HTTPS";

/**
 * An ELBv2 balancer in front of the Edge instance: one listener forwarding to one target group,
 * which registers the instance by a TargetGroupAttachment. Its edge routes (the gateway's table
 * sending its subnets' blocks through an endpoint, or not) are among the routing's edge routes.
 */
export interface WorldBalancer {
  readonly kind: "network" | "application";
  readonly internal: boolean;
  /** ipAddressType dualstack (IPv4 and IPv6 clients) rather than ipv4. */
  readonly dualStack: boolean;
  readonly subnets: readonly BalancerSubnet[];
  readonly listenerPort: number;
  /** The target group's protocol; the listener speaks the same. */
  readonly protocol: GroupProtocol;
  readonly groupPort: number;
  /** The attachment's own port; 0, the provider's unset, leaves the group's. */
  readonly attachmentPort: number;
  /** instance registers the instance by id, ip by its private IPv4 address. */
  readonly targetType: "instance" | "ip";
  /** As the provider writes it: "" (unset), "true" or "false". */
  readonly preserveClientIp: "" | "true" | "false";
  /** Its security groups, by id: a rule naming one admits every client it forwards. An application balancer always has one. */
  readonly securityGroups: readonly string[];
  /** A group of its own in the stack ("lb-sg"), whose one inline rule admits clients to its listener. */
  readonly guard?: { readonly protocol: string; readonly from: number; readonly to: number; readonly cidrs: readonly string[] };
}

export interface World {
  readonly rules: readonly WorldRule[];
  readonly acl?: readonly AclEntry[];
  readonly firewall?: {
    readonly rules: readonly StatelessRule[];
    readonly defaultAction: "aws:pass" | "aws:drop" | "aws:forward_to_sfe";
    /** statelessFragmentDefaultActions (aws:drop unless told): what a UDP fragment no rule matches meets. */
    readonly fragmentAction?: "aws:pass" | "aws:drop" | "aws:forward_to_sfe";
  };
  readonly justification?: Justification;
  readonly trustedPrefixLists: readonly string[];
  /** The subnet of the Edge instance. */
  readonly host: HostSubnet;
  readonly routing?: Routing;
  readonly balancer?: WorldBalancer;
  /** The provider writes an unset list of a SecurityGroupRule as null or as []. */
  readonly unsetListsNull: boolean;
}

export const CIDRS4 = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/7", "172.16.0.0/12", "172.0.0.0/11", "192.168.0.0/16", "100.64.0.0/10", "203.0.113.0/24", "198.51.100.7/32", "8.8.8.0/24", "224.0.0.0/3"];
export const CIDRS6 = ["::/0", "8000::/1", "fc00::/7", "fe80::/10", "::1/128", "2001:db8::/32", "2600::/12"];
export const SPELLINGS = ["tcp", "TCP", "6", "udp", "17", "-1", "all", "icmp", "47"];
export const BOUNDARIES = [0, 1, 49151, 49152, 49999, 50000, 50001, 50002, 50003, 50004, 59999, 60000, 65535];

const port = fc.oneof(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 0, max: 65535 }));
/** Mostly ordered spans; now and then a reversed one (malformed: cls-guard reads it as every port). */
const span = fc.tuple(port, port, fc.integer({ min: 0, max: 9 })).map(([a, b, r]) => (r === 0 ? ([Math.max(a, b), Math.min(a, b)] as const) : ([Math.min(a, b), Math.max(a, b)] as const)));

const rule: fc.Arbitrary<WorldRule> = fc.record({
  shape: fc.constantFrom("inline", "inline", "rule", "vpc"),
  protocol: fc.constantFrom(...SPELLINGS),
  span,
  cidrs4: fc.subarray(CIDRS4, { maxLength: 2 }),
  cidrs6: fc.subarray(CIDRS6, { maxLength: 1 }),
  prefixLists: fc.subarray(["pl-trusted", "pl-partner"], { maxLength: 1 }),
  groupRefs: fc.subarray(["sg-office"], { maxLength: 1 }),
  self: fc.boolean(),
}).map(({ span: [from, to], ...r }) => r.shape === "vpc" ? vpcShaped({ ...r, from, to }) : { ...r, from, to });

/** A vpc.SecurityGroupIngressRule has exactly one source and no ports with -1. */
function vpcShaped(r: WorldRule): WorldRule {
  const one = r.cidrs4[0] ?? r.cidrs6[0];
  return one === undefined ? { ...r, shape: "inline" } : { ...r, cidrs4: r.cidrs4.includes(one) ? [one] : [], cidrs6: r.cidrs4.includes(one) ? [] : [one], prefixLists: [], groupRefs: [], self: false };
}

const aclEntry = (ruleNo: number): fc.Arbitrary<AclEntry> =>
  // 10.0.3.0/25 holds part of the balancer's subnet lb-a: some of its nodes' addresses, not all.
  fc.record({ action: fc.constantFrom("allow" as const, "deny" as const), protocol: fc.constantFrom("tcp", "6", "udp", "-1", "icmp"), span, cidr: fc.constantFrom(...CIDRS4, ...CIDRS6, "10.0.3.0/25") })
    .map(({ span: [from, to], ...e }) => ({ ...e, ruleNo, from: Math.min(from, to), to: Math.max(from, to) }));

const statelessRule = (priority: number): fc.Arbitrary<StatelessRule> =>
  fc.record({
    action: fc.constantFrom("aws:pass" as const, "aws:drop" as const, "aws:forward_to_sfe" as const),
    protocols: fc.subarray([6, 17, 1]),
    ports: fc.array(span.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const), { maxLength: 2 }),
    sources: fc.subarray(["0.0.0.0/0", "203.0.113.0/24", "::/0", "8.8.8.0/24"], { maxLength: 2 }),
  }).map((r) => ({ ...r, priority }));

export const justification: fc.Arbitrary<Justification | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    reason: fc.constantFrom("ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path", "vendor-said-so", ""),
    ticket: fc.constantFrom("SEC-1", "", " "),
    approver: fc.constantFrom("alice@example.com", ""),
    expires: fc.constantFrom("2026-11-20", "2026-11-21", "2027-03-01", "2027-11-21", "2027-11-22", "2027-02-30", "next year"),
  }, { requiredKeys: [] }),
);

const family = fc.constantFrom<Family>("ipv4", "ipv6");

/** Weighted towards the host subnet's block and the firewall, so that the firewall is often on a path. */
const edgeRoute: fc.Arbitrary<EdgeRoute> = fc.record({
  family,
  destination: fc.constantFrom("edge-public" as const, "edge-public" as const, "edge-public" as const, "edge-other" as const, "vpc" as const),
  target: fc.constantFrom("fw" as const, "fw" as const, "fw" as const, "fw2" as const, "local" as const),
  standalone: fc.boolean(),
});

const hostTable: fc.Arbitrary<HostTable> = fc.record({
  via: fc.constantFrom("explicit" as const, "main-association" as const, "default-table" as const, "vpc-output" as const),
  routes: fc.uniqueArray(fc.record({ family, target: fc.constantFrom("igw" as const, "fw" as const) }), { selector: (r) => r.family, maxLength: 2 }),
});

/** A table holds one route per destination; the edge association is there more often than not. */
const routing: fc.Arbitrary<Routing> = fc.record({
  attachment: fc.boolean(),
  edgeAssociated: fc.constantFrom(true, true, true, false),
  edgeRoutes: fc.uniqueArray(edgeRoute, { selector: (r) => `${r.family} ${r.destination}`, minLength: 1, maxLength: 4 }),
  secondFirewall: fc.boolean(),
  hostTable: fc.option(hostTable, { nil: undefined }),
}, { requiredKeys: ["attachment", "edgeAssociated", "edgeRoutes", "secondFirewall"] });

type DefaultAction = NonNullable<World["firewall"]>["defaultAction"];
const FRAGMENT_ACTIONS = fc.constantFrom<DefaultAction>("aws:drop", "aws:drop", "aws:forward_to_sfe", "aws:pass");
const firewallWith = (defaultAction: fc.Arbitrary<DefaultAction>, fragmentAction = FRAGMENT_ACTIONS) =>
  fc.record({ rules: fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 4 }).chain((ps) => fc.tuple(...ps.map(statelessRule))), defaultAction, fragmentAction });

const parts = {
  rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
  acl: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }).chain((numbers) => fc.tuple(...numbers.map(aclEntry))), { nil: undefined }),
  firewall: fc.option(firewallWith(fc.constantFrom("aws:pass" as const, "aws:drop" as const, "aws:forward_to_sfe" as const)), { nil: undefined }),
  justification,
  trustedPrefixLists: fc.constantFrom([], ["pl-trusted"]),
  host: fc.constantFrom<HostSubnet>("edge-public", "edge-public", "edge-public", FIREWALL_SUBNET),
  // One world in four has no routing at all: the firewall is then on no path.
  routing: fc.option(routing, { nil: undefined, freq: 3 }),
  unsetListsNull: fc.boolean(),
};

export const world = fc.record(parts) as fc.Arbitrary<World>;

/** A rule opening the CLS ports or the media range to the whole internet, of one family or both. */
const openRule: fc.Arbitrary<WorldRule> = fc
  .record({
    shape: fc.constantFrom("inline" as const, "rule" as const, "vpc" as const),
    protocol: fc.constantFrom("tcp", "udp", "-1"),
    from: fc.constantFrom(50000, 50001),
    to: fc.constantFrom(50003, 59999),
    sources: fc.subarray(["0.0.0.0/0", "::/0"], { minLength: 1 }),
  })
  .map(({ sources, ...r }) => vpcShaped({ ...r, cidrs4: sources.filter((s) => !s.includes(":")), cidrs6: sources.filter((s) => s.includes(":")), prefixLists: [], groupRefs: [], self: false }));

/**
 * Worlds where the route decides: wide-open rules, no NACL, and a routed firewall that drops
 * what its rules do not pass. Random worlds reach such a verdict in about one rule of fifty.
 */
export const routedWorld = fc.record({ ...parts, rules: fc.array(openRule, { minLength: 1, maxLength: 2 }), acl: fc.constant(undefined), firewall: firewallWith(fc.constant("aws:drop" as const)), routing }) as fc.Arbitrary<World>;

/** Ports a listener, a target group and an attachment take: the CLS agent ports, the media range's first, and one outside; they meet and miss each other. */
const BALANCER_PORTS = [443, 50000, 50001, 50002];

/**
 * A balancer as AWS accepts it: an application balancer needs subnets in two zones and speaks
 * HTTP(S); client IP preservation is a network balancer's target-group attribute, and UDP and
 * TCP_UDP groups cannot turn it off (NLB user guide, "Client IP preservation").
 */
const balancerOf = (kind: WorldBalancer["kind"]): fc.Arbitrary<WorldBalancer> =>
  fc.record({
    kind: fc.constant(kind),
    internal: fc.constantFrom(false, false, false, true),
    dualStack: fc.boolean(),
    subnets: kind === "application" ? fc.constant(BALANCER_SUBNETS) : fc.constantFrom<readonly BalancerSubnet[]>(["lb-a"], ["lb-a"], BALANCER_SUBNETS),
    listenerPort: fc.constantFrom(...BALANCER_PORTS),
    protocol: kind === "application" ? fc.constantFrom<GroupProtocol>("HTTP", "HTTPS") : fc.constantFrom<GroupProtocol>("TCP", "TCP", "TLS", "UDP", "TCP_UDP"),
    groupPort: fc.constantFrom(...BALANCER_PORTS),
    attachmentPort: fc.constantFrom(0, 0, ...BALANCER_PORTS),
    targetType: fc.constantFrom("instance" as const, "instance" as const, "ip" as const),
    preserveClientIp: fc.constantFrom("" as const, "true" as const, "false" as const),
    // sg-office is the group the generated rules may name; sg-lb is one they never do.
    securityGroups: kind === "application" ? fc.constantFrom(["sg-lb"], ["sg-office"], []) : fc.constantFrom([], [], ["sg-lb"], ["sg-office"]),
    guard: fc.option(
      fc.record({ protocol: fc.constantFrom("tcp", "tcp", "udp", "-1"), from: fc.constantFrom(443, 50000, 50001), to: fc.constantFrom(443, 50001, 59999), cidrs: fc.subarray(["0.0.0.0/0", "203.0.113.0/24", "::/0"], { minLength: 1 }) }).map((g) => ({ ...g, to: Math.max(g.from, g.to) })),
      { nil: undefined },
    ),
  })
    // An application balancer has at least one group.
    .map((b) => (b.kind === "application" && b.securityGroups.length === 0 && !b.guard ? { ...b, securityGroups: ["sg-lb"] } : b))
    .map((b) => ({ ...b, preserveClientIp: preservationAsAccepted(b) }));

function preservationAsAccepted(b: WorldBalancer): WorldBalancer["preserveClientIp"] {
  if (b.kind === "application") return "";
  return (b.protocol === "UDP" || b.protocol === "TCP_UDP") && b.preserveClientIp === "false" ? "true" : b.preserveClientIp;
}

/** The gateway's edge routes for the balancer's subnets: per subnet and family, through the Edge firewall, the second one, or none (straight in). */
const balancerEdgeRoutes = (subnets: readonly BalancerSubnet[]): fc.Arbitrary<EdgeRoute[]> =>
  fc
    .tuple(...subnets.flatMap((destination) => (["ipv4", "ipv6"] as const).map((family) => fc.record({ family: fc.constant(family), destination: fc.constant(destination), target: fc.constantFrom("fw" as const, "fw" as const, "fw2" as const, undefined), standalone: fc.boolean() }))))
    .map((routes) => routes.flatMap((r) => (r.target ? [{ ...r, target: r.target }] : [])));

/**
 * Routed worlds with a balancer in front of the Edge instance: the host's direct path is often
 * closed by the firewall or the NACL, so what the balancer lets through decides the verdict.
 */
export const balancedWorld = fc
  .record({ ...parts, rules: fc.array(fc.oneof(openRule, openRule, rule), { minLength: 1, maxLength: 3 }), firewall: firewallWith(fc.constant("aws:drop" as const), fc.constant("aws:drop" as const)), routing, balancer: fc.constantFrom("network" as const, "application" as const).chain(balancerOf) })
  .chain((w) => balancerEdgeRoutes(w.balancer.subnets).map((lbRoutes): World => ({ ...w, routing: { ...w.routing, edgeRoutes: [...w.routing.edgeRoutes, ...lbRoutes] } })));

/** The same world without its balancer, nor the edge routes of the balancer's subnets. */
export function withoutBalancer(w: World): World {
  return { ...w, balancer: undefined, routing: w.routing && { ...w.routing, edgeRoutes: w.routing.edgeRoutes.filter((e) => !isBalancerSubnet(e.destination)) } };
}

const ROUTING = {
  gateway: "aws:ec2/internetGateway:InternetGateway",
  gatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  table: "aws:ec2/routeTable:RouteTable",
  defaultTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  mainAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
} as const;
const HOST_TABLE_ID = "host-rt-id";
/** The main table AWS made with the VPC; not in the stack. */
const ORIGINAL_MAIN_TABLE_ID = "vpc-main-rt-id";

/** The World as a Pulumi stack after an update: ids `<name>-id`, every field as the provider writes it. */
export function render(w: World): TestResource[] {
  return materialise(
    [...network(w), ...group(w), ...acl(w), ...(w.firewall ? firewall("edge-fw", ENDPOINTS.fw, w.firewall, w.firewall.fragmentAction ?? "aws:drop") : []), ...(w.routing ? routes(w.routing, w.host) : []), ...(w.balancer ? balancer(w, w.balancer) : [])],
    "update",
  );
}

/**
 * The VPC's outputs naming its main table: the host's table where the world makes it main that
 * way, else the original. A MainRouteTableAssociation made after the VPC leaves them unchanged.
 */
function mainTables(w: World): { mainRouteTableId: string; defaultRouteTableId: string } {
  const via = w.routing?.hostTable?.via;
  return {
    mainRouteTableId: via === "default-table" || via === "vpc-output" ? HOST_TABLE_ID : ORIGINAL_MAIN_TABLE_ID,
    defaultRouteTableId: via === "default-table" ? HOST_TABLE_ID : ORIGINAL_MAIN_TABLE_ID,
  };
}

function network(w: World): TestResource[] {
  const rendered = (name: string) => !isBalancerSubnet(name) || w.balancer?.subnets.includes(name);
  const subnets = Object.entries(SUBNETS).filter(([name]) => rendered(name)).map(([name, s]) =>
    res(T.subnet, name, { vpcId: ref("vpc"), cidrBlock: s.ipv4, ipv6CidrBlock: s.ipv6, availabilityZone: s.zone, mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false }),
  );
  const address = HOST_ADDRESSES[w.host];
  return [
    res(T.vpc, "vpc", { cidrBlock: VPC_CIDRS.ipv4, ipv6CidrBlock: VPC_CIDRS.ipv6, defaultNetworkAclId: "vpc-default-acl-id", ...mainTables(w) }),
    ...subnets,
    res(T.instance, "edge-1", { subnetId: ref(w.host), vpcSecurityGroupIds: [ref("edge")], associatePublicIpAddress: true, privateIp: address.ipv4, ipv6AddressCount: 1, ipv6Addresses: [address.ipv6] }),
  ];
}

function tagsOf(j: Justification | undefined): Record<string, string> {
  const tags = { "cls-guard:reason": j?.reason, "cls-guard:ticket": j?.ticket, "cls-guard:approved-by": j?.approver, "cls-guard:expires": j?.expires };
  return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The Edge group, its inline ingress, and its standalone rules, each in its provider-written shape. */
function group(w: World): TestResource[] {
  const inline = w.rules
    .filter((r) => r.shape === "inline")
    .map((r) => ({ protocol: r.protocol, fromPort: r.from, toPort: r.to, cidrBlocks: r.cidrs4, ipv6CidrBlocks: r.cidrs6, prefixListIds: r.prefixLists, securityGroups: r.groupRefs, self: r.self, description: "" }));
  const edge = res(SG, "edge", { vpcId: ref("vpc"), name: "edge", description: "Managed by Pulumi", ingress: inline, egress: [], tags: tagsOf(w.justification) });
  return [edge, ...w.rules.flatMap((r, i) => standaloneRule(r, `rule-${i}`, w.unsetListsNull))];
}

function standaloneRule(r: WorldRule, name: string, unsetListsNull: boolean): TestResource[] {
  const list = (xs: readonly string[]) => (xs.length > 0 ? xs : unsetListsNull ? null : []);
  if (r.shape === "rule") {
    return [
      res(SG_RULE, name, {
        type: "ingress", securityGroupId: ref("edge"), protocol: r.protocol, fromPort: r.from, toPort: r.to,
        cidrBlocks: list(r.cidrs4), ipv6CidrBlocks: list(r.cidrs6), prefixListIds: list(r.prefixLists), sourceSecurityGroupId: r.groupRefs[0] ?? "", self: r.self, description: "",
      }),
    ];
  }
  if (r.shape === "vpc") {
    // The provider leaves the ports of an all-protocol rule null.
    const allProtocols = r.protocol === "-1" || r.protocol === "all";
    return [
      res(VPC_INGRESS, name, {
        securityGroupId: ref("edge"), ipProtocol: r.protocol, fromPort: allProtocols ? null : r.from, toPort: allProtocols ? null : r.to,
        cidrIpv4: r.cidrs4[0] ?? null, cidrIpv6: r.cidrs6[0] ?? null, prefixListId: null, referencedSecurityGroupId: null, description: null, tags: null,
      }),
    ];
  }
  return [];
}

function acl(w: World): TestResource[] {
  if (!w.acl) return [];
  const ingress = w.acl.map((e) => {
    const v6 = e.cidr.includes(":");
    return { ruleNo: e.ruleNo, action: e.action, protocol: e.protocol, fromPort: e.from, toPort: e.to, cidrBlock: v6 ? "" : e.cidr, ipv6CidrBlock: v6 ? e.cidr : "", icmpCode: 0, icmpType: 0 };
  });
  return [res(T.nacl, "edge-acl", { vpcId: ref("vpc"), subnetIds: [ref(w.host)], ingress, egress: [] })];
}

/** A firewall with one endpoint in subnet "fw", its policy and its stateless rule group. */
function firewall(name: string, endpointId: string, spec: NonNullable<World["firewall"]>, fragmentAction: string): TestResource[] {
  const statelessRules = spec.rules.map((r) => ({
    priority: r.priority,
    ruleDefinition: {
      actions: [r.action],
      matchAttributes: { protocols: r.protocols, sources: r.sources.map((s) => ({ addressDefinition: s })), destinationPorts: r.ports.map(([fromPort, toPort]) => ({ fromPort, toPort })) },
    },
  }));
  const policy = {
    statelessDefaultActions: [spec.defaultAction],
    statelessFragmentDefaultActions: [fragmentAction],
    statelessRuleGroupReferences: [{ priority: 1, resourceArn: ref(`${name}-group`) }],
  };
  const subnetId = ref(FIREWALL_SUBNET);
  return [
    res(T.ruleGroup, `${name}-group`, { type: "STATELESS", capacity: 100, ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules } } } }),
    res(T.policy, `${name}-policy`, { firewallPolicy: policy }),
    res(T.firewall, name, {
      name,
      vpcId: ref("vpc"),
      firewallPolicyArn: ref(`${name}-policy`),
      subnetMappings: [{ subnetId, ipAddressType: "" }],
      firewallStatuses: [{ syncStates: [{ availabilityZone: SUBNETS[FIREWALL_SUBNET].zone, attachments: [{ endpointId, subnetId }] }], transitGatewayAttachmentSyncStates: [] }],
    }),
  ];
}

/** Where a route goes, as the one target field the provider fills in (the others stay ""). */
type Hop = EdgeRoute["target"] | HostTable["routes"][number]["target"];
const HOPS: Record<Hop, Record<string, unknown>> = {
  fw: { vpcEndpointId: ENDPOINTS.fw },
  fw2: { vpcEndpointId: ENDPOINTS.fw2 },
  local: { gatewayId: "local" },
  igw: { gatewayId: ref("igw") },
};

/** A route's fields as the provider writes them in each place a route lives, unused ones "". */
interface RouteShape {
  readonly destination: Record<Family, string>;
  readonly fields: readonly string[];
}
const TARGETS = ["coreNetworkArn", "egressOnlyGatewayId", "gatewayId", "natGatewayId", "networkInterfaceId", "transitGatewayId", "vpcEndpointId", "vpcPeeringConnectionId"];
const INLINE = { ipv4: "cidrBlock", ipv6: "ipv6CidrBlock" };
const TABLE_ROUTE: RouteShape = { destination: INLINE, fields: [...Object.values(INLINE), "destinationPrefixListId", "carrierGatewayId", "localGatewayId", "odbNetworkArn", ...TARGETS] };
const DEFAULT_TABLE_ROUTE: RouteShape = { destination: INLINE, fields: [...Object.values(INLINE), "destinationPrefixListId", "instanceId", ...TARGETS] };
const STANDALONE = { ipv4: "destinationCidrBlock", ipv6: "destinationIpv6CidrBlock" };
const STANDALONE_ROUTE: RouteShape = {
  destination: STANDALONE,
  fields: [...Object.values(STANDALONE), "destinationPrefixListId", "carrierGatewayId", "localGatewayId", "odbNetworkArn", "instanceId", "instanceOwnerId", ...TARGETS],
};

function route(shape: RouteShape, family: Family, cidr: string, hop: Hop): Record<string, unknown> {
  return { ...Object.fromEntries(shape.fields.map((f) => [f, ""])), [shape.destination[family]]: cidr, ...HOPS[hop] };
}

/** The gateway, its edge table (inline and standalone routes), the second firewall and the host subnet's table. */
function routes(r: Routing, host: HostSubnet): TestResource[] {
  const gateway = r.attachment
    ? [res(ROUTING.gateway, "igw", { vpcId: "" }), res(ROUTING.gatewayAttachment, "igw-attachment", { internetGatewayId: ref("igw"), vpcId: ref("vpc") })]
    : [res(ROUTING.gateway, "igw", { vpcId: ref("vpc") })];
  const inline = r.edgeRoutes.filter((e) => !e.standalone).map((e) => route(TABLE_ROUTE, e.family, blockOf(e.destination, e.family), e.target));
  const standalone = r.edgeRoutes
    .filter((e) => e.standalone)
    .map((e, i) => res(ROUTING.route, `edge-route-${i}`, { routeTableId: ref("edge-rt"), ...route(STANDALONE_ROUTE, e.family, blockOf(e.destination, e.family), e.target), origin: "CreateRoute", state: "active" }));
  return [
    ...gateway,
    res(ROUTING.table, "edge-rt", { vpcId: ref("vpc"), routes: inline, propagatingVgws: [] }),
    ...standalone,
    ...(r.edgeAssociated ? [res(ROUTING.association, "edge-rt-association", { routeTableId: ref("edge-rt"), gatewayId: ref("igw"), subnetId: "" })] : []),
    ...(r.secondFirewall ? firewall("fw2", ENDPOINTS.fw2, { rules: [], defaultAction: "aws:pass" }, "aws:pass") : []),
    ...(r.hostTable ? hostRouteTable(r.hostTable, host) : []),
  ];
}

const DEFAULT_ROUTES: Record<Family, string> = { ipv4: "0.0.0.0/0", ipv6: "::/0" };

/** The host subnet's table, found by an explicit association or as the VPC's main table in each way the stack can say so. */
function hostRouteTable(t: HostTable, host: HostSubnet): TestResource[] {
  const table = (shape: RouteShape) => t.routes.map((r) => route(shape, r.family, DEFAULT_ROUTES[r.family], r.target));
  if (t.via === "default-table") return [res(ROUTING.defaultTable, "host-rt", { defaultRouteTableId: HOST_TABLE_ID, vpcId: ref("vpc"), routes: table(DEFAULT_TABLE_ROUTE), propagatingVgws: [] })];
  const own = res(ROUTING.table, "host-rt", { vpcId: ref("vpc"), routes: table(TABLE_ROUTE), propagatingVgws: [] });
  if (t.via === "explicit") return [own, res(ROUTING.association, "host-rt-association", { routeTableId: ref("host-rt"), subnetId: ref(host), gatewayId: "" })];
  if (t.via === "main-association") return [own, res(ROUTING.mainAssociation, "main-rt-association", { vpcId: ref("vpc"), routeTableId: ref("host-rt"), originalRouteTableId: ORIGINAL_MAIN_TABLE_ID })];
  return [own];
}

/** A resource as the bridged provider writes it after an update: every field of its schema, unset ones "" / 0 / [] / null. */
const written = (type: string, name: string, inputs: Record<string, unknown>): TestResource => res(type, name, providerOutputs(type, inputs));
const CERTIFICATE = "arn:aws:acm:eu-west-1:111122223333:certificate/edge";

/**
 * The balancer, its listener forwarding to the target group, the group's attachment of the Edge
 * instance (by id, or by private IPv4 for ip targets), and, where the VPC has a gateway, the route
 * table of the balancer's subnets out to it. Its edge routes are rendered with the others.
 */
/** The balancer's own group, as the provider writes it: one inline rule, its CIDRs split by family. */
function lbGroup(g: NonNullable<WorldBalancer["guard"]>): TestResource {
  const rule = { protocol: g.protocol, fromPort: g.protocol === "-1" ? 0 : g.from, toPort: g.protocol === "-1" ? 0 : g.to, cidrBlocks: g.cidrs.filter((c) => !c.includes(":")), ipv6CidrBlocks: g.cidrs.filter((c) => c.includes(":")), prefixListIds: [], securityGroups: [], self: false, description: "" };
  return written(SG, "lb-sg", { name: "lb-sg", vpcId: ref("vpc"), ingress: [rule], egress: [] });
}

function balancer(w: World, b: WorldBalancer): TestResource[] {
  const secure = b.protocol === "TLS" || b.protocol === "HTTPS";
  const table = (["ipv4", "ipv6"] as const).map((family) => route(TABLE_ROUTE, family, DEFAULT_ROUTES[family], "igw"));
  return [
    ...(w.routing
      ? [
          res(ROUTING.table, "lb-rt", { vpcId: ref("vpc"), routes: table, propagatingVgws: [] }),
          ...b.subnets.map((s) => res(ROUTING.association, `${s}-rt-association`, { routeTableId: ref("lb-rt"), subnetId: ref(s), gatewayId: "" })),
        ]
      : []),
    written(LB.balancer, "edge-lb", {
      name: "edge-lb",
      loadBalancerType: b.kind,
      internal: b.internal,
      ipAddressType: b.dualStack ? "dualstack" : "ipv4",
      subnets: b.subnets.map((s) => ref(s)),
      subnetMappings: b.subnets.map((s) => ({ subnetId: ref(s) })),
      securityGroups: [...b.securityGroups, ...(b.guard ? [ref("lb-sg")] : [])],
      vpcId: ref("vpc"),
    }),
    ...(b.guard ? [lbGroup(b.guard)] : []),
    written(LB.listener, "edge-listener", { loadBalancerArn: ref("edge-lb"), port: b.listenerPort, protocol: b.protocol, certificateArn: secure ? CERTIFICATE : "", defaultActions: [{ type: "forward", targetGroupArn: ref("edge-tg"), order: 1 }] }),
    written(LB.targetGroup, "edge-tg", {
      name: "edge-tg",
      port: b.groupPort,
      protocol: b.protocol,
      targetType: b.targetType,
      ipAddressType: "ipv4",
      vpcId: ref("vpc"),
      preserveClientIp: b.preserveClientIp,
      loadBalancerArns: [ref("edge-lb", "arn:aws:test::edge-lb")],
    }),
    written(LB.attachment, "edge-1-target", { targetGroupArn: ref("edge-tg"), targetId: b.targetType === "instance" ? ref("edge-1") : HOST_ADDRESSES[w.host].ipv4, port: b.attachmentPort }),
  ];
}
