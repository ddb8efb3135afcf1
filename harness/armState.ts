import { azureApiVersion } from "./providerSchema";
import { hostOf, items, publicIp, revealed, stableUuid, type ComputedTable, type MockArgs, type Props, type Registered } from "./cloudState";

/**
 * What Azure Resource Manager returns for Azure Native resources after an update. Azure Native is
 * not a Terraform bridge: its outputs are ARM's response, so an unset field is absent
 * (providerSchema.ts drops it), ids are ARM ids, and a reference to another resource
 * (`networkSecurityGroup`, `subnet`, `publicIPAddress`) is `{ id: <ARM id> }`.
 */
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** Where a resource sits in ARM: its type, the input naming it, and for a child the input naming its parent. */
interface ArmType {
  readonly type: string;
  readonly nameKey: string;
  readonly parentKey?: string;
}

const ARM_TYPES: Record<string, ArmType> = {
  "azure-native:resources:ResourceGroup": { type: "Microsoft.Resources/resourceGroups", nameKey: "resourceGroupName" },
  "azure-native:network:VirtualNetwork": { type: "Microsoft.Network/virtualNetworks", nameKey: "virtualNetworkName" },
  "azure-native:network:Subnet": { type: "Microsoft.Network/virtualNetworks/subnets", nameKey: "subnetName", parentKey: "virtualNetworkName" },
  "azure-native:network:NetworkSecurityGroup": { type: "Microsoft.Network/networkSecurityGroups", nameKey: "networkSecurityGroupName" },
  "azure-native:network:SecurityRule": { type: "Microsoft.Network/networkSecurityGroups/securityRules", nameKey: "securityRuleName", parentKey: "networkSecurityGroupName" },
  "azure-native:network:NetworkInterface": { type: "Microsoft.Network/networkInterfaces", nameKey: "networkInterfaceName" },
  "azure-native:network:PublicIPAddress": { type: "Microsoft.Network/publicIPAddresses", nameKey: "publicIpAddressName" },
  "azure-native:compute:VirtualMachine": { type: "Microsoft.Compute/virtualMachines", nameKey: "vmName" },
};

/**
 * Azure Native names an unnamed resource after its logical name plus a random suffix; the
 * examples name theirs, and an unnamed one keeps its logical name here rather than a made-up suffix.
 */
function armName(args: MockArgs, nameKey: string): string {
  const given = args.inputs[nameKey];
  return typeof given === "string" && given !== "" ? given : args.name;
}

/** "/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"; a resource group is "/subscriptions/<s>/resourceGroups/<name>". */
function armId(armType: ArmType, args: MockArgs): string {
  const name = armName(args, armType.nameKey);
  if (armType.type === "Microsoft.Resources/resourceGroups") return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${name}`;
  const [namespace, ...types] = armType.type.split("/");
  const names = armType.parentKey ? [String(args.inputs[armType.parentKey]), name] : [name];
  const path = types.flatMap((t, i) => [t, names[i]]).join("/");
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${args.inputs.resourceGroupName}/providers/${namespace}/${path}`;
}

/** What every ARM resource carries; providerSchema.ts keeps the ones the class declares. */
function common(token: string, args: MockArgs, id: string): Props {
  const armType = ARM_TYPES[token];
  return {
    name: armName(args, armType.nameKey),
    type: armType.type,
    etag: `W/"${stableUuid(`${id}#etag`)}"`,
    provisioningState: "Succeeded",
    resourceGuid: stableUuid(id),
    azureApiVersion: azureApiVersion(token),
  };
}

