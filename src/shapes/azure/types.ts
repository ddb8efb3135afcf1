/**
 * Type tokens of the Azure shapes cls-guard reads, for both providers: azure-native (the Azure
 * REST API, unset fields absent) and the classic @pulumi/azure (a Terraform bridge, unset fields
 * "" / 0 / [] / null).
 */
export const NATIVE = {
  nsg: "azure-native:network:NetworkSecurityGroup",
  rule: "azure-native:network:SecurityRule",
  subnet: "azure-native:network:Subnet",
  vnet: "azure-native:network:VirtualNetwork",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  scaleSet: "azure-native:compute:VirtualMachineScaleSet",
  adminRule: "azure-native:network:AdminRule",
  publicIp: "azure-native:network:PublicIPAddress",
  firewall: "azure-native:network:AzureFirewall",
  policyGroup: "azure-native:network:FirewallPolicyRuleCollectionGroup",
  firewallPolicy: "azure-native:network:FirewallPolicy",
  routeTable: "azure-native:network:RouteTable",
  route: "azure-native:network:Route",
  loadBalancer: "azure-native:network:LoadBalancer",
  natRule: "azure-native:network:InboundNatRule",
  backendPool: "azure-native:network:LoadBalancerBackendAddressPool",
  asg: "azure-native:network:ApplicationSecurityGroup",
} as const;

export const CLASSIC = {
  nsg: "azure:network/networkSecurityGroup:NetworkSecurityGroup",
  rule: "azure:network/networkSecurityRule:NetworkSecurityRule",
  subnetAssociation: "azure:network/subnetNetworkSecurityGroupAssociation:SubnetNetworkSecurityGroupAssociation",
  nicAssociation: "azure:network/networkInterfaceSecurityGroupAssociation:NetworkInterfaceSecurityGroupAssociation",
  subnet: "azure:network/subnet:Subnet",
  vnet: "azure:network/virtualNetwork:VirtualNetwork",
  nic: "azure:network/networkInterface:NetworkInterface",
  vm: "azure:compute/virtualMachine:VirtualMachine",
  windowsVm: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
  linuxVm: "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
  windowsScaleSet: "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet",
  linuxScaleSet: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
  /** A Flexible scale set: its instances' interfaces are configured as the Linux and Windows ones' are. */
  orchestratedScaleSet: "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet",
  /** azurerm's legacy scale set: networkProfiles, each IP configuration with at most one publicIpAddressConfiguration. */
  legacyScaleSet: "azure:compute/scaleSet:ScaleSet",
  publicIp: "azure:network/publicIp:PublicIp",
  firewall: "azure:network/firewall:Firewall",
  natRuleCollection: "azure:network/firewallNatRuleCollection:FirewallNatRuleCollection",
  policyGroup: "azure:network/firewallPolicyRuleCollectionGroup:FirewallPolicyRuleCollectionGroup",
  firewallPolicy: "azure:network/firewallPolicy:FirewallPolicy",
  routeTable: "azure:network/routeTable:RouteTable",
  route: "azure:network/route:Route",
  routeTableAssociation: "azure:network/subnetRouteTableAssociation:SubnetRouteTableAssociation",
  loadBalancer: "azure:lb/loadBalancer:LoadBalancer",
  lbRule: "azure:lb/rule:Rule",
  natRule: "azure:lb/natRule:NatRule",
  natPool: "azure:lb/natPool:NatPool",
  backendPool: "azure:lb/backendAddressPool:BackendAddressPool",
  backendPoolAddress: "azure:lb/backendAddressPoolAddress:BackendAddressPoolAddress",
  poolAssociation: "azure:network/networkInterfaceBackendAddressPoolAssociation:NetworkInterfaceBackendAddressPoolAssociation",
  natRuleAssociation: "azure:network/networkInterfaceNatRuleAssociation:NetworkInterfaceNatRuleAssociation",
  asg: "azure:network/applicationSecurityGroup:ApplicationSecurityGroup",
  adminRule: "azure:network/networkManagerAdminRule:NetworkManagerAdminRule",
  asgAssociation: "azure:network/networkInterfaceApplicationSecurityGroupAssociation:NetworkInterfaceApplicationSecurityGroupAssociation",
} as const;

export const NSG_TYPES: readonly string[] = [NATIVE.nsg, CLASSIC.nsg];
/** Virtual networks declare subnets inline, in either provider. */
export const VNET_TYPES: readonly string[] = [NATIVE.vnet, CLASSIC.vnet];
export const SUBNET_TYPES: readonly string[] = [NATIVE.subnet, CLASSIC.subnet, ...VNET_TYPES];
export const NIC_TYPES: readonly string[] = [NATIVE.nic, CLASSIC.nic];
export const VM_TYPES: readonly string[] = [NATIVE.vm, CLASSIC.vm, CLASSIC.windowsVm, CLASSIC.linuxVm];
export const SCALE_SET_TYPES: readonly string[] = [NATIVE.scaleSet, CLASSIC.windowsScaleSet, CLASSIC.linuxScaleSet, CLASSIC.orchestratedScaleSet, CLASSIC.legacyScaleSet];
/** Application security groups: named sets of network interfaces (IP configurations, strictly) that NSG rules take as sources and destinations. */
export const ASG_TYPES: readonly string[] = [NATIVE.asg, CLASSIC.asg];
export const PUBLIC_IP_TYPES: readonly string[] = [NATIVE.publicIp, CLASSIC.publicIp];
export const FIREWALL_TYPES: readonly string[] = [NATIVE.firewall, CLASSIC.firewall];
export const ROUTE_TABLE_TYPES: readonly string[] = [NATIVE.routeTable, CLASSIC.routeTable];
export const ROUTE_TYPES: readonly string[] = [NATIVE.route, CLASSIC.route];
export const FIREWALL_POLICY_TYPES: readonly string[] = [NATIVE.firewallPolicy, CLASSIC.firewallPolicy];
/**
 * The classic provider's association resources join two resources and are neither of them, yet
 * azurerm gives a subnet's associations (NSG, route table, NAT gateway) the subnet's own id.
 */
export const isAssociation = (type: string) => type.startsWith("azure:") && type.endsWith("Association");
/** Resources that carry Azure Firewall DNAT rules: a firewall's own collections, a classic collection, policy rule collection groups. */
export const DNAT_TYPES: readonly string[] = [NATIVE.firewall, CLASSIC.natRuleCollection, NATIVE.policyGroup, CLASSIC.policyGroup];
/** Load balancers, and the resources of either provider that carry a balancer's forwarding rules or backend pools outside it. */
export const LOAD_BALANCER_TYPES: readonly string[] = [NATIVE.loadBalancer, CLASSIC.loadBalancer];
export const BALANCER_PART_TYPES: readonly string[] = [NATIVE.natRule, NATIVE.backendPool, CLASSIC.lbRule, CLASSIC.natRule, CLASSIC.natPool, CLASSIC.backendPool];
/** The classic provider puts a network interface in a pool or NAT rule by association. */
export const BALANCER_ASSOCIATION_TYPES: readonly string[] = [CLASSIC.poolAssociation, CLASSIC.natRuleAssociation];
