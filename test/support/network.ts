import { providerOutputs } from "../../harness/providerSchema";
import { SG, UNKNOWN, WORLD, WORLD6 } from "./fixtures";
import type { TestResource } from "./harness";

/**
 * Builders for whole Edge networks in tests. Resources point at each other with ref("name");
 * `materialise` turns refs into ids (after an update) or into unknowns plus the engine's property
 * dependencies (at preview), so every case runs both ways.
 */
export const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  instance: "aws:ec2/instance:Instance",
  spotInstanceRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  sgAttachment: "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
  asg: "aws:autoscaling/group:Group",
  nacl: "aws:ec2/networkAcl:NetworkAcl",
  defaultNacl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  naclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  naclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  ruleGroup: "aws:networkfirewall/ruleGroup:RuleGroup",
  policy: "aws:networkfirewall/firewallPolicy:FirewallPolicy",
  firewall: "aws:networkfirewall/firewall:Firewall",
  igw: "aws:ec2/internetGateway:InternetGateway",
  igwAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  route: "aws:ec2/route:Route",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  eip: "aws:ec2/eip:Eip",
  endpointAssociation: "aws:networkfirewall/vpcEndpointAssociation:VpcEndpointAssociation",
} as const;

/** An output of another resource: its id (or arn, or `value` when given) after an update. */
export interface Ref {
  readonly ref: string;
  readonly value?: unknown;
}

export const ref = (name: string, value?: unknown): Ref => (value === undefined ? { ref: name } : { ref: name, value });

function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && "ref" in value;
}

export function res(type: string, name: string, props: Record<string, unknown>): TestResource {
  return { type, name, props };
}

/** Ids after an update (arn for keys ending in Arn), or unknowns with dependencies at preview. */
export function materialise(resources: readonly TestResource[], mode: "update" | "preview"): TestResource[] {
  return resources.map((r) => {
    const deps: Record<string, string[]> = {};
    const walk = (value: unknown, topKey: string, key: string): unknown => {
      if (isRef(value)) {
        deps[topKey] = [...(deps[topKey] ?? []), value.ref];
        if (mode === "preview") return UNKNOWN;
        return value.value ?? (/arn$/i.test(key) ? `arn:aws:test::${value.ref}` : `${value.ref}-id`);
      }
      if (Array.isArray(value)) return value.map((v) => walk(v, topKey, key));
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, topKey, k)]));
      return value;
    };
    const props = Object.fromEntries(Object.entries(r.props).map(([k, v]) => [k, walk(v, k, k)]));
    const own = mode === "update" ? { id: `${r.name}-id`, arn: `arn:aws:test::${r.name}` } : {};
    return { ...r, props: { ...props, ...own }, propertyDependencies: mode === "preview" ? deps : undefined };
  });
}

/**
 * As the engine sends them: after an update, each resource as the provider writes it (every field,
 * unset ones "" / 0 / [] / null) with the outputs only the cloud knows (`computed`, by name); at
 * preview, its inputs.
 */
export function deployed(resources: readonly TestResource[], mode: "update" | "preview", computed: Record<string, Record<string, unknown>> = {}): TestResource[] {
  if (mode === "preview") return materialise(resources, mode);
  return materialise(resources.map((r) => ({ ...r, props: providerOutputs(r.type, r.props, computed[r.name]) })), mode);
}

/** The Edge: a VPC, a public subnet, a group opening the media range to the world, an instance. */
export function edge(sources: Record<string, unknown> = { cidrBlocks: [WORLD] }): TestResource[] {
  return [
    res(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16", defaultNetworkAclId: "acl-0default" }),
    res(T.subnet, "edge-public", { vpcId: ref("vpc"), cidrBlock: "10.0.1.0/24", ipv6CidrBlock: "2600:1f18:0:1::/64", availabilityZone: "eu-west-1a" }),
    res(SG, "edge-av", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, ...sources }] }),
    res(T.instance, "edge-1", { subnetId: ref("edge-public"), vpcSecurityGroupIds: [ref("edge-av")] }),
  ];
}

export const DUAL_STACK = { cidrBlocks: [WORLD], ipv6CidrBlocks: [WORLD6] };

type Entry = Record<string, unknown>;
export const allowAll = (ruleNo: number, extra: Entry = {}): Entry => ({ ruleNo, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: WORLD, ...extra });
export const denyCls = (ruleNo: number, extra: Entry = {}): Entry => ({ ruleNo, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: WORLD, ...extra });
export const allowTcp = (ruleNo: number, fromPort: number, toPort: number, extra: Entry = {}): Entry => ({ ruleNo, action: "allow", protocol: "tcp", fromPort, toPort, cidrBlock: WORLD, ...extra });

