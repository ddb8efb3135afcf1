import { ALL_ADDRESSES, parseAddressBlock } from "../../src/model/addresses";
import { UNKNOWN } from "../../src/model/values";
import { asgAssociation, nicShape, nsgAssociation, nsgIdentity, configuredInterfaces, standaloneRuleNsg, subnetShapes, vmNicLinks } from "../../src/shapes/azure/links";
import { inlineRoutePrefixes, routeTableAssociation, standaloneRoute } from "../../src/shapes/azure/routes";
import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import type { ResourceView } from "../../src/shapes/resource";

/**
 * How Azure resources name each other, for both providers, after an update (ids) and at preview
 * (UNKNOWN, to be followed through the engine's dependencies of the `key` property).
 */
const view = (type: string, props: Record<string, unknown>, name = "r"): ResourceView => ({ urn: `urn:${name}`, type, name, props, propertyDependencies: {} });
const link = (key: string, value: unknown, path: string) => ({ key, value, path });
const prefixes = (...blocks: string[]) => ({ text: blocks.join(", "), addresses: blocks.map((b) => parseAddressBlock(b)!).reduce((a, b) => a.union(b)) });

describe("subnets", () => {
  test.each([
    ["a native Subnet with an NSG", view(NATIVE.subnet, { id: "/s/edge", networkSecurityGroup: { id: "/nsg/a" } }, "edge"), [{ name: "edge", id: "/s/edge", nsg: link("networkSecurityGroup", "/nsg/a", "networkSecurityGroup.id") }]],
    ["a native Subnet at preview", view(NATIVE.subnet, { networkSecurityGroup: { id: UNKNOWN } }, "edge"), [{ name: "edge", id: undefined, nsg: link("networkSecurityGroup", UNKNOWN, "networkSecurityGroup.id") }]],
    ["a native Subnet without an NSG", view(NATIVE.subnet, { id: "/s/edge" }, "edge"), [{ name: "edge", id: "/s/edge", nsg: undefined }]],
    ["a native Subnet's route table", view(NATIVE.subnet, { id: "/s/edge", routeTable: { id: "/rt/a" } }, "edge"), [{ name: "edge", id: "/s/edge", routeTable: link("routeTable", "/rt/a", "routeTable.id") }]],
    ["a native Subnet's address prefix", view(NATIVE.subnet, { id: "/s/edge", addressPrefix: "10.0.1.0/24" }, "edge"), [{ name: "edge", id: "/s/edge", prefixes: prefixes("10.0.1.0/24") }]],
    ["a native Subnet's address prefixes", view(NATIVE.subnet, { id: "/s/edge", addressPrefixes: ["10.0.1.0/24", "10.0.9.0/24"] }, "edge"), [{ name: "edge", id: "/s/edge", prefixes: prefixes("10.0.1.0/24", "10.0.9.0/24") }]],
    ["a prefix unknown at preview leaves the address space unread", view(NATIVE.subnet, { addressPrefix: "10.0.1.0/24", addressPrefixes: UNKNOWN }, "edge"), [{ name: "edge", id: undefined, prefixes: undefined }]],
    ["a prefix that is no block leaves the address space unread", view(CLASSIC.subnet, { id: "/s/edge", addressPrefixes: ["10.0.1.0/24", "edge"] }, "edge"), [{ name: "edge", id: "/s/edge", prefixes: undefined }]],
    ["a classic Subnet: its NSG comes by association", view(CLASSIC.subnet, { id: "/s/edge", name: "edge", addressPrefixes: ["10.0.1.0/24"] }, "edge"), [{ name: "edge", id: "/s/edge", prefixes: prefixes("10.0.1.0/24") }]],
    [
      "a native VirtualNetwork's inline subnets",
      view(NATIVE.vnet, { subnets: [{ name: "edge", id: "/v/subnets/edge", addressPrefix: "10.0.1.0/24", networkSecurityGroup: { id: "/nsg/a" }, routeTable: { id: "/rt/a" } }, { id: "/v/subnets/x" }] }, "vnet"),
      [
        { name: "vnet/edge", id: "/v/subnets/edge", nsg: link("subnets", "/nsg/a", "subnets[0].networkSecurityGroup.id"), routeTable: link("subnets", "/rt/a", "subnets[0].routeTable.id"), prefixes: prefixes("10.0.1.0/24") },
        { name: "vnet/subnets[1]", id: "/v/subnets/x", nsg: undefined },
      ],
    ],
    [
      "a classic VirtualNetwork's inline subnets, with the bridge's blanks",
      view(CLASSIC.vnet, { subnets: [{ name: "edge", id: "/v/subnets/edge", addressPrefixes: ["10.0.1.0/24"], securityGroup: "/nsg/a", routeTableId: "/rt/a" }, { name: "other", id: "/v/subnets/other", addressPrefixes: ["10.0.2.0/24"], securityGroup: "", routeTableId: "" }] }, "vnet"),
      [
        { name: "vnet/edge", id: "/v/subnets/edge", nsg: link("subnets", "/nsg/a", "subnets[0].securityGroup"), routeTable: link("subnets", "/rt/a", "subnets[0].routeTableId"), prefixes: prefixes("10.0.1.0/24") },
        { name: "vnet/other", id: "/v/subnets/other", nsg: undefined, routeTable: undefined, prefixes: prefixes("10.0.2.0/24") },
      ],
    ],
    ["a classic VirtualNetwork's inline subnet at preview", view(CLASSIC.vnet, { subnets: [{ name: "edge", securityGroup: UNKNOWN }] }, "vnet"), [{ name: "vnet/edge", id: undefined, nsg: link("subnets", UNKNOWN, "subnets[0].securityGroup") }]],
  ])("%s", (_name, v, expected) => {
    // The address space is read when first asked.
    expect(subnetShapes(v).map(({ prefixes: read, ...shape }) => ({ ...shape, prefixes: read() }))).toEqual(expected);
  });
});