/** A child ARM returns inside its parent (a rule in its group, an IP configuration in its NIC): id, etag, state and type like any resource. */
function child(parentId: string, collection: string, type: string, item: Props): Props {
  const id = `${parentId}/${collection}/${item.name}`;
  return { ...item, id, etag: `W/"${stableUuid(`${id}#etag`)}"`, provisioningState: "Succeeded", type };
}

/** ARM returns a rule's four list forms even when unused, as empty lists, beside the single-valued ones. */
const RULE_LISTS = { sourcePortRanges: [], destinationPortRanges: [], sourceAddressPrefixes: [], destinationAddressPrefixes: [] };

function rule(parentId: string, collection: string, item: Props): Props {
  return child(parentId, collection, `Microsoft.Network/networkSecurityGroups/${collection}`, { ...RULE_LISTS, ...item });
}

/** The rules Azure puts in every NSG, below any a user can write (Microsoft docs "Network security groups: how they work"). */
const DEFAULT_RULES: Props[] = [
  ["AllowVnetInBound", "Inbound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork", "Allow inbound traffic from all VMs in VNET"],
  ["AllowAzureLoadBalancerInBound", "Inbound", 65001, "Allow", "AzureLoadBalancer", "*", "Allow inbound traffic from azure load balancer"],
  ["DenyAllInBound", "Inbound", 65500, "Deny", "*", "*", "Deny all inbound traffic"],
  ["AllowVnetOutBound", "Outbound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork", "Allow outbound traffic from all VMs to all VMs in VNET"],
  ["AllowInternetOutBound", "Outbound", 65001, "Allow", "*", "Internet", "Allow outbound traffic from all VMs to Internet"],
  ["DenyAllOutBound", "Outbound", 65500, "Deny", "*", "*", "Deny all outbound traffic"],
].map(([name, direction, priority, access, sourceAddressPrefix, destinationAddressPrefix, description]) => ({
  name,
  description,
  protocol: "*",
  sourcePortRange: "*",
  destinationPortRange: "*",
  sourceAddressPrefix,
  destinationAddressPrefix,
  access,
  priority,
  direction,
}));

/** Per type, what ARM adds beyond the common fields. */
const SPECIFIC: Record<string, (args: MockArgs, id: string, registered: Registered) => Props> = {
  "azure-native:network:NetworkSecurityGroup": ({ inputs }, id) => ({
    securityRules: items(inputs.securityRules).map((r) => rule(id, "securityRules", r)),
    defaultSecurityRules: DEFAULT_RULES.map((r) => rule(id, "defaultSecurityRules", r)),
  }),
  "azure-native:network:SecurityRule": ({ inputs }) => ({ ...RULE_LISTS, ...inputs }),
  // Azure hands out private addresses from the fifth of the subnet (it keeps the first four).
  "azure-native:network:NetworkInterface": ({ inputs }, id, registered) => ({
    ipConfigurations: items(inputs.ipConfigurations).map((config, i) => {
      const subnetId = (config.subnet as Props | undefined)?.id;
      const privateIPAddress = config.privateIPAddress ?? hostOf(registered.withOutput("id", subnetId)?.outputs.addressPrefix, 4 + i);
      const primary = config.primary ?? i === 0;
      return child(id, "ipConfigurations", "Microsoft.Network/networkInterfaces/ipConfigurations", { privateIPAddressVersion: "IPv4", ...config, privateIPAddress, primary });
    }),
  }),
  "azure-native:network:PublicIPAddress": ({ inputs }, id) => ({ ipAddress: publicIp(id), publicIPAddressVersion: "IPv4", idleTimeoutInMinutes: 4, ...inputs }),
  // ARM never returns an admin password (the program's secret); the rest of the OS profile comes back plain.
  "azure-native:compute:VirtualMachine": ({ inputs }, id) => ({ vmId: stableUuid(id), osProfile: { ...(revealed(inputs.osProfile) as Props | undefined), adminPassword: undefined } }),
};

export const ARM_COMPUTED: ComputedTable = Object.fromEntries(
  Object.entries(ARM_TYPES).map(([token, armType]) => [
    token,
    (args: MockArgs, registered: Registered) => {
      const id = armId(armType, args);
      return { id, outputs: { ...common(token, args, id), ...SPECIFIC[token]?.(args, id, registered) } };
    },
  ]),
);
