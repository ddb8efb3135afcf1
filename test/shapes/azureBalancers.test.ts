import { balancerForwards, balancerFrontends, balancerPools, partOfId, publicIpFamily } from "../../src/shapes/azure/balancers";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import { UNKNOWN } from "../../src/model/values";
import type { ResourceView } from "../../src/shapes/resource";
import { numbersText } from "../support/modelText";

/**
 * Azure Load Balancer forwarding rules as each provider writes them: azure-native inline in the
 * LoadBalancer (unset fields absent) or a standalone InboundNatRule, the classic provider's rule,
 * NAT rule and NAT pool resources (every field written, 0 for an unset number).
 */
const view = (type: string, props: Record<string, unknown>, name = "r"): ResourceView => ({ urn: `urn:${name}`, type, name, props, propertyDependencies: {} });
const CLASSIC_NAT = { loadbalancerId: "/lb", frontendIpConfigurationName: "fe", protocol: "Tcp", frontendPort: 0, frontendPortStart: 0, frontendPortEnd: 0, backendPort: 50001, backendAddressPoolId: "", floatingIpEnabled: false };

test.each([
  ["a native inline rule", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "web", protocol: "Tcp", frontendPort: 443, backendPort: 50001, frontendIPConfiguration: { id: "/lb/fe" } }] }), ["load-balancing rule \"web\"", "6", "50001", "50001", "443", ""]],
  ["a native rule for All on port 0 (HA ports)", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "ha", protocol: "All", frontendPort: 0, backendPort: 0 }] }), ["load-balancing rule \"ha\"", "6,17", "0-65535", "any port", "any port", ""]],
  ["a native rule whose backend port is unknown at preview", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "web", protocol: "Udp", frontendPort: 443, backendPort: UNKNOWN }] }), ["load-balancing rule \"web\"", "17", "0-65535", "any port", "443", "loadBalancingRules[0].backendPort is not known until the update; read as any port"]],
  ["a native NAT rule with floating IP", view(NATIVE.loadBalancer, { inboundNatRules: [{ name: "nat", protocol: "Tcp", frontendPort: 443, backendPort: 50001, enableFloatingIP: true }] }), ["inbound NAT rule \"nat\" (floating IP)", "6", "50001", "50001", "443", ""]],
  ["a native NAT pool", view(NATIVE.loadBalancer, { inboundNatPools: [{ name: "pool", protocol: "Tcp", frontendPortRangeStart: 50000, frontendPortRangeEnd: 50099, backendPort: 50001 }] }), ["inbound NAT pool \"pool\"", "6", "50001", "50001", "50000-50099", ""]],
  ["a native standalone NAT rule without a protocol", view(NATIVE.natRule, { name: "nat", loadBalancerName: "edge-lb", frontendPort: 443, backendPort: 50001 }), ["inbound NAT rule \"nat\"", "6,17", "50001", "50001", "443", "protocol is not set; read as TCP and UDP"]],
  ["a classic rule", view(CLASSIC.lbRule, { name: "web", loadbalancerId: "/lb", frontendIpConfigurationName: "fe", protocol: "Tcp", frontendPort: 443, backendPort: 50001, backendAddressPoolIds: ["/lb/pool"], floatingIpEnabled: false }), ["load-balancing rule \"web\"", "6", "50001", "50001", "443", ""]],
  ["a classic NAT rule over a port range of a pool", view(CLASSIC.natRule, { ...CLASSIC_NAT, name: "nat", frontendPortStart: 50000, frontendPortEnd: 50010, backendAddressPoolId: "/lb/pool" }), ["inbound NAT rule \"nat\"", "6", "50001", "50001", "50000-50010", ""]],
  ["a classic NAT pool", view(CLASSIC.natPool, { ...CLASSIC_NAT, name: "pool", frontendPortStart: 50000, frontendPortEnd: 50099 }), ["inbound NAT pool \"pool\"", "6", "50001", "50001", "50000-50099", ""]],
])("%s", (_name, v, [label, protocols, ports, portText, frontendPorts, reading]) => {
  const [read] = balancerForwards(v);
  expect([read.label, numbersText(read.protocols), numbersText(read.hostPorts), read.hostPortText, read.frontendPortText, read.readings.join("; ")]).toEqual([label, protocols, ports, portText, frontendPorts, reading]);
});

test("a classic rule names its pools, its balancer by id and its frontend by name", () => {
  const [read] = balancerForwards(view(CLASSIC.lbRule, { name: "web", loadbalancerId: "/lb", frontendIpConfigurationName: "fe", protocol: "Tcp", frontendPort: 443, backendPort: 443, backendAddressPoolIds: ["/lb/pool"] }));
  expect([read.balancer, read.frontend, read.pools]).toEqual([
    { kind: "link", link: { key: "loadbalancerId", value: "/lb", path: "loadbalancerId" } },
    { kind: "name", name: "fe", path: "frontendIpConfigurationName" },
    [{ key: "backendAddressPoolIds", value: "/lb/pool", path: "backendAddressPoolIds[0]" }],
  ]);
});