describe("network interfaces", () => {
  test.each([
    [
      "native, after an update",
      view(NATIVE.nic, { networkSecurityGroup: { id: "/nsg/a" }, ipConfigurations: [{ subnet: { id: "/s/edge" }, publicIPAddress: { id: "/pip/a" }, privateIPAddress: "10.0.1.4" }] }),
      { nsg: link("networkSecurityGroup", "/nsg/a", "networkSecurityGroup.id"), subnets: [link("ipConfigurations", "/s/edge", "ipConfigurations[0].subnet.id")], publicIps: [link("ipConfigurations", "/pip/a", "ipConfigurations[0].publicIPAddress.id")], publicConfig: "no", privateIps: ["10.0.1.4"], balancers: [], groups: [[]] },
    ],
    [
      "native at preview, no NSG",
      view(NATIVE.nic, { ipConfigurations: [{ subnet: { id: UNKNOWN } }] }),
      { nsg: undefined, subnets: [link("ipConfigurations", UNKNOWN, "ipConfigurations[0].subnet.id")], publicIps: [], publicConfig: "no", privateIps: [undefined], balancers: [], groups: [[]] },
    ],
    [
      "classic, with the bridge's blanks",
      view(CLASSIC.nic, { ipConfigurations: [{ subnetId: "/s/edge", publicIpAddressId: "", privateIpAddress: "10.0.1.4" }] }),
      { nsg: undefined, subnets: [link("ipConfigurations", "/s/edge", "ipConfigurations[0].subnetId")], publicIps: [], publicConfig: "no", privateIps: ["10.0.1.4"], balancers: [], groups: [[]] },
    ],
    [
      "classic at preview",
      view(CLASSIC.nic, { ipConfigurations: [{ subnetId: UNKNOWN, publicIpAddressId: UNKNOWN }] }),
      { nsg: undefined, subnets: [link("ipConfigurations", UNKNOWN, "ipConfigurations[0].subnetId")], publicIps: [link("ipConfigurations", UNKNOWN, "ipConfigurations[0].publicIpAddressId")], publicConfig: "no", privateIps: [undefined], balancers: [], groups: [[]] },
    ],
  ])("%s", (_name, v, expected) => {
    expect(nicShape(v)).toEqual(expected);
  });

  test("other resources are no network interface", () => {
    expect(nicShape(view(NATIVE.subnet, {}))).toBeUndefined();
  });
});

