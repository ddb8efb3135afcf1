import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import type { TestResource } from "./harness";
import { ref, res } from "./network";

/**
 * Builders for an Azure Edge in tests, in either provider's shape as written after `pulumi up`:
 * azure-native leaves unset fields out; the classic provider (a Terraform bridge) writes them as
 * "" and []. Resources point at each other with ref(), so `materialise` (test/support/network.ts)
 * runs every case after an update and at preview.
 */
export type Provider = "native" | "classic";
export const PROVIDERS: readonly Provider[] = ["native", "classic"];

export interface Rule {
  readonly name: string;
  readonly priority: unknown;
  readonly access: unknown;
  readonly protocol: unknown;
  /** One port spec ("50001", "50000-59999", "*") or a list of them. */
  readonly ports: string | string[];
  /** One source prefix or tag, or a list of prefixes. */
  readonly from: unknown;
  readonly direction?: unknown;
  readonly extra?: Record<string, unknown>;
}

export const allow = (priority: number, protocol: string, ports: string | string[], from: unknown = "Internet", name = `allow-${priority}`): Rule => ({ name, priority, access: "Allow", protocol, ports, from });
export const deny = (priority: number, protocol: string, ports: string | string[], from: unknown = "Internet", name = `deny-${priority}`): Rule => ({ name, priority, access: "Deny", protocol, ports, from });
export const MEDIA = allow(200, "Tcp", "50000-59999", "Internet", "allow-media");
export const DENY_CLS = deny(100, "Tcp", "50001-50003", "Internet", "deny-cls");

/** The classic provider's unset rule fields. */
const CLASSIC_BLANK = {
  description: "",
  sourcePortRange: "*",
  sourcePortRanges: [],
  sourceAddressPrefix: "",
  sourceAddressPrefixes: [],
  sourceApplicationSecurityGroupIds: [],
  destinationAddressPrefix: "*",
  destinationAddressPrefixes: [],
  destinationApplicationSecurityGroupIds: [],
  destinationPortRange: "",
  destinationPortRanges: [],
};

export function ruleProps(p: Provider, r: Rule): Record<string, unknown> {
  const set = {
    name: r.name,
    priority: r.priority,
    direction: r.direction ?? "Inbound",
    access: r.access,
    protocol: r.protocol,
    ...(Array.isArray(r.ports) ? { destinationPortRanges: r.ports } : { destinationPortRange: r.ports }),
    ...(Array.isArray(r.from) ? { sourceAddressPrefixes: r.from } : { sourceAddressPrefix: r.from }),
    ...r.extra,
  };
  return p === "native" ? { sourcePortRange: "*", destinationAddressPrefix: "*", ...set } : { ...CLASSIC_BLANK, ...set };
}

/**
 * A rule's destination as the provider writes it: one prefix, a list of them (the single prefix
 * then unset: left out by azure-native, "" in the classic bridge), or application security groups
 * (ids, or ref("asg") to one of the stack's).
 */
export function towards(p: Provider, destination: string | string[] | { group: unknown } | { groups: unknown[] }): Record<string, unknown> {
  const unset = { destinationAddressPrefix: p === "native" ? undefined : "" };
  if (typeof destination === "string") return { destinationAddressPrefix: destination };
  if (Array.isArray(destination)) return { ...unset, destinationAddressPrefixes: destination };
  const groups = "groups" in destination ? destination.groups : [destination.group];
  return { ...unset, ...(p === "native" ? { destinationApplicationSecurityGroups: groups.map((id) => ({ id })) } : { destinationApplicationSecurityGroupIds: groups }) };
}

/** An application security group of the stack. */
export function asg(p: Provider, name: string): TestResource {
  return p === "native" ? res(NATIVE.asg, name, { name, resourceGroupName: "rg", location: "westeurope" }) : res(CLASSIC.asg, name, { name, resourceGroupName: "rg", location: "westeurope", tags: {} });
}

export function nsg(p: Provider, name: string, rules: readonly Rule[], tags?: Record<string, unknown>): TestResource {
  const classicTags = p === "classic" ? { tags: tags ?? {} } : tags ? { tags } : {};
  return res(p === "native" ? NATIVE.nsg : CLASSIC.nsg, name, { name, resourceGroupName: "rg", location: "westeurope", securityRules: rules.map((r) => ruleProps(p, r)), ...classicTags });
}

