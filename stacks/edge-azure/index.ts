import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Skype for Business Edge server on Azure (Azure Native): a Windows Server VM whose external
 * interface sits in a subnet guarded by a network security group, on a static public IP.
 *
 * The stack's `variant` config picks the case (Pulumi.<stack>.yaml here):
 *   compliant   no inbound media range: SIP/TLS 443, SIP/MTLS 5061, STUN/TURN UDP 3478
 *   federation  media range opened for OCS 2007 federation, justified in the NSG's tags, and the
 *               CLS agent ports denied by a rule of lower priority number
 *   denied      media range opened, CLS agent ports denied by a rule of lower priority number
 *   exposed     media range opened, CLS agent reachable from the internet
 */
const VARIANTS = ["compliant", "federation", "denied", "exposed"] as const;
type Variant = (typeof VARIANTS)[number];

const config = new pulumi.Config();
const variant = (config.get("variant") ?? "exposed") as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(", ")}; got "${variant}"`);

const resourceGroup = new resources.ResourceGroup("edge-rg", { resourceGroupName: "rg-sfb-edge", location: "westeurope" });
const placed = { resourceGroupName: resourceGroup.name, location: resourceGroup.location };

/** An inbound rule from the internet to the Edge subnet. */
function inbound(name: string, priority: number, access: "Allow" | "Deny", protocol: "Tcp" | "Udp", destinationPortRange: string, sourceAddressPrefix = "Internet") {
  return { name, priority, access, protocol, direction: "Inbound", sourceAddressPrefix, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange };
}

const edgeRules = [
  inbound("allow-sip-tls", 100, "Allow", "Tcp", "443"),
  inbound("allow-sip-mtls-federation", 110, "Allow", "Tcp", "5061"),
  inbound("allow-stun-turn-udp", 120, "Allow", "Udp", "3478"),
];
const mediaRange = [inbound("allow-media-tcp", 200, "Allow", "Tcp", "50000-59999"), inbound("allow-media-udp", 210, "Allow", "Udp", "50000-59999")];
// A lower priority number is evaluated first: this deny wins over the media range's allow.
const denyClsAgent = inbound("deny-cls-agent", 150, "Deny", "Tcp", "50001-50003", "*");

const securityRules = {
  compliant: edgeRules,
  federation: [...edgeRules, denyClsAgent, ...mediaRange],
  denied: [...edgeRules, denyClsAgent, ...mediaRange],
  exposed: [...edgeRules, ...mediaRange],
}[variant];

// A justification expires; the example computes its date so that it stays valid.
const inSixMonths = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
const federationJustification = {
  "cls-guard:reason": "ocs-2007-federation",
  "cls-guard:ticket": "CHG-20417",
  "cls-guard:approved-by": "secops@example.com",
  "cls-guard:expires": inSixMonths,
};

const nsg = new network.NetworkSecurityGroup("edge-nsg", {
  ...placed,
  networkSecurityGroupName: "nsg-sfb-edge-external",
  securityRules,
  tags: variant === "federation" ? federationJustification : undefined,
});

const vnet = new network.VirtualNetwork("edge-vnet", { ...placed, virtualNetworkName: "vnet-sfb-edge", addressSpace: { addressPrefixes: ["10.30.0.0/16"] } });
const subnet = new network.Subnet("edge-external", {
  resourceGroupName: resourceGroup.name,
  virtualNetworkName: vnet.name,
  subnetName: "snet-edge-external",
  addressPrefix: "10.30.1.0/24",
  networkSecurityGroup: { id: nsg.id },
});

// A static address: the Edge's external FQDNs and certificates point at it.
const publicIp = new network.PublicIPAddress("edge-1-pip", {
  ...placed,
  publicIpAddressName: "pip-sfb-edge-1",
  sku: { name: "Standard" },
  publicIPAllocationMethod: "Static",
});

const nic = new network.NetworkInterface("edge-1-nic", {
  ...placed,
  networkInterfaceName: "nic-sfb-edge-1-external",
  ipConfigurations: [{ name: "external", subnet: { id: subnet.id }, publicIPAddress: { id: publicIp.id }, privateIPAllocationMethod: "Dynamic", primary: true }],
});

new compute.VirtualMachine("edge-1", {
  ...placed,
  vmName: "vm-sfb-edge-1",
  hardwareProfile: { vmSize: "Standard_D4s_v5" },
  osProfile: { computerName: "sfbedge01", adminUsername: "edgeadmin", adminPassword: config.requireSecret("adminPassword"), windowsConfiguration: { enableAutomaticUpdates: true } },
  storageProfile: {
    imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-datacenter-gensecond", version: "latest" },
    osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS" } },
  },
  networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
});

export const edgePublicIp = publicIp.ipAddress;
export const stackVariant = variant;