test.each([
  ["native VirtualMachine", view(NATIVE.vm, { networkProfile: { networkInterfaces: [{ id: "/nic/a" }, { id: UNKNOWN }] } }), [link("networkProfile", "/nic/a", "networkProfile.networkInterfaces[0].id"), link("networkProfile", UNKNOWN, "networkProfile.networkInterfaces[1].id")]],
  ["classic VirtualMachine", view(CLASSIC.vm, { networkInterfaceIds: ["/nic/a"] }), [link("networkInterfaceIds", "/nic/a", "networkInterfaceIds[0]")]],
  ["classic WindowsVirtualMachine at preview", view(CLASSIC.windowsVm, { networkInterfaceIds: [UNKNOWN] }), [link("networkInterfaceIds", UNKNOWN, "networkInterfaceIds[0]")]],
  ["classic LinuxVirtualMachine", view(CLASSIC.linuxVm, { networkInterfaceIds: ["/nic/a"] }), [link("networkInterfaceIds", "/nic/a", "networkInterfaceIds[0]")]],
])("the NICs of a %s", (_name, v, expected) => {
  expect(vmNicLinks(v)).toEqual(expected);
});

/** The load balancer parts a host's IP configurations join, as each provider names them. */
const part = (key: string, value: unknown, path: string, parts: string[]) => ({ ...link(key, value, path), parts });
test.each([
  [
    "a native NIC's pools and NAT rules",
    nicShape(view(NATIVE.nic, { ipConfigurations: [{ loadBalancerBackendAddressPools: [{ id: "/lb/pool" }], loadBalancerInboundNatRules: [{ id: UNKNOWN }] }] }))!,
    [part("ipConfigurations", "/lb/pool", "ipConfigurations[0].loadBalancerBackendAddressPools[0]", ["backend pool"]), part("ipConfigurations", UNKNOWN, "ipConfigurations[0].loadBalancerInboundNatRules[0]", ["inbound NAT rule"])],
  ],
  [
    "a native scale set's NAT pools",
    configuredInterfaces(view(NATIVE.scaleSet, { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [{ ipConfigurations: [{ loadBalancerInboundNatPools: [{ id: "/lb/natpool" }] }] }] } } }))[0],
    [part("virtualMachineProfile", "/lb/natpool", "virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].loadBalancerInboundNatPools[0]", ["inbound NAT pool"])],
  ],
  [
    "a classic scale set's pools, and NAT rule ids that may name NAT pools",
    configuredInterfaces(view(CLASSIC.linuxScaleSet, { networkInterfaces: [{ ipConfigurations: [{ loadBalancerBackendAddressPoolIds: ["/lb/pool"], loadBalancerInboundNatRulesIds: ["/lb/natpool"] }] }] }))[0],
    [part("networkInterfaces", "/lb/pool", "networkInterfaces[0].ipConfigurations[0].loadBalancerBackendAddressPoolIds[0]", ["backend pool"]), part("networkInterfaces", "/lb/natpool", "networkInterfaces[0].ipConfigurations[0].loadBalancerInboundNatRulesIds[0]", ["inbound NAT pool", "inbound NAT rule"])],
  ],
  ["a classic NIC, which joins them by association", nicShape(view(CLASSIC.nic, { ipConfigurations: [{ subnetId: "/s/edge", publicIpAddressId: "" }] }))!, []],
])("balancer links: %s", (_name, shape, expected) => {
  expect(shape.balancers).toEqual(expected);
});