/** A standalone rule resource of the NSG named `group`. */
export function standaloneRule(p: Provider, group: string, r: Rule): TestResource {
  return res(p === "native" ? NATIVE.rule : CLASSIC.rule, `${group}-${r.name}`, { ...ruleProps(p, r), networkSecurityGroupName: ref(group, group), resourceGroupName: "rg" });
}

export interface EdgeOptions {
  /** Rules of the NSG on the Edge subnet; undefined: no subnet NSG. */
  readonly subnetRules?: readonly Rule[];
  /** Rules of the NSG on the Edge NIC; undefined: no NIC NSG. */
  readonly nicRules?: readonly Rule[];
  readonly publicIp?: boolean;
  readonly subnetTags?: Record<string, string>;
  readonly nicTags?: Record<string, string>;
  /** The Edge subnet declared inline on its VirtualNetwork, not as a Subnet resource. */
  readonly inlineSubnet?: boolean;
  /** A route table "edge-rt" on the Edge subnet with routes to these prefixes, via an appliance; "elsewhere": a table outside the stack. */
  readonly routes?: readonly string[] | "elsewhere";
  /** The routes as Route resources of their own, not inline in the table. */
  readonly standaloneRoutes?: boolean;
  /**
   * The application security groups the Edge NIC joins (refs to asg() resources, or ids): in its IP
   * configuration (azure-native), by association (the classic provider).
   */
  readonly nicGroups?: readonly unknown[];
}

export const SUBNET_NSG = "edge-subnet-nsg";
export const NIC_NSG = "edge-nic-nsg";
const OUTSIDE_ROUTE_TABLE = "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/routeTables/hub-rt";

/** The Edge subnet's route table and its routes, as each provider writes them, and how the subnet names the table. */
function routeTable(p: Provider, o: EdgeOptions): { resources: TestResource[]; id?: unknown } {
  if (o.routes === undefined) return { resources: [] };
  if (o.routes === "elsewhere") return { resources: [], id: OUTSIDE_ROUTE_TABLE };
  const hop = p === "native" ? { nextHopType: "VirtualAppliance", nextHopIpAddress: "10.0.0.4" } : { nextHopType: "VirtualAppliance", nextHopInIpAddress: "10.0.0.4" };
  const routes = o.routes.map((addressPrefix, i) => ({ name: `route-${i}`, addressPrefix, ...hop }));
  const inline = o.standaloneRoutes ? [] : routes;
  const table =
    p === "native"
      ? res(NATIVE.routeTable, "edge-rt", { name: "edge-rt", resourceGroupName: "rg", ...(inline.length > 0 ? { routes: inline } : {}) })
      : res(CLASSIC.routeTable, "edge-rt", { name: "edge-rt", resourceGroupName: "rg", location: "westeurope", bgpRoutePropagationEnabled: true, routes: inline, subnets: [], tags: {} });
  const standalone = o.standaloneRoutes ? routes.map((r) => res(p === "native" ? NATIVE.route : CLASSIC.route, `edge-rt-${r.name}`, { ...r, routeTableName: ref("edge-rt", "edge-rt"), resourceGroupName: "rg" })) : [];
  return { resources: [table, ...standalone], id: ref("edge-rt") };
}

/** An inline subnet's id, which the NIC names (a ref to the VirtualNetwork carries the link at preview). */
const INLINE_SUBNET_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/edge";

/** The Edge: a subnet and a NIC used by a VM, with an NSG at either level, and a public IP. */
export function azureEdge(p: Provider, o: EdgeOptions): TestResource[] {
  const { subnetRules, nicRules, publicIp = true } = o;
  const nsgs = [...(subnetRules ? [nsg(p, SUBNET_NSG, subnetRules, o.subnetTags)] : []), ...(nicRules ? [nsg(p, NIC_NSG, nicRules, o.nicTags)] : [])];
  return p === "native" ? [...nsgs, ...nativeEdge(o, publicIp)] : [...nsgs, ...classicEdge(o, publicIp)];
}

