import { once } from "../../cached";
import { parseAddressBlock } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { display, isUnknown, reveal } from "../../model/values";
import { isUnset } from "../fields";
import { isRecord, listOf, own, type ResourceView } from "../resource";
import { CLASSIC, NATIVE, SCALE_SET_TYPES, VNET_TYPES } from "./types";

/**
 * How Azure resources name each other, for both providers: the id as written (a string after an
 * update, UNKNOWN at preview) and the top-level property under which the engine records the
 * dependency, the link to follow while the id is unknown.
 */
export interface Link {
  readonly key: string;
  readonly value: unknown;
  /** Where it sits, for messages: "ipConfigurations[0].subnet.id". */
  readonly path: string;
}

/** A link when the property is set; the bridged provider writes "" and null for unset ones. */
export function linkAt(key: string, value: unknown, path: string): Link[] {
  return isUnset(value) ? [] : [{ key, value, path }];
}

/** `{id}` objects of azure-native. */
const idOf = (object: unknown) => own(object, "id");

export interface SubnetShape {
  readonly name: string;
  readonly id: unknown;
  readonly nsg?: Link;
  /** The route table it names (the classic Subnet takes its table through an association). */
  readonly routeTable?: Link;
  /** Its address space, when every prefix is known and readable; read when first asked, as only a destination or DNAT check needs it. */
  readonly prefixes: () => Prefixes | undefined;
}

/** Address prefixes as written, and the addresses they hold. */
export interface Prefixes {
  readonly text: string;
  readonly addresses: IntervalSet;
}

/** Addresses or blocks; undefined when there are none or one cannot be read. */
function prefixesOf(values: readonly unknown[]): Prefixes | undefined {
  const blocks = values.map((v) => reveal(v)).map((v) => (typeof v === "string" ? parseAddressBlock(v) : undefined));
  if (blocks.length === 0 || blocks.some((b) => b === undefined)) return undefined;
  return { text: values.map(display).join(", "), addresses: blocks.reduce<IntervalSet>((acc, b) => acc.union(b!), IntervalSet.EMPTY) };
}

/** addressPrefix and addressPrefixes (azure-native writes either, the classic provider the list); undefined when one cannot be read. */
function subnetPrefixes(subnet: unknown): Prefixes | undefined {
  const list = own(subnet, "addressPrefixes");
  return isUnknown(list) ? undefined : prefixesOf([own(subnet, "addressPrefix"), ...listOf(list)].filter((v) => !isUnset(v)));
}

/** An interface's private addresses, when every one is known (a dynamic one is not until the update). */
export function privateAddresses(shape: InterfaceShape): Prefixes | undefined {
  return prefixesOf(shape.privateIps);
}

/** Subnets a resource declares: a Subnet, or a VirtualNetwork's inline subnets. */
export function subnetShapes(view: ResourceView): SubnetShape[] {
  const props = view.props;
  if (view.type === NATIVE.subnet) {
    const nsg = linkAt("networkSecurityGroup", idOf(own(props, "networkSecurityGroup")), "networkSecurityGroup.id")[0];
    return [{ name: view.name, id: own(props, "id"), nsg, routeTable: linkAt("routeTable", idOf(own(props, "routeTable")), "routeTable.id")[0], prefixes: once(() => subnetPrefixes(props)) }];
  }
  if (view.type === CLASSIC.subnet) return [{ name: view.name, id: own(props, "id"), prefixes: once(() => subnetPrefixes(props)) }];
  if (!VNET_TYPES.includes(view.type)) return [];
  // azure-native names the NSG and route table as {id}; the classic provider writes their ids, "" when unset.
  const native = view.type === NATIVE.vnet;
  const [nsgOf, nsgPath] = native ? [(s: unknown) => idOf(own(s, "networkSecurityGroup")), "networkSecurityGroup.id"] : [(s: unknown) => own(s, "securityGroup"), "securityGroup"];
  const [tableOf, tablePath] = native ? [(s: unknown) => idOf(own(s, "routeTable")), "routeTable.id"] : [(s: unknown) => own(s, "routeTableId"), "routeTableId"];
  return listOf(own(props, "subnets")).map((s, i) => {
    const name = reveal(own(s, "name"));
    return {
      name: typeof name === "string" && name !== "" ? `${view.name}/${name}` : `${view.name}/subnets[${i}]`,
      id: own(s, "id"),
      nsg: linkAt("subnets", nsgOf(s), `subnets[${i}].${nsgPath}`)[0],
      routeTable: linkAt("subnets", tableOf(s), `subnets[${i}].${tablePath}`)[0],
      prefixes: once(() => subnetPrefixes(s)),
    };
  });
}