/** The application security groups of each IP configuration, as each provider names them. */
test.each([
  [
    "a native NIC's IP configurations, one in two groups, one in none",
    nicShape(view(NATIVE.nic, { ipConfigurations: [{ applicationSecurityGroups: [{ id: "/asg/a" }, { id: UNKNOWN }] }, {}] }))!,
    [[link("ipConfigurations", "/asg/a", "ipConfigurations[0].applicationSecurityGroups[0]"), link("ipConfigurations", UNKNOWN, "ipConfigurations[0].applicationSecurityGroups[1]")], []],
  ],
  ["a native NIC's group list that is no list", nicShape(view(NATIVE.nic, { ipConfigurations: [{ applicationSecurityGroups: "asg-edge" }] }))!, [[link("ipConfigurations", undefined, "ipConfigurations[0].applicationSecurityGroups")]]],
  ["a native NIC's group with no id", nicShape(view(NATIVE.nic, { ipConfigurations: [{ applicationSecurityGroups: ["asg-edge"] }] }))!, [[link("ipConfigurations", undefined, "ipConfigurations[0].applicationSecurityGroups[0]")]]],
  ["a native NIC's group list unknown at preview", nicShape(view(NATIVE.nic, { ipConfigurations: [{ applicationSecurityGroups: UNKNOWN }] }))!, [[link("ipConfigurations", UNKNOWN, "ipConfigurations[0].applicationSecurityGroups")]]],
  [
    "a native scale set's configuration",
    configuredInterfaces(view(NATIVE.scaleSet, { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [{ ipConfigurations: [{ applicationSecurityGroups: [{ id: "/asg/a" }] }] }] } } }))[0],
    [[link("virtualMachineProfile", "/asg/a", "virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].applicationSecurityGroups[0]")]],
  ],
  [
    "a classic scale set's group ids",
    configuredInterfaces(view(CLASSIC.windowsScaleSet, { networkInterfaces: [{ ipConfigurations: [{ applicationSecurityGroupIds: ["/asg/a"] }, { applicationSecurityGroupIds: [] }] }] }))[0],
    [[link("networkInterfaces", "/asg/a", "networkInterfaces[0].ipConfigurations[0].applicationSecurityGroupIds[0]")], []],
  ],
  ["a classic NIC, which joins them by association", nicShape(view(CLASSIC.nic, { ipConfigurations: [{ subnetId: "/s/edge", publicIpAddressId: "" }] }))!, [[]]],
])("application security group links: %s", (_name, shape, expected) => {
  expect(shape.groups).toEqual(expected);
});

test.each([
  ["after an update", view(CLASSIC.asgAssociation, { networkInterfaceId: "/nic/a", applicationSecurityGroupId: "/asg/a" }), { nic: link("networkInterfaceId", "/nic/a", "networkInterfaceId"), group: link("applicationSecurityGroupId", "/asg/a", "applicationSecurityGroupId") }],
  ["at preview", view(CLASSIC.asgAssociation, { networkInterfaceId: UNKNOWN, applicationSecurityGroupId: UNKNOWN }), { nic: link("networkInterfaceId", UNKNOWN, "networkInterfaceId"), group: link("applicationSecurityGroupId", UNKNOWN, "applicationSecurityGroupId") }],
  ["of another type", view(CLASSIC.nicAssociation, { networkInterfaceId: "/nic/a" }), undefined],
])("a classic application security group association, %s", (_name, v, expected) => {
  expect(asgAssociation(v)).toEqual(expected);
});