function nativeEdge(o: EdgeOptions, publicIp: boolean): TestResource[] {
  const table = routeTable("native", o);
  const subnetLinks = { ...(o.subnetRules ? { networkSecurityGroup: { id: ref(SUBNET_NSG) } } : {}), ...(table.id ? { routeTable: { id: table.id } } : {}) };
  const inline = [{ name: "edge", id: INLINE_SUBNET_ID, addressPrefix: "10.0.1.0/24", ...subnetLinks }];
  return [
    ...table.resources,
    res(NATIVE.vnet, "vnet", { name: "vnet", resourceGroupName: "rg", addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, ...(o.inlineSubnet ? { subnets: inline } : {}) }),
    ...(o.inlineSubnet ? [] : [res(NATIVE.subnet, "edge", { name: "edge", resourceGroupName: "rg", virtualNetworkName: ref("vnet", "vnet"), addressPrefix: "10.0.1.0/24", ...subnetLinks })]),
    ...(publicIp ? [res(NATIVE.publicIp, "edge-pip", { name: "edge-pip", publicIPAllocationMethod: "Static" })] : []),
    res(NATIVE.nic, "edge-nic", {
      name: "edge-nic",
      ...(o.nicRules ? { networkSecurityGroup: { id: ref(NIC_NSG) } } : {}),
      ipConfigurations: [
        {
          name: "ipconfig",
          subnet: { id: o.inlineSubnet ? ref("vnet", INLINE_SUBNET_ID) : ref("edge") },
          privateIPAddress: "10.0.1.4",
          ...(publicIp ? { publicIPAddress: { id: ref("edge-pip") } } : {}),
          ...(o.nicGroups ? { applicationSecurityGroups: o.nicGroups.map((id) => ({ id })) } : {}),
        },
      ],
    }),
    res(NATIVE.vm, "edge-vm", { networkProfile: { networkInterfaces: [{ id: ref("edge-nic") }] } }),
  ];
}

/** The classic provider's inline subnet, every field written. */
function classicInlineSubnet(o: EdgeOptions): Record<string, unknown> {
  return {
    name: "edge",
    id: INLINE_SUBNET_ID,
    addressPrefixes: ["10.0.1.0/24"],
    securityGroup: o.subnetRules ? ref(SUBNET_NSG) : "",
    routeTableId: routeTable("classic", o).id ?? "",
    defaultOutboundAccessEnabled: true,
    delegation: null,
    privateEndpointNetworkPolicies: "Disabled",
    privateLinkServiceNetworkPoliciesEnabled: true,
    serviceEndpointPolicyIds: [],
    serviceEndpoints: [],
  };
}

function classicEdge(o: EdgeOptions, publicIp: boolean): TestResource[] {
  const table = routeTable("classic", o);
  const subnet = o.inlineSubnet
    ? [res(CLASSIC.vnet, "vnet", { name: "vnet", resourceGroupName: "rg", addressSpaces: ["10.0.0.0/16"], subnets: [classicInlineSubnet(o)] })]
    : [
        res(CLASSIC.subnet, "edge", { name: "edge", resourceGroupName: "rg", virtualNetworkName: "vnet", addressPrefixes: ["10.0.1.0/24"] }),
        ...(o.subnetRules ? [res(CLASSIC.subnetAssociation, "edge-subnet-nsg-association", { subnetId: ref("edge"), networkSecurityGroupId: ref(SUBNET_NSG) })] : []),
        ...(table.id ? [res(CLASSIC.routeTableAssociation, "edge-rt-association", { subnetId: ref("edge"), routeTableId: table.id })] : []),
      ];
  return [
    ...table.resources,
    ...subnet,
    ...(publicIp ? [res(CLASSIC.publicIp, "edge-pip", { name: "edge-pip", allocationMethod: "Static", ipAddress: "20.50.0.4" })] : []),
    res(CLASSIC.nic, "edge-nic", {
      name: "edge-nic",
      ipConfigurations: [{ name: "ipconfig", subnetId: o.inlineSubnet ? ref("vnet", INLINE_SUBNET_ID) : ref("edge"), privateIpAddress: "10.0.1.4", privateIpAddressAllocation: "Static", publicIpAddressId: publicIp ? ref("edge-pip") : "" }],
    }),
    ...(o.nicRules ? [res(CLASSIC.nicAssociation, "edge-nic-nsg-association", { networkInterfaceId: ref("edge-nic"), networkSecurityGroupId: ref(NIC_NSG) })] : []),
    ...(o.nicGroups ?? []).map((id, i) => res(CLASSIC.asgAssociation, `edge-nic-asg-association-${i}`, { networkInterfaceId: ref("edge-nic"), applicationSecurityGroupId: id })),
    res(CLASSIC.windowsVm, "edge-vm", { networkInterfaceIds: [ref("edge-nic")] }),
  ];
}