export function nacl(name: string, ingress: Entry[], subnets: string[] = ["edge-public"]): TestResource {
  return res(T.nacl, name, { vpcId: ref("vpc"), subnetIds: subnets.map((s) => ref(s)), ingress, egress: [allowAll(100)] });
}

export function naclRule(name: string, acl: string, entry: Entry): TestResource {
  const { ruleNo, action, ...rest } = entry;
  return res(T.naclRule, name, { networkAclId: ref(acl), ruleNumber: ruleNo, ruleAction: action, egress: false, ...rest });
}

/** How the Edge VPC routes the internet's traffic around or through the firewall; AWS's distributed model by default. */
export interface Routes {
  /** The gateway's edge route for the Edge subnet: to the firewall endpoint, nowhere (no edge table), to another subnet only, or to a Gateway Load Balancer endpoint. */
  readonly edge?: "endpoint" | "no-edge-table" | "other-subnet" | "gwlb";
  /** The Edge subnet's route to the internet: back through the endpoint, straight to the gateway, or to a transit gateway. */
  readonly back?: "endpoint" | "igw" | "tgw";
  /** The zone of the firewall's endpoint (the Edge subnet is in eu-west-1a). */
  readonly endpointZone?: string;
  /** An IPv6 edge route through the endpoint too, or none (IPv6 goes straight in). */
  readonly ipv6?: "endpoint" | "none";
}

/** The provider-written shape of a route: every destination and target field, the unused ones "". */
export function route(fields: Record<string, unknown>): Record<string, unknown> {
  const blank = Object.fromEntries(["cidrBlock", "ipv6CidrBlock", "destinationPrefixListId", "gatewayId", "vpcEndpointId", "networkInterfaceId", "transitGatewayId", "natGatewayId", "egressOnlyGatewayId", "vpcPeeringConnectionId", "carrierGatewayId", "localGatewayId", "coreNetworkArn"].map((k) => [k, ""]));
  return { ...blank, ...fields };
}

/** A route table with its association (to a subnet or, for an edge table, to the gateway). */
export function routeTable(name: string, routes: Record<string, unknown>[], associate: { subnetId?: Ref; gatewayId?: Ref }): TestResource[] {
  return [
    res(T.routeTable, name, { vpcId: ref("vpc"), routes: routes.map(route) }),
    res(T.routeTableAssociation, `${name}-association`, { routeTableId: ref(name), subnetId: "", gatewayId: "", ...associate }),
  ];
}

/**
 * A firewall in the Edge VPC with one policy over the given rule groups, in its own subnet, and the
 * routes that put it on (or off) the internet's path to the Edge subnet.
 */
export function firewall(policy: Record<string, unknown>, groups: TestResource[], routes: Routes = {}): TestResource[] {
  const { edge = "endpoint", back = "endpoint", endpointZone = "eu-west-1a", ipv6 = "none" } = routes;
  const endpoint = ref("edge-fw", "vpce-edge-fw");
  const status = [{ syncStates: [{ availabilityZone: endpointZone, attachments: [{ endpointId: "vpce-edge-fw", subnetId: "fw-subnet-id" }] }], transitGatewayAttachmentSyncStates: [] }];
  const edgeRoutes = {
    endpoint: [{ cidrBlock: "10.0.1.0/24", vpcEndpointId: endpoint }, ...(ipv6 === "endpoint" ? [{ ipv6CidrBlock: "2600:1f18:0:1::/64", vpcEndpointId: endpoint }] : [])],
    "other-subnet": [{ cidrBlock: "10.0.2.0/24", vpcEndpointId: endpoint }],
    gwlb: [{ cidrBlock: "10.0.1.0/24", vpcEndpointId: "vpce-0gwlb" }],
    "no-edge-table": [],
  }[edge];
  const backRoute = { endpoint: { vpcEndpointId: endpoint }, igw: { gatewayId: ref("igw") }, tgw: { transitGatewayId: "tgw-0central" } }[back];
  return [
    ...groups,
    res(T.policy, "fw-policy", { firewallPolicy: { statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"], ...policy } }),
    res(T.igw, "igw", { vpcId: ref("vpc") }),
    res(T.subnet, "fw-subnet", { vpcId: ref("vpc"), cidrBlock: "10.0.0.0/28", availabilityZone: "eu-west-1a" }),
    res(T.firewall, "edge-fw", { vpcId: ref("vpc"), firewallPolicyArn: ref("fw-policy"), subnetMappings: [{ subnetId: ref("fw-subnet") }], firewallStatuses: ref("edge-fw", status) }),
    ...(edge === "no-edge-table" ? [] : routeTable("edge-rt", edgeRoutes, { gatewayId: ref("igw") })),
    ...routeTable("edge-public-rt", [{ cidrBlock: "0.0.0.0/0", ...backRoute }], { subnetId: ref("edge-public") }),
    ...routeTable("fw-rt", [{ cidrBlock: "0.0.0.0/0", gatewayId: ref("igw") }], { subnetId: ref("fw-subnet") }),
  ];
}

export function suricata(name: string, rules: string, extra: Record<string, unknown> = {}): TestResource {
  return res(T.ruleGroup, name, { type: "STATEFUL", capacity: 100, ruleGroup: { rulesSource: { rulesString: rules }, ...extra } });
}

export function statelessGroup(name: string, rules: { priority: number; actions: string[]; match: Record<string, unknown> }[]): TestResource {
  return res(T.ruleGroup, name, {
    type: "STATELESS",
    capacity: 100,
    ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: rules.map((r) => ({ priority: r.priority, ruleDefinition: { actions: r.actions, matchAttributes: r.match } })) } } },
  });
}