describe("interface configurations", () => {
  const config = { networkSecurityGroup: { id: "/nsg/a" }, ipConfigurations: [{ subnet: { id: "/s/edge" }, publicIPAddressConfiguration: { name: "pip" } }] };
  test.each([
    ["a native scale set's, for its instances", view(NATIVE.scaleSet, { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [config] } } }), "virtualMachineProfile"],
    ["a native VM's, from which it creates its own NICs", view(NATIVE.vm, { networkProfile: { networkApiVersion: "2020-11-01", networkInterfaceConfigurations: [config] } }), "networkProfile"],
  ])("%s: the NSG, subnets and whether they get public IPs", (_name, v, key) => {
    const prefix = `${key === "networkProfile" ? "" : `${key}.`}networkProfile.networkInterfaceConfigurations[0].`;
    expect(configuredInterfaces(v)).toEqual([{ nsg: link(key, "/nsg/a", `${prefix}networkSecurityGroup.id`), subnets: [link(key, "/s/edge", `${prefix}ipConfigurations[0].subnet.id`)], publicIps: [], publicConfig: "yes", privateIps: [undefined], balancers: [], groups: [[]] }]);
  });

  test.each([
    ["a native VM that names its NICs", view(NATIVE.vm, { networkProfile: { networkInterfaces: [{ id: "/nic/a" }] } })],
    ["a classic VM", view(CLASSIC.windowsVm, { networkInterfaceIds: ["/nic/a"] })],
    ["a NIC", view(NATIVE.nic, { ipConfigurations: [{ subnet: { id: "/s/edge" } }] })],
  ])("%s configures none", (_name, v) => {
    expect(configuredInterfaces(v)).toEqual([]);
  });

  test.each([
    [CLASSIC.windowsScaleSet, [], "no"],
    [CLASSIC.linuxScaleSet, [{ name: "pip" }], "yes"],
    [CLASSIC.linuxScaleSet, UNKNOWN, "unknown"],
    [CLASSIC.orchestratedScaleSet, [{ name: "pip", domainNameLabel: "", idleTimeoutInMinutes: 4 }], "yes"],
  ])("classic %s with publicIpAddresses %p", (type, publicIpAddresses, expected) => {
    const [read] = configuredInterfaces(view(type, { networkInterfaces: [{ networkSecurityGroupId: "/nsg/a", ipConfigurations: [{ subnetId: "/s/edge", publicIpAddresses }] }] }));
    expect(read.nsg).toEqual(link("networkInterfaces", "/nsg/a", "networkInterfaces[0].networkSecurityGroupId"));
    expect(read.subnets).toEqual([link("networkInterfaces", "/s/edge", "networkInterfaces[0].ipConfigurations[0].subnetId")]);
    expect(read.publicConfig).toBe(expected);
  });

  test.each([
    [null, "no"],
    [{ name: "pip", domainNameLabel: "edge", idleTimeout: 4 }, "yes"],
    [UNKNOWN, "unknown"],
  ])("the legacy ScaleSet's networkProfiles, with publicIpAddressConfiguration %p", (publicIpAddressConfiguration, expected) => {
    const [read] = configuredInterfaces(view(CLASSIC.legacyScaleSet, { networkProfiles: [{ name: "nic", networkSecurityGroupId: "/nsg/a", ipConfigurations: [{ name: "ip", subnetId: "/s/edge", publicIpAddressConfiguration, loadBalancerInboundNatRulesIds: [] }] }] }));
    expect([read.nsg, read.subnets, read.publicConfig]).toEqual([link("networkProfiles", "/nsg/a", "networkProfiles[0].networkSecurityGroupId"), [link("networkProfiles", "/s/edge", "networkProfiles[0].ipConfigurations[0].subnetId")], expected]);
  });
});

test.each([
  ["subnet", view(CLASSIC.subnetAssociation, { subnetId: "/s/edge", networkSecurityGroupId: "/nsg/a" }), { kind: "subnet", target: link("subnetId", "/s/edge", "subnetId"), nsg: link("networkSecurityGroupId", "/nsg/a", "networkSecurityGroupId") }],
  ["nic", view(CLASSIC.nicAssociation, { networkInterfaceId: UNKNOWN, networkSecurityGroupId: UNKNOWN }), { kind: "nic", target: link("networkInterfaceId", UNKNOWN, "networkInterfaceId"), nsg: link("networkSecurityGroupId", UNKNOWN, "networkSecurityGroupId") }],
  ["none", view(NATIVE.subnet, {}), undefined],
])("a classic %s association", (_name, v, expected) => {
  expect(nsgAssociation(v)).toEqual(expected);
});

test.each([
  ["native, by its outputs", view(NATIVE.nsg, { name: "Edge-NSG", resourceGroupName: "RG" }), { name: "edge-nsg", resourceGroup: "rg" }],
  ["native, by its input name", view(NATIVE.nsg, { networkSecurityGroupName: "edge-nsg", resourceGroupName: "rg" }), { name: "edge-nsg", resourceGroup: "rg" }],
  ["by its id alone", view(CLASSIC.nsg, { id: "/subscriptions/s/resourceGroups/Edge-RG/providers/Microsoft.Network/networkSecurityGroups/edge-nsg" }), { name: "edge-nsg", resourceGroup: "edge-rg" }],
  ["at preview", view(CLASSIC.nsg, { name: UNKNOWN }), { name: undefined, resourceGroup: undefined }],
])("an NSG's identity, %s", (_name, v, expected) => {
  expect(nsgIdentity(v)).toEqual(expected);
});

test("a standalone rule names its NSG by name and resource group", () => {
  expect(standaloneRuleNsg(view(CLASSIC.rule, { networkSecurityGroupName: "edge-nsg", resourceGroupName: "rg" }))).toEqual({ name: "edge-nsg", resourceGroup: "rg", key: "networkSecurityGroupName" });
});