/**
 * The ids azurerm writes for the classic associations after an update (materialise gives every
 * resource one of its own): a subnet's NSG or route table association's is the subnet's id, a NIC
 * association's "<nicId>|<nsgId>".
 */
export function azurermIds(resources: readonly TestResource[]): TestResource[] {
  return resources.map((r) => {
    if (r.type === CLASSIC.subnetAssociation || r.type === CLASSIC.routeTableAssociation) return { ...r, props: { ...r.props, id: r.props.subnetId } };
    if (r.type === CLASSIC.nicAssociation) return { ...r, props: { ...r.props, id: `${r.props.networkInterfaceId}|${r.props.networkSecurityGroupId}` } };
    if (r.type === CLASSIC.asgAssociation) return { ...r, props: { ...r.props, id: `${r.props.networkInterfaceId}|${r.props.applicationSecurityGroupId}` } };
    return r;
  });
}

/**
 * Azure Firewall DNAT. "firewall": the rules on the firewall itself (azure-native's inline NAT
 * collections, the classic provider's standalone FirewallNatRuleCollection); "policy": a firewall
 * policy's rule collection group, the policy used by the firewall. Justification tags go on the
 * firewall or the policy: the collections of either shape take no tags.
 */
export type DnatShape = "firewall" | "policy";
export const DNAT_SHAPES: readonly (readonly [Provider, DnatShape])[] = PROVIDERS.flatMap((p) => (["firewall", "policy"] as const).map((s) => [p, s] as const));

/** One DNAT rule: public 443 from * to the Edge NIC's 10.0.1.4 unless told otherwise. */
export interface Dnat {
  /** translatedPort as azure-native and the classic collection write it: a string (the classic policy group takes a number). */
  readonly port: unknown;
  readonly publicPorts?: string[];
  readonly from?: unknown[];
  readonly ipGroups?: unknown[];
  readonly protocols?: unknown[];
  readonly to?: unknown;
  readonly fqdn?: string;
}

export interface DnatOptions {
  /** The collection's action; "Dnat" (azure-native policies spell it "DNAT") unless told. */
  readonly action?: string;
  readonly tags?: Record<string, string>;
  /** The address prefix of the firewall's subnet, which is then a Subnet of the stack (by default only its id is known). */
  readonly firewallSubnet?: string;
}

const FIREWALL_ADDRESS = "20.50.0.10";

/** The classic policy group's translatedPort is a number; a ref keeps its link and changes its value. */
function numericPort(port: unknown): unknown {
  if (typeof port === "string" && /^\d+$/.test(port)) return Number(port);
  if (typeof port === "object" && port !== null && "ref" in port) {
    const r = port as { ref: string; value?: unknown };
    return ref(r.ref, numericPort(r.value));
  }
  return port;
}

function dnatRuleProps(p: Provider, shape: DnatShape, d: Dnat, i: number): Record<string, unknown> {
  const common = { name: `dnat-${i}`, sourceAddresses: d.from ?? ["*"], translatedAddress: d.to ?? (d.fqdn ? undefined : "10.0.1.4") };
  const protocols = d.protocols ?? ["TCP"];
  const ports = d.publicPorts ?? ["443"];
  if (p === "native") {
    const set = { ...common, ...(d.ipGroups ? { sourceIpGroups: d.ipGroups } : {}), ...(d.fqdn ? { translatedFqdn: d.fqdn } : {}), destinationAddresses: [FIREWALL_ADDRESS], destinationPorts: ports, translatedPort: d.port };
    const defined = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
    return shape === "firewall" ? { ...defined, protocols } : { ruleType: "NatRule", ...defined, ipProtocols: protocols };
  }
  const classic = { description: "", ...common, translatedAddress: common.translatedAddress ?? "", sourceIpGroups: d.ipGroups ?? [], protocols };
  if (shape === "firewall") return { ...classic, destinationAddresses: [FIREWALL_ADDRESS], destinationPorts: ports, translatedPort: d.port };
  return { ...classic, translatedFqdn: d.fqdn ?? "", destinationAddress: FIREWALL_ADDRESS, destinationPorts: ports.join(","), translatedPort: numericPort(d.port) };
}