/** A classic association of an NSG with a subnet or a network interface. */
export interface NsgAssociation {
  readonly kind: "subnet" | "nic";
  readonly target: Link;
  readonly nsg: Link;
}

/** A classic association putting a network interface in an application security group. */
export function asgAssociation(view: ResourceView): { readonly nic: Link; readonly group: Link } | undefined {
  if (view.type !== CLASSIC.asgAssociation) return undefined;
  const at = (key: string) => ({ key, value: own(view.props, key), path: key });
  return { nic: at("networkInterfaceId"), group: at("applicationSecurityGroupId") };
}

export function nsgAssociation(view: ResourceView): NsgAssociation | undefined {
  const nsg = { key: "networkSecurityGroupId", value: own(view.props, "networkSecurityGroupId"), path: "networkSecurityGroupId" };
  if (view.type === CLASSIC.subnetAssociation) return { kind: "subnet", target: { key: "subnetId", value: own(view.props, "subnetId"), path: "subnetId" }, nsg };
  if (view.type === CLASSIC.nicAssociation) return { kind: "nic", target: { key: "networkInterfaceId", value: own(view.props, "networkInterfaceId"), path: "networkInterfaceId" }, nsg };
  return undefined;
}

/** The network settings of a NIC, or of one network-interface configuration of a scale set. */
export interface InterfaceShape {
  /** The NSG set on the interface itself (classic NICs take theirs through associations). */
  readonly nsg?: Link;
  readonly subnets: readonly Link[];
  /** The public IP resources the interface names. */
  readonly publicIps: readonly Link[];
  /** A scale set's per-instance public address: "yes" when configured. */
  readonly publicConfig: "yes" | "no" | "unknown";
  readonly privateIps: readonly unknown[];
  /** The load balancer backend pools, inbound NAT rules and NAT pools its IP configurations join. */
  readonly balancers: readonly BalancerLink[];
  /** The application security groups of each IP configuration (a classic NIC joins them by association). */
  readonly groups: readonly (readonly Link[])[];
}

/** What part of a load balancer a host's IP configuration names. */
export type BalancerPart = "backend pool" | "inbound NAT rule" | "inbound NAT pool";

/** A link to a part of a load balancer; the classic scale set's NAT rule ids may name NAT pools too. */
export interface BalancerLink extends Link {
  readonly parts: readonly BalancerPart[];
}

/**
 * The application security groups one IP configuration names; a list unknown at preview is one
 * link, which the engine's dependencies may resolve. What cannot be read is a link to no id, so
 * that membership cannot be told.
 */
function groupLinksOf(ipConfig: unknown, i: number, key: string, prefix: string, list: string, idOfItem: (item: unknown) => unknown): Link[] {
  // An IP configuration that cannot be read (unknown at preview, a secret) may join any group.
  if (!isRecord(ipConfig)) return [{ key, value: isUnknown(ipConfig) ? ipConfig : undefined, path: `${prefix}ipConfigurations[${i}]` }];
  const path = `${prefix}ipConfigurations[${i}].${list}`;
  const value = own(ipConfig, list);
  if (isUnset(value)) return [];
  if (isUnknown(value) || !Array.isArray(reveal(value))) return [{ key, value: isUnknown(value) ? value : undefined, path }];
  return listOf(value).map((item, j) => ({ key, value: isUnknown(item) ? item : idOfItem(item), path: `${path}[${j}]` }));
}

/** The groups of each IP configuration; IP configurations unknown at preview as a whole are one that may join any. */
function ipConfigGroups(config: unknown, key: string, prefix: string, list: string, idOfItem: (item: unknown) => unknown): Link[][] {
  const ipConfigs = own(config, "ipConfigurations");
  if (isUnknown(ipConfigs)) return [[{ key, value: ipConfigs, path: `${prefix}ipConfigurations` }]];
  return listOf(ipConfigs).map((c, i) => groupLinksOf(c, i, key, prefix, list, idOfItem));
}