/** Azure Native writes ARM's response after an update: a child's parent only in the child's own id. */
const ARM = "/subscriptions/s/resourceGroups/Hub-RG/providers/Microsoft.Network";
test.each([
  ["a rule as ARM writes it", { id: `${ARM}/networkSecurityGroups/edge-nsg/securityRules/deny-cls`, name: "deny-cls" }, { name: "edge-nsg", resourceGroup: "Hub-RG", key: "networkSecurityGroupName" }],
  ["a name input wins over the id", { id: `${ARM}/networkSecurityGroups/edge-nsg/securityRules/deny-cls`, networkSecurityGroupName: "other-nsg", resourceGroupName: "rg" }, { name: "other-nsg", resourceGroup: "rg", key: "networkSecurityGroupName" }],
  ["a name unknown at preview stays unknown", { networkSecurityGroupName: UNKNOWN, resourceGroupName: "rg" }, { name: UNKNOWN, resourceGroup: "rg", key: "networkSecurityGroupName" }],
  ["ids are compared case-insensitively", { id: "/subscriptions/s/resourcegroups/hub-rg/providers/microsoft.network/networksecuritygroups/edge-nsg/securityRules/deny-cls" }, { name: "edge-nsg", resourceGroup: "hub-rg", key: "networkSecurityGroupName" }],
  ["an id of another collection names no NSG", { id: `${ARM}/routeTables/edge-nsg/routes/r` }, { name: undefined, resourceGroup: undefined, key: "networkSecurityGroupName" }],
])("%s", (_name, props, expected) => {
  expect(standaloneRuleNsg(view(NATIVE.rule, props))).toEqual(expected);
});

test("a Route as ARM writes it names its table in its id", () => {
  expect(standaloneRoute(view(NATIVE.route, { id: `${ARM}/routeTables/edge-rt/routes/default`, addressPrefix: "0.0.0.0/0" })).table).toEqual({ name: "edge-rt", resourceGroup: "Hub-RG", key: "routeTableName" });
});

/** Routes, read for what they add to the VirtualNetwork tag: a prefix that is no block may hold any address. */
const ANY = { text: expect.stringContaining("(read as any address)"), addresses: ALL_ADDRESSES, exact: false };
const route = (prefix: string) => ({ text: prefix, addresses: parseAddressBlock(prefix)!, exact: true });

test.each([
  ["native, inline routes", view(NATIVE.routeTable, { routes: [{ name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance" }, { addressPrefix: "2001:db8::/32" }] }), [route("0.0.0.0/0"), route("2001:db8::/32")]],
  ["classic, with the bridge's blanks", view(CLASSIC.routeTable, { routes: [], subnets: [] }), []],
  ["a route to a service tag", view(CLASSIC.routeTable, { routes: [{ addressPrefix: "AzureCloud", nextHopType: "Internet", nextHopInIpAddress: "" }] }), [ANY]],
  ["routes unknown at preview", view(NATIVE.routeTable, { routes: UNKNOWN }), [ANY]],
  ["a prefix unknown at preview", view(NATIVE.routeTable, { routes: [{ addressPrefix: UNKNOWN }] }), [ANY]],
])("a route table's own routes: %s", (_name, v, expected) => {
  expect(inlineRoutePrefixes(v)).toEqual(expected);
});

test.each([NATIVE.route, CLASSIC.route])("a standalone %s names its table by name", (type) => {
  expect(standaloneRoute(view(type, { routeTableName: "edge-rt", resourceGroupName: "rg", addressPrefix: "0.0.0.0/0" }))).toEqual({ prefix: route("0.0.0.0/0"), table: { name: "edge-rt", resourceGroup: "rg", key: "routeTableName" } });
});

test("a classic route table association", () => {
  expect(routeTableAssociation(view(CLASSIC.routeTableAssociation, { subnetId: "/s/edge", routeTableId: UNKNOWN }))).toEqual({ subnet: link("subnetId", "/s/edge", "subnetId"), routeTable: link("routeTableId", UNKNOWN, "routeTableId") });
  expect(routeTableAssociation(view(CLASSIC.subnetAssociation, {}))).toBeUndefined();
});