const FIREWALL_SUBNET_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/AzureFirewallSubnet";

/** The firewall's subnet: in the stack where its prefix is given, else named by id alone. */
function firewallSubnet(p: Provider, prefix: string | undefined): { resources: TestResource[]; id: unknown } {
  if (prefix === undefined) return { resources: [], id: FIREWALL_SUBNET_ID };
  const props = { name: "AzureFirewallSubnet", resourceGroupName: "rg" };
  const subnet = p === "native" ? res(NATIVE.subnet, "fw-subnet", { ...props, virtualNetworkName: ref("vnet", "vnet"), addressPrefix: prefix }) : res(CLASSIC.subnet, "fw-subnet", { ...props, virtualNetworkName: "vnet", addressPrefixes: [prefix] });
  return { resources: [subnet], id: ref("fw-subnet") };
}

function dnatFirewallResources(p: Provider, withPolicy: boolean, o: DnatOptions): TestResource[] {
  const subnet = firewallSubnet(p, o.firewallSubnet);
  const tags = withPolicy ? undefined : o.tags;
  if (p === "native") {
    return [
      ...subnet.resources,
      res(NATIVE.publicIp, "fw-pip", { name: "fw-pip", publicIPAllocationMethod: "Static" }),
      res(NATIVE.firewall, "edge-fw", {
        name: "edge-fw",
        resourceGroupName: "rg",
        ipConfigurations: [{ name: "ipconfig", subnet: { id: subnet.id }, publicIPAddress: { id: ref("fw-pip") } }],
        ...(withPolicy ? { firewallPolicy: { id: ref("fw-policy") } } : {}),
        ...(tags ? { tags } : {}),
      }),
    ];
  }
  return [
    ...subnet.resources,
    res(CLASSIC.publicIp, "fw-pip", { name: "fw-pip", allocationMethod: "Static", ipAddress: FIREWALL_ADDRESS }),
    res(CLASSIC.firewall, "edge-fw", {
      name: "edge-fw",
      resourceGroupName: "rg",
      skuName: "AZFW_VNet",
      skuTier: "Standard",
      ipConfigurations: [{ name: "ipconfig", subnetId: subnet.id, publicIpAddressId: ref("fw-pip"), privateIpAddress: "10.0.0.4" }],
      firewallPolicyId: withPolicy ? ref("fw-policy") : "",
      tags: tags ?? {},
    }),
  ];
}

function dnatPolicyResources(p: Provider, rules: Record<string, unknown>[], o: DnatOptions): TestResource[] {
  const policyTags = p === "classic" ? { tags: o.tags ?? {} } : o.tags ? { tags: o.tags } : {};
  if (p === "native") {
    const collection = { ruleCollectionType: "FirewallPolicyNatRuleCollection", name: "dnat", priority: 100, action: { type: o.action ?? "DNAT" }, rules };
    return [
      res(NATIVE.firewallPolicy, "fw-policy", { name: "fw-policy", resourceGroupName: "rg", ...policyTags }),
      res(NATIVE.policyGroup, "edge-rcg", { name: "edge-rcg", firewallPolicyName: ref("fw-policy", "fw-policy"), resourceGroupName: "rg", priority: 100, ruleCollections: [collection] }),
    ];
  }
  const collection = { name: "dnat", priority: 100, action: o.action ?? "Dnat", rules };
  return [
    res(CLASSIC.firewallPolicy, "fw-policy", { name: "fw-policy", resourceGroupName: "rg", ...policyTags }),
    res(CLASSIC.policyGroup, "edge-rcg", { name: "edge-rcg", firewallPolicyId: ref("fw-policy"), priority: 100, natRuleCollections: [collection], applicationRuleCollections: [], networkRuleCollections: [] }),
  ];
}