/** The links of one list property of an IP configuration to parts of a load balancer. */
function balancerLinks(ipConfigs: readonly unknown[], key: string, prefix: string, list: string, parts: readonly BalancerPart[], idOfItem: (item: unknown) => unknown): BalancerLink[] {
  return ipConfigs.flatMap((c, i) => listOf(own(c, list)).flatMap((item, j) => linkAt(key, idOfItem(item), `${prefix}ipConfigurations[${i}].${list}[${j}]`).map((link) => ({ ...link, parts }))));
}

function nativeInterface(config: unknown, key: string, prefix: string): InterfaceShape {
  const ipConfigs = listOf(own(config, "ipConfigurations"));
  const at = (i: number, rest: string) => `${prefix}ipConfigurations[${i}].${rest}`;
  const publicConfig = ipConfigs.map((c) => own(c, "publicIPAddressConfiguration"));
  return {
    nsg: linkAt(key, idOf(own(config, "networkSecurityGroup")), `${prefix}networkSecurityGroup.id`)[0],
    subnets: ipConfigs.flatMap((c, i) => linkAt(key, idOf(own(c, "subnet")), at(i, "subnet.id"))),
    publicIps: ipConfigs.flatMap((c, i) => linkAt(key, idOf(own(c, "publicIPAddress")), at(i, "publicIPAddress.id"))),
    publicConfig: publicConfig.some(isUnknown) ? "unknown" : publicConfig.some((p) => !isUnset(p)) ? "yes" : "no",
    privateIps: ipConfigs.map((c) => own(c, "privateIPAddress")),
    balancers: [
      ...balancerLinks(ipConfigs, key, prefix, "loadBalancerBackendAddressPools", ["backend pool"], idOf),
      ...balancerLinks(ipConfigs, key, prefix, "loadBalancerInboundNatRules", ["inbound NAT rule"], idOf),
      ...balancerLinks(ipConfigs, key, prefix, "loadBalancerInboundNatPools", ["inbound NAT pool"], idOf),
    ],
    groups: ipConfigGroups(config, key, prefix, "applicationSecurityGroups", idOf),
  };
}

function classicInterface(config: unknown, key: string, prefix: string, nsgKey?: string): InterfaceShape {
  const ipConfigs = listOf(own(config, "ipConfigurations"));
  const at = (i: number, rest: string) => `${prefix}ipConfigurations[${i}].${rest}`;
  // A legacy scale set's IP configuration has one publicIpAddressConfiguration block; the others a list.
  const publicConfig = ipConfigs.map((c) => {
    const block = own(c, "publicIpAddressConfiguration");
    return isUnset(block) ? own(c, "publicIpAddresses") : isUnknown(block) ? block : [block];
  });
  return {
    nsg: nsgKey ? linkAt(key, own(config, nsgKey), `${prefix}${nsgKey}`)[0] : undefined,
    subnets: ipConfigs.flatMap((c, i) => linkAt(key, own(c, "subnetId"), at(i, "subnetId"))),
    publicIps: ipConfigs.flatMap((c, i) => linkAt(key, own(c, "publicIpAddressId"), at(i, "publicIpAddressId"))),
    publicConfig: publicConfig.some(isUnknown) ? "unknown" : publicConfig.some((p) => listOf(p).length > 0) ? "yes" : "no",
    privateIps: ipConfigs.map((c) => own(c, "privateIpAddress")),
    // A classic NIC joins pools and NAT rules through associations; a scale set names them itself.
    balancers: [
      ...balancerLinks(ipConfigs, key, prefix, "loadBalancerBackendAddressPoolIds", ["backend pool"], (id) => id),
      ...balancerLinks(ipConfigs, key, prefix, "loadBalancerInboundNatRulesIds", ["inbound NAT pool", "inbound NAT rule"], (id) => id),
    ],
    // A classic NIC's IP configurations take no groups (associations do); a classic scale set's name them.
    groups: ipConfigGroups(config, key, prefix, "applicationSecurityGroupIds", (id) => id),
  };
}

/** A network interface resource's settings, or undefined for any other resource. */
export function nicShape(view: ResourceView): InterfaceShape | undefined {
  if (view.type === NATIVE.nic) return { ...nativeInterface(view.props, "ipConfigurations", ""), nsg: linkAt("networkSecurityGroup", idOf(own(view.props, "networkSecurityGroup")), "networkSecurityGroup.id")[0] };
  if (view.type === CLASSIC.nic) return classicInterface(view.props, "ipConfigurations", "");
  return undefined;
}