export const clsPorts = [{ fromPort: 50001, toPort: 50003 }];
export const everyone = [{ addressDefinition: "0.0.0.0/0" }];

export const LB = {
  balancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  albBalancer: "aws:alb/loadBalancer:LoadBalancer",
  classic: "aws:elb/loadBalancer:LoadBalancer",
  classicAttachment: "aws:elb/attachment:Attachment",
  asgAttachment: "aws:autoscaling/attachment:Attachment",
  trafficSourceAttachment: "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment",
} as const;

/** A balancer in front of the Edge instance, in its own public subnet (10.0.3.0/24) that routes to the gateway. */
export interface Balancer {
  readonly type?: "network" | "application";
  readonly internal?: boolean;
  /** ipv4 (IPv4 clients), dualstack (both families). */
  readonly ipAddressType?: string;
  readonly listenerPort?: unknown;
  readonly groupPort?: unknown;
  readonly protocol?: string;
  readonly targetGroupArn?: unknown;
  /** Whether the gateway's edge table sends the balancer's subnet through the firewall's endpoint too. */
  readonly inspected?: boolean;
}

/** The provider-written shape of a forward action: every kind's block null, order 1. */
const forwardTo = (targetGroupArn: unknown) => ({ type: "forward", targetGroupArn, order: 1, forward: null, redirect: null, fixedResponse: null, authenticateCognito: null, authenticateOidc: null, jwtValidation: null });

export function balancer(options: Balancer = {}): TestResource[] {
  const { type = "network", internal = false, ipAddressType = "ipv4", listenerPort = 50001, groupPort = 50001, protocol = type === "network" ? "TCP" : "HTTPS", targetGroupArn = ref("edge-tg"), inspected = false } = options;
  const blankRoute = Object.fromEntries(Object.keys(route({})).map((k) => [k === "cidrBlock" ? "destinationCidrBlock" : k === "ipv6CidrBlock" ? "destinationIpv6CidrBlock" : k, ""]));
  return [
    res(T.subnet, "lb-public", { vpcId: ref("vpc"), cidrBlock: "10.0.3.0/24", ipv6CidrBlock: "", availabilityZone: "eu-west-1a" }),
    ...routeTable("lb-public-rt", [{ cidrBlock: "0.0.0.0/0", gatewayId: ref("igw") }], { subnetId: ref("lb-public") }),
    ...(inspected ? [res(T.route, "lb-edge-route", { ...blankRoute, routeTableId: ref("edge-rt"), destinationCidrBlock: "10.0.3.0/24", vpcEndpointId: ref("edge-fw", "vpce-edge-fw") })] : []),
    res(LB.balancer, "edge-lb", {
      loadBalancerType: type,
      internal,
      ipAddressType,
      securityGroups: [],
      subnets: [ref("lb-public")],
      subnetMappings: [{ subnetId: ref("lb-public"), allocationId: "", ipv6Address: "", outpostId: "", privateIpv4Address: "" }],
    }),
    res(LB.listener, "edge-listener", { loadBalancerArn: ref("edge-lb"), port: listenerPort, protocol, defaultActions: [forwardTo(targetGroupArn)] }),
    res(LB.targetGroup, "edge-tg", { port: groupPort, protocol, targetType: "instance", vpcId: ref("vpc"), preserveClientIp: "true", loadBalancerArns: [] }),
    res(LB.attachment, "edge-1-target", { targetGroupArn, targetId: ref("edge-1"), port: 0, availabilityZone: "" }),
  ];
}