/** An Azure Firewall with a public IP and DNAT rules in the given shape (the Edge itself comes from azureEdge). */
export function dnatFirewall(p: Provider, shape: DnatShape, dnats: readonly Dnat[], o: DnatOptions = {}): TestResource[] {
  const rules = dnats.map((d, i) => dnatRuleProps(p, shape, d, i));
  if (shape === "policy") return [...dnatFirewallResources(p, true, o), ...dnatPolicyResources(p, rules, o)];
  if (p === "native") {
    const resources = dnatFirewallResources(p, false, o);
    const fw = resources[resources.length - 1];
    return [...resources.slice(0, -1), { ...fw, props: { ...fw.props, natRuleCollections: [{ name: "dnat", priority: 100, action: { type: o.action ?? "Dnat" }, rules }] } }];
  }
  const collection = res(CLASSIC.natRuleCollection, "edge-dnat", { name: "edge-dnat", azureFirewallName: ref("edge-fw", "edge-fw"), resourceGroupName: "rg", priority: 100, action: o.action ?? "Dnat", rules });
  return [...dnatFirewallResources(p, false, o), collection];
}

/**
 * Azure Load Balancer in front of the Edge NIC. azure-native declares frontends, pools and rules
 * inline in the LoadBalancer, and ARM writes their ids after the update (absent at preview); the
 * NIC joins a pool or NAT rule by id in its IP configuration. The classic provider writes each
 * part as a resource naming the balancer, every field set, and joins the NIC by association.
 */
export interface Forwarding {
  readonly part: "rule" | "nat rule";
  readonly protocol?: string;
  readonly frontendPort: number;
  readonly backendPort: unknown;
}

export interface BalancerOptions {
  readonly forwards: readonly Forwarding[];
  /** An internal balancer: its frontend is a private address in the Edge subnet. */
  readonly internal?: boolean;
  /** The internal frontend's static private address (dynamic, written by Azure, unless told). */
  readonly privateIp?: string;
  /** The frontend public IP's address family (IPv4 when unset). */
  readonly ipVersion?: "IPv4" | "IPv6";
  /** How the NIC names the pool or NAT rule; a ref to the balancer (its id after the update) unless told. */
  readonly memberLink?: unknown;
}

const LB_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/edge-lb";
export const LB_PART_IDS = { frontend: `${LB_ID}/frontendIPConfigurations/fe`, pool: `${LB_ID}/backendAddressPools/pool`, natRule: `${LB_ID}/inboundNatRules/nat-0` };

function nativeBalancer(o: BalancerOptions, mode: "update" | "preview"): TestResource[] {
  const computed = (id: string) => (mode === "update" ? { id, etag: 'W/"1"', provisioningState: "Succeeded" } : {});
  const frontend = o.internal
    ? { subnet: { id: ref("edge") }, ...(o.privateIp ? { privateIPAllocationMethod: "Static", privateIPAddress: o.privateIp } : { privateIPAllocationMethod: "Dynamic" }) }
    : { publicIPAddress: { id: ref("lb-pip") } };
  const common = (f: Forwarding) => ({ frontendIPConfiguration: { id: LB_PART_IDS.frontend }, protocol: f.protocol ?? "Tcp", frontendPort: f.frontendPort, backendPort: f.backendPort, enableFloatingIP: false, idleTimeoutInMinutes: 4 });
  const rules = o.forwards.flatMap((f, i) => (f.part === "rule" ? [{ name: `rule-${i}`, ...computed(`${LB_ID}/loadBalancingRules/rule-${i}`), ...common(f), backendAddressPool: { id: LB_PART_IDS.pool }, loadDistribution: "Default" }] : []));
  const nats = o.forwards.flatMap((f, i) => (f.part === "nat rule" ? [{ name: `nat-${i}`, ...computed(`${LB_ID}/inboundNatRules/nat-${i}`), ...common(f) }] : []));
  return [
    ...(o.internal ? [] : [res(NATIVE.publicIp, "lb-pip", { name: "lb-pip", publicIPAllocationMethod: "Static", sku: { name: "Standard" }, ...(o.ipVersion ? { publicIPAddressVersion: o.ipVersion } : {}) })]),
    res(NATIVE.loadBalancer, "edge-lb", {
      name: "edge-lb",
      resourceGroupName: "rg",
      sku: { name: "Standard", tier: "Regional" },
      frontendIPConfigurations: [{ name: "fe", ...computed(LB_PART_IDS.frontend), ...frontend }],
      backendAddressPools: [{ name: "pool", ...computed(LB_PART_IDS.pool) }],
      loadBalancingRules: rules,
      inboundNatRules: nats,
    }),
  ];
}