test.each([
  ["native public", view(NATIVE.loadBalancer, { frontendIPConfigurations: [{ name: "FE", publicIPAddress: { id: "/pip" } }] }), [{ name: "fe", publicIp: { key: "frontendIPConfigurations", value: "/pip", path: "frontendIPConfigurations[0].publicIPAddress.id" } }]],
  ["native internal", view(NATIVE.loadBalancer, { frontendIPConfigurations: [{ name: "fe", subnet: { id: "/s" } }] }), [{ name: "fe" }]],
  ["classic internal, the bridge's blanks", view(CLASSIC.loadBalancer, { frontendIpConfigurations: [{ name: "fe", id: "/lb/fe", publicIpAddressId: "", publicIpPrefixId: "", subnetId: "/s" }] }), [{ name: "fe", id: "/lb/fe" }]],
])("frontends: %s", (_name, v, expected) => {
  expect(balancerFrontends(v).map((f) => Object.fromEntries(Object.entries(f).filter(([, value]) => value !== undefined)))).toEqual(expected);
});

test.each([
  [view(NATIVE.publicIp, {}), "ipv4"],
  [view(NATIVE.publicIp, { publicIPAddressVersion: "IPv6" }), "ipv6"],
  [view(CLASSIC.publicIp, { ipVersion: "IPv4" }), "ipv4"],
  [view(CLASSIC.publicIp, { ipVersion: UNKNOWN }), undefined],
])("a public IP's family %#", (v, expected) => {
  expect(publicIpFamily(v)).toBe(expected);
});

test("a part's id spells its balancer and name", () => {
  expect(partOfId("/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/loadBalancers/Edge-LB/backendAddressPools/pool")).toEqual({ resourceGroup: "rg", balancer: "edge-lb", collection: "backendaddresspools", name: "pool" });
  expect(partOfId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic")).toBeUndefined();
});

test("a standalone NAT rule and pool as ARM writes them name their balancer in their ids", () => {
  const id = (child: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/edge-lb/${child}`;
  const balancer = { kind: "name", ref: { name: "edge-lb", resourceGroup: "rg", key: "loadBalancerName" } };
  expect(balancerForwards(view(NATIVE.natRule, { id: id("inboundNatRules/nat"), name: "nat", protocol: "Tcp", frontendPort: 443, backendPort: 50001 }))[0].balancer).toEqual(balancer);
  expect(balancerPools(view(NATIVE.backendPool, { id: id("backendAddressPools/pool"), name: "pool" }))[0].balancer).toEqual(balancer);
});

/** The frontend ports a rule takes traffic on: what a firewall's DNAT to an internal frontend is matched against. */
test.each([
  ["a native rule", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "web", protocol: "Tcp", frontendPort: 443, backendPort: 50001 }] }), "443"],
  ["a native HA-ports rule (port 0)", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "ha", protocol: "All", frontendPort: 0, backendPort: 0 }] }), "0-65535"],
  ["a native NAT pool's range", view(NATIVE.loadBalancer, { inboundNatPools: [{ name: "pool", protocol: "Tcp", frontendPortRangeStart: 50000, frontendPortRangeEnd: 50099, backendPort: 50001 }] }), "50000-50099"],
  ["a classic NAT rule as the provider writes it (unset range 0)", view(CLASSIC.natRule, { ...CLASSIC_NAT, name: "nat", frontendPort: 443 }), "443"],
  ["a classic NAT rule over a range", view(CLASSIC.natRule, { ...CLASSIC_NAT, name: "nat", frontendPortStart: 50000, frontendPortEnd: 50010 }), "50000-50010"],
  ["a frontend port unknown at preview: any", view(NATIVE.loadBalancer, { loadBalancingRules: [{ name: "web", protocol: "Tcp", frontendPort: UNKNOWN, backendPort: 50001 }] }), "0-65535"],
])("frontend ports: %s", (_name, v, expected) => {
  expect(numbersText(balancerForwards(v)[0].frontendPorts)).toBe(expected);
});

test("an internal frontend's private address, as each provider writes it", () => {
  expect(balancerFrontends(view(NATIVE.loadBalancer, { frontendIPConfigurations: [{ name: "fe", privateIPAddress: "10.0.1.100", privateIPAllocationMethod: "Static", subnet: { id: "/s/edge" } }] }))[0].privateIp).toBe("10.0.1.100");
  expect(balancerFrontends(view(CLASSIC.loadBalancer, { frontendIpConfigurations: [{ name: "fe", privateIpAddress: "10.0.1.100", publicIpAddressId: "", subnetId: "/s/edge" }] }))[0].privateIp).toBe("10.0.1.100");
});