/** The network interfaces a virtual machine names. */
export function vmNicLinks(view: ResourceView): Link[] {
  if (view.type === NATIVE.vm) {
    return listOf(own(own(view.props, "networkProfile"), "networkInterfaces")).flatMap((n, i) => linkAt("networkProfile", idOf(n), `networkProfile.networkInterfaces[${i}].id`));
  }
  return listOf(own(view.props, "networkInterfaceIds")).flatMap((id, i) => linkAt("networkInterfaceIds", id, `networkInterfaceIds[${i}]`));
}

/**
 * The network-interface configurations a resource creates its interfaces from: a scale set's for
 * its instances, and an azure-native virtual machine's (with networkApiVersion set, it creates its
 * NICs itself, outside the stack, from networkProfile.networkInterfaceConfigurations).
 */
export function configuredInterfaces(view: ResourceView): InterfaceShape[] {
  const native = (profile: unknown, key: string, path: string) =>
    listOf(own(own(profile, "networkProfile"), "networkInterfaceConfigurations")).map((c, i) => nativeInterface(c, key, `${path}networkProfile.networkInterfaceConfigurations[${i}].`));
  if (view.type === NATIVE.vm) return native(view.props, "networkProfile", "");
  if (view.type === NATIVE.scaleSet) return native(own(view.props, "virtualMachineProfile"), "virtualMachineProfile", "virtualMachineProfile.");
  if (!SCALE_SET_TYPES.includes(view.type)) return [];
  const key = view.type === CLASSIC.legacyScaleSet ? "networkProfiles" : "networkInterfaces";
  return listOf(own(view.props, key)).map((c, i) => classicInterface(c, key, `${key}[${i}].`, "networkSecurityGroupId"));
}

/** How a resource names another within a resource group: the name, the group, and the property holding the name (the engine's record of the link at preview). */
export interface NameRef {
  readonly name: unknown;
  readonly resourceGroup: unknown;
  readonly key: string;
}

/**
 * How a child resource names its parent within a resource group (a rule its NSG, a route its
 * table): by the parent-name input. Azure Native writes ARM's response after an update, which holds
 * neither that input nor resourceGroupName; the child's own ARM id holds both
 * (".../resourceGroups/<group>/providers/Microsoft.Network/<collection>/<parent>/..."). A name not
 * known yet at preview stays unknown.
 */
export function parentRef(view: ResourceView, key: string, collection: string): NameRef {
  const id = reveal(own(view.props, "id"));
  const fromId = typeof id === "string" ? new RegExp(`/resourceGroups/([^/]+)/providers/Microsoft\\.Network/${collection}/([^/]+)/`, "i").exec(id) : null;
  const [name, resourceGroup] = [own(view.props, key), own(view.props, "resourceGroupName")];
  return { name: isUnset(name) && fromId ? fromId[2] : name, resourceGroup: isUnset(resourceGroup) && fromId ? fromId[1] : resourceGroup, key };
}

/** The NSG a standalone rule names. */
export function standaloneRuleNsg(view: ResourceView): NameRef {
  return parentRef(view, "networkSecurityGroupName", "networkSecurityGroups");
}

/** Name and resource group of an NSG, lower-cased (Azure compares names case-insensitively), from its props or its id. */
export function nsgIdentity(view: ResourceView): { name?: string; resourceGroup?: string } {
  const id = reveal(own(view.props, "id"));
  const fromId = typeof id === "string" ? /\/resourceGroups\/([^/]+)\/.*\/networkSecurityGroups\/([^/]+)$/i.exec(id) : null;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined);
  return {
    name: text(reveal(own(view.props, "name"))) ?? text(reveal(own(view.props, "networkSecurityGroupName"))) ?? text(fromId?.[2]),
    resourceGroup: text(reveal(own(view.props, "resourceGroupName"))) ?? text(fromId?.[1]),
  };
}

/**
 * Name and resource group of a resource named within its group, lower-cased (Azure compares names
 * case-insensitively): the `name` output, else the name input azure-native takes.
 */
export function identityOf(view: ResourceView, nameInputs: readonly string[]): { name?: string; resourceGroup?: string } {
  const text = (value: unknown) => {
    const v = reveal(value);
    return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
  };
  const names = ["name", ...nameInputs].map((key) => text(own(view.props, key)));
  return { name: names.find((n) => n !== undefined), resourceGroup: text(own(view.props, "resourceGroupName")) };
}