function classicBalancer(o: BalancerOptions): TestResource[] {
  const frontend = {
    name: "fe",
    publicIpAddressId: o.internal ? "" : ref("lb-pip"),
    subnetId: o.internal ? ref("edge") : "",
    privateIpAddress: o.privateIp ?? "",
    privateIpAddressAllocation: o.privateIp ? "Static" : "Dynamic",
    privateIpAddressVersion: o.internal ? "IPv4" : "",
    publicIpPrefixId: "",
    gatewayLoadBalancerFrontendIpConfigurationId: "",
    zones: [],
    inboundNatRules: [],
    loadBalancerRules: [],
    outboundRules: [],
  };
  const common = (f: Forwarding, i: number) => ({ name: `${f.part === "rule" ? "rule" : "nat"}-${i}`, loadbalancerId: ref("edge-lb"), frontendIpConfigurationName: "fe", protocol: f.protocol ?? "Tcp", frontendPort: f.frontendPort, backendPort: f.backendPort, enableFloatingIp: false, floatingIpEnabled: false, enableTcpReset: false, tcpResetEnabled: false, idleTimeoutInMinutes: 4 });
  const parts = o.forwards.map((f, i) =>
    f.part === "rule"
      ? res(CLASSIC.lbRule, `rule-${i}`, { ...common(f, i), backendAddressPoolIds: [ref("edge-pool")], probeId: "", disableOutboundSnat: false, loadDistribution: "Default" })
      : res(CLASSIC.natRule, `nat-${i}`, { ...common(f, i), resourceGroupName: "rg", frontendPortStart: 0, frontendPortEnd: 0, backendAddressPoolId: "" }),
  );
  const members = o.forwards.map((f, i) =>
    f.part === "rule"
      ? res(CLASSIC.poolAssociation, `edge-pool-association-${i}`, { networkInterfaceId: ref("edge-nic"), ipConfigurationName: "ipconfig", backendAddressPoolId: o.memberLink ?? ref("edge-pool") })
      : res(CLASSIC.natRuleAssociation, `edge-nat-association-${i}`, { networkInterfaceId: ref("edge-nic"), ipConfigurationName: "ipconfig", natRuleId: o.memberLink ?? ref(`nat-${i}`) }),
  );
  return [
    ...(o.internal ? [] : [res(CLASSIC.publicIp, "lb-pip", { name: "lb-pip", allocationMethod: "Static", sku: "Standard", ipVersion: o.ipVersion ?? "IPv4", ipAddress: "20.50.0.20" })]),
    res(CLASSIC.loadBalancer, "edge-lb", { name: "edge-lb", resourceGroupName: "rg", location: "westeurope", sku: "Standard", skuTier: "Regional", edgeZone: "", frontendIpConfigurations: [frontend], privateIpAddress: "", privateIpAddresses: [], tags: {} }),
    res(CLASSIC.backendPool, "edge-pool", { name: "pool", loadbalancerId: ref("edge-lb"), backendIpConfigurations: [], inboundNatRules: [], loadBalancingRules: [], outboundRules: [], tunnelInterfaces: [], synchronousMode: "", virtualNetworkId: "" }),
    ...parts,
    ...members,
  ];
}

/** The Edge with a load balancer in front of its NIC (azure-native names the pool or NAT rule in the NIC's IP configuration). */
export function behindBalancer(p: Provider, edge: readonly TestResource[], o: BalancerOptions, mode: "update" | "preview"): TestResource[] {
  if (p === "classic") return [...edge, ...classicBalancer(o)];
  const member = (f: Forwarding, i: number) => ({ id: o.memberLink ?? ref("edge-lb", f.part === "rule" ? LB_PART_IDS.pool : `${LB_ID}/inboundNatRules/nat-${i}`) });
  const pools = o.forwards.some((f) => f.part === "rule") ? [member(o.forwards.find((f) => f.part === "rule")!, 0)] : [];
  const nats = o.forwards.flatMap((f, i) => (f.part === "nat rule" ? [member(f, i)] : []));
  const joined = edge.map((r) => {
    if (r.name !== "edge-nic") return r;
    const configs = (r.props.ipConfigurations as Record<string, unknown>[]).map((c) => ({ ...c, ...(pools.length ? { loadBalancerBackendAddressPools: pools } : {}), ...(nats.length ? { loadBalancerInboundNatRules: nats } : {}) }));
    return { ...r, props: { ...r.props, ipConfigurations: configs } };
  });
  return [...joined, ...nativeBalancer(o, mode)];
}
