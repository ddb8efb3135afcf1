import { providerOutputs } from "../harness/providerSchema";

/** A resource of a stack export as `pulumi stack export` writes it. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: true;
  readonly id: string;
  /** What the program set. */
  readonly inputs: Record<string, unknown>;
  /** What the provider wrote: every field, unset ones as "" / 0 / false / [] / null. */
  readonly outputs: Record<string, unknown>;
  /** Input property -> URNs of the resources whose outputs flowed into it. */
  readonly propertyDependencies: Record<string, string[]>;
}

export interface StackExport {
  readonly version: 3;
  readonly deployment: { readonly manifest: { readonly version: string }; readonly resources: ExportedResource[] };
}

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  igw: "aws:ec2/internetGateway:InternetGateway",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  instance: "aws:ec2/instance:Instance",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  nacl: "aws:ec2/networkAcl:NetworkAcl",
  naclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  ruleGroup: "aws:networkfirewall/ruleGroup:RuleGroup",
  firewallPolicy: "aws:networkfirewall/firewallPolicy:FirewallPolicy",
  firewall: "aws:networkfirewall/firewall:Firewall",
} as const;

const UNITS_PER_VPC = 100;
const FIREWALL_EVERY = 10;
const WORLD = "0.0.0.0/0";
const ZONE_A = "eu-west-1a";

/** Another resource's output, named by the resource; the writer turns it into the value and a property dependency. */
class Ref {
  constructor(
    readonly name: string,
    readonly value: string,
  ) {}
}
const id = (name: string) => new Ref(name, `${name}-id`);
const arnOf = (name: string) => `arn:aws:bench:eu-west-1:123456789012:${name}`;
const arn = (name: string) => new Ref(name, arnOf(name));

const sgEntry = (protocol: string, fromPort: number, toPort: number, cidrBlocks: string[]) => ({ protocol, fromPort, toPort, cidrBlocks });
const naclEntry = (ruleNo: number, action: string, protocol: string, fromPort: number, toPort: number, cidrBlock: string) => ({ ruleNo, action, protocol, fromPort, toPort, cidrBlock });
const justified = (u: number) => ({ "cls-guard:reason": "ocs-2007-federation", "cls-guard:ticket": `CHG-${u}`, "cls-guard:approved-by": "secops", "cls-guard:expires": "2099-01-01" });

/**
 * Collects resources in export form: inputs as the program set them (refs become values and
 * property dependencies), outputs as the provider writes them (harness/providerSchema.ts).
 */
class StackWriter {
  readonly resources: ExportedResource[] = [];
  private readonly urns = new Map<string, string>();

  /** `identity`: the id (and, on AWS, the ARN) the cloud gives a resource. */
  constructor(private readonly identity: (type: string, name: string) => Record<string, unknown> & { id: string } = (_, name) => ({ arn: arnOf(name), id: `${name}-id` })) {}

  /** `computed`: what only the cloud knows (ids of endpoints, public addresses). */
  add(type: string, name: string, props: Record<string, unknown>, computed: Record<string, unknown> = {}): void {
    const urn = `urn:pulumi:bench::edge::${type}::${name}`;
    this.urns.set(name, urn);
    const propertyDependencies: Record<string, string[]> = {};
    const inputs = Object.fromEntries(Object.entries(props).map(([key, value]) => [key, this.resolve(value, key, propertyDependencies)]));
    const identity = this.identity(type, name);
    const outputs = providerOutputs(type, inputs, { ...computed, ...identity });
    this.resources.push({ urn, type, custom: true, id: identity.id, inputs, outputs, propertyDependencies });
  }

  private resolve(value: unknown, key: string, deps: Record<string, string[]>): unknown {
    if (value instanceof Ref) {
      const urn = this.urns.get(value.name);
      if (urn && !deps[key]?.includes(urn)) (deps[key] ??= []).push(urn);
      return value.value;
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, key, deps));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, key, deps)]));
    return value;
  }
}

/** What the units of a VPC share. */
interface VpcContext {
  readonly name: string;
  readonly octet: number;
  readonly igw: string;
  /** The firewall's endpoint in ZONE_A, in every FIREWALL_EVERY-th VPC. */
  readonly endpoint?: Ref;
}

const subnetCidr = (vpc: VpcContext, u: number) => `10.${vpc.octet}.${u % UNITS_PER_VPC}.0/24`;
/** In a VPC with a firewall, its zone's units are routed through it both ways; the others go straight to the internet gateway. */
const inspected = (vpc: VpcContext, u: number) => vpc.endpoint !== undefined && u % 2 === 0;

function subnet(w: StackWriter, name: string, vpc: VpcContext, cidrBlock: string, availabilityZone: string, mapPublicIpOnLaunch: boolean): void {
  w.add(T.subnet, name, { vpcId: id(vpc.name), cidrBlock, availabilityZone, mapPublicIpOnLaunch });
}

function routeTable(w: StackWriter, name: string, vpc: VpcContext, routes: Record<string, unknown>[], associateWith: { subnetId: Ref } | { gatewayId: Ref }): void {
  w.add(T.routeTable, name, { vpcId: id(vpc.name), routes });
  w.add(T.association, `${name}-association`, { routeTableId: id(name), ...associateWith });
}

/** AWS Network Firewall dropping the CLS agent ports, with one endpoint in a subnet of its own that routes to the internet gateway. */
function firewall(w: StackWriter, vpc: VpcContext, endpointId: string): void {
  const [fw, fwSubnet] = [`fw-${vpc.name}`, `fw-subnet-${vpc.name}`];
  subnet(w, fwSubnet, vpc, `10.${vpc.octet}.200.0/24`, ZONE_A, false);
  routeTable(w, `${fwSubnet}-rt`, vpc, [{ cidrBlock: WORLD, gatewayId: id(vpc.igw) }], { subnetId: id(fwSubnet) });
  const rulesString = 'drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (msg:"Lync/SfB CLS agent from the internet"; sid:1000001; rev:1;)';
  w.add(T.ruleGroup, `${fw}-drop-cls`, { type: "STATEFUL", capacity: 10, ruleGroup: { rulesSource: { rulesString } } });
  const policy = { statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: ["aws:forward_to_sfe"], statefulRuleGroupReferences: [{ resourceArn: arn(`${fw}-drop-cls`) }] };
  w.add(T.firewallPolicy, `${fw}-policy`, { firewallPolicy: policy });
  const syncStates = [{ availabilityZone: ZONE_A, attachments: [{ endpointId, subnetId: id(fwSubnet).value }] }];
  w.add(T.firewall, fw, { vpcId: id(vpc.name), firewallPolicyArn: arn(`${fw}-policy`), subnetMappings: [{ subnetId: id(fwSubnet) }] }, { firewallStatuses: [{ syncStates, transitGatewayAttachmentSyncStates: [] }] });
}

/** A VPC, its internet gateway and the gateway's edge route table, which sends the inspected units' subnets to the firewall. */
function vpcResources(w: StackWriter, v: number): VpcContext {
  const name = `vpc-${v}`;
  const endpointId = `vpce-fw-${v}`;
  const vpc: VpcContext = { name, octet: v % 256, igw: `igw-${v}`, endpoint: v % FIREWALL_EVERY === 0 ? new Ref(`fw-${name}`, endpointId) : undefined };
  const main = `rtb-main-${v}`;
  w.add(T.vpc, name, { cidrBlock: `10.${vpc.octet}.0.0/16` }, { mainRouteTableId: main, defaultRouteTableId: main, defaultNetworkAclId: `acl-default-${v}`, defaultSecurityGroupId: `sg-default-${v}` });
  w.add(T.igw, vpc.igw, { vpcId: id(name) });
  if (vpc.endpoint) firewall(w, vpc, endpointId);
  const units = Array.from({ length: UNITS_PER_VPC }, (_, i) => v * UNITS_PER_VPC + i);
  const edgeRoutes = units.filter((u) => inspected(vpc, u)).map((u) => ({ cidrBlock: subnetCidr(vpc, u), vpcEndpointId: vpc.endpoint }));
  routeTable(w, `edge-rt-${v}`, vpc, edgeRoutes, { gatewayId: id(vpc.igw) });
  return vpc;
}

/** An Edge unit: subnet and its route table, security group with inline and standalone rules, instance, interface, NACL with inline and standalone entries. */
function unitResources(w: StackWriter, vpc: VpcContext, u: number): void {
  const world = [WORLD];
  const [subnetName, sg, acl] = [`subnet-${u}`, `sg-${u}`, `acl-${u}`];
  const publicSubnet = u % 10 !== 9;
  subnet(w, subnetName, vpc, subnetCidr(vpc, u), u % 2 === 0 ? ZONE_A : "eu-west-1b", publicSubnet);
  const toInternet = inspected(vpc, u) ? { vpcEndpointId: vpc.endpoint } : { gatewayId: id(vpc.igw) };
  routeTable(w, `${subnetName}-rt`, vpc, [{ cidrBlock: WORLD, ...toInternet }], { subnetId: id(subnetName) });
  w.add(T.sg, sg, {
    vpcId: id(vpc.name),
    ingress: [sgEntry("tcp", 443, 443, world), sgEntry("tcp", 5061, 5061, world), sgEntry("udp", 3478, 3478, world), sgEntry("tcp", 50000, 59999, u % 3 === 0 ? world : ["10.0.0.0/8"])],
    egress: [sgEntry("-1", 0, 0, world)],
    tags: u % 5 === 0 ? justified(u) : { Name: sg },
  });
  w.add(T.sgRule, `${sg}-udp`, { type: "ingress", securityGroupId: id(sg), ...sgEntry("udp", 50000, 59999, world) });
  w.add(T.ingressRule, `${sg}-all6`, { securityGroupId: id(sg), ipProtocol: "-1", cidrIpv6: "::/0" });
  // Unset, an instance takes its subnet's mapPublicIpOnLaunch, as EC2 does.
  w.add(T.instance, `edge-${u}`, { subnetId: id(subnetName), vpcSecurityGroupIds: [id(sg)] }, { associatePublicIpAddress: publicSubnet, publicIp: publicSubnet ? `203.0.113.${1 + (u % 254)}` : "" });
  w.add(T.eni, `nic-${u}`, { subnetId: id(subnetName), securityGroups: [id(sg)] });
  w.add(T.nacl, acl, {
    vpcId: id(vpc.name),
    subnetIds: [id(subnetName)],
    ingress: [naclEntry(90, "deny", "tcp", 50001, 50003, WORLD), naclEntry(100, "allow", "tcp", 443, 443, WORLD), naclEntry(200, "allow", "tcp", 1024, 65535, WORLD)],
    egress: [naclEntry(100, "allow", "-1", 0, 0, WORLD)],
  });
  w.add(T.naclRule, `${acl}-udp`, { networkAclId: id(acl), ruleNumber: 300, ruleAction: "allow", protocol: "udp", fromPort: 50000, toPort: 59999, cidrBlock: WORLD });
  w.add(T.naclRule, `${acl}-v6`, { networkAclId: id(acl), ruleNumber: 310, ruleAction: "deny", protocol: "-1", ipv6CidrBlock: "::/0" });
}

/**
 * A synthetic stack export of exactly `resources` resources, deterministic, with outputs as the
 * provider writes them: Edge-like units of eleven resources, a hundred units per VPC with its
 * internet gateway and edge route table, and in every tenth VPC an AWS Network Firewall that half
 * its units are routed through.
 */
export function syntheticExport(resources: number): StackExport {
  return written(new StackWriter(), resources, vpcResources, unitResources);
}

/** Networks of a hundred units each, until the stack holds exactly `resources` resources. */
function written<N>(w: StackWriter, resources: number, network: (w: StackWriter, n: number) => N, unit: (w: StackWriter, network: N, u: number) => void): StackExport {
  for (let n = 0; w.resources.length < resources; n++) {
    const shared = network(w, n);
    for (let u = n * UNITS_PER_VPC; u < (n + 1) * UNITS_PER_VPC && w.resources.length < resources; u++) unit(w, shared, u);
  }
  return { version: 3, deployment: { manifest: { version: "v3.248.0" }, resources: w.resources.slice(0, resources) } };
}

const AZ = {
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  nsg: "azure-native:network:NetworkSecurityGroup",
  rule: "azure-native:network:SecurityRule",
  publicIp: "azure-native:network:PublicIPAddress",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
} as const;

/** ARM ids, one resource group for the whole stack. */
const armId = (type: string, name: string) => ({ id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench/providers/Microsoft.${type.split(":")[1] === "compute" ? "Compute" : "Network"}/${type.split(":")[2]}/${name}` });
const armRef = (type: string, name: string) => ({ id: new Ref(name, armId(type, name).id) });
const nsgRule = (name: string, priority: number, access: string, protocol: string, destinationPortRange: string, sourceAddressPrefix: string) => ({ name, priority, access, direction: "Inbound", protocol, sourcePortRange: "*", destinationPortRange, sourceAddressPrefix, destinationAddressPrefix: "*" });

/**
 * An Azure Edge unit of seven resources: a subnet whose NSG allows SIP, STUN and (in a third of the
 * units from the internet) the media range, a standalone UDP media rule, and in every other unit an
 * explicit deny of the CLS ports; a NIC with a public IP (in nine units of ten) and its VM.
 */
function azureUnit(w: StackWriter, vnet: string, u: number): void {
  const [nsg, subnet, nic] = [`nsg-${u}`, `subnet-${u}`, `nic-${u}`];
  const media = nsgRule("media", 200, "Allow", "Tcp", "50000-59999", u % 3 === 0 ? "Internet" : "VirtualNetwork");
  const deny = u % 2 === 0 ? [nsgRule("deny-cls", 100, "Deny", "Tcp", "50001-50003", "*")] : [];
  w.add(AZ.nsg, nsg, { resourceGroupName: "bench", securityRules: [...deny, nsgRule("sip", 110, "Allow", "Tcp", "443", "Internet"), nsgRule("stun", 120, "Allow", "Udp", "3478", "Internet"), media], tags: u % 5 === 0 ? justified(u) : { Name: nsg } });
  w.add(AZ.rule, `${nsg}-udp`, { resourceGroupName: "bench", networkSecurityGroupName: new Ref(nsg, nsg), ...nsgRule("media-udp", 210, "Allow", "Udp", "50000-59999", "Internet") });
  w.add(AZ.subnet, subnet, { resourceGroupName: "bench", virtualNetworkName: new Ref(vnet, vnet), addressPrefix: `10.${Math.floor(u / UNITS_PER_VPC) % 256}.${u % UNITS_PER_VPC}.0/24`, networkSecurityGroup: armRef(AZ.nsg, nsg) });
  const reachable = u % 10 !== 9;
  if (reachable) w.add(AZ.publicIp, `pip-${u}`, { resourceGroupName: "bench", publicIPAllocationMethod: "Static" }, { ipAddress: `20.50.${Math.floor(u / 254) % 256}.${1 + (u % 254)}` });
  w.add(AZ.nic, nic, { resourceGroupName: "bench", ipConfigurations: [{ name: "ipconfig", subnet: armRef(AZ.subnet, subnet), privateIPAddress: "10.0.0.4", ...(reachable ? { publicIPAddress: armRef(AZ.publicIp, `pip-${u}`) } : {}) }] });
  w.add(AZ.vm, `edge-${u}`, { resourceGroupName: "bench", networkProfile: { networkInterfaces: [armRef(AZ.nic, nic)] } });
}

/** A synthetic Azure (azure-native) stack export of exactly `resources` resources: a VNet per hundred Edge units. */
export function syntheticAzureExport(resources: number): StackExport {
  const vnet = (w: StackWriter, n: number) => {
    w.add(AZ.vnet, `vnet-${n}`, { resourceGroupName: "bench", addressSpace: { addressPrefixes: [`10.${n % 256}.0.0/16`] } });
    return `vnet-${n}`;
  };
  return written(new StackWriter(armId), resources, vnet, azureUnit);
}

const GCP = { network: "gcp:compute/network:Network", firewall: "gcp:compute/firewall:Firewall", instance: "gcp:compute/instance:Instance" } as const;
const GCP_COLLECTIONS: Record<string, string> = { [GCP.network]: "global/networks", [GCP.firewall]: "global/firewalls", [GCP.instance]: "zones/europe-west1-b/instances" };
const gcpId = (type: string, name: string) => ({ id: `projects/bench/${GCP_COLLECTIONS[type]}/${name}`, selfLink: `https://www.googleapis.com/compute/v1/projects/bench/${GCP_COLLECTIONS[type]}/${name}` });

/**
 * A Google Cloud Edge unit of four resources: an instance tagged for its unit (with an external IP
 * in nine units of ten), a rule allowing SIP and STUN, one allowing the media range (from the
 * internet in a third of the units), and a deny of the CLS ports at the same priority (a deny wins
 * a tie) in every other unit, else a rule for the Edge's management range.
 */
function gcpUnit(w: StackWriter, network: Ref, u: number): void {
  const tag = `edge-${u}`;
  const rule = (name: string, fields: Record<string, unknown>) => w.add(GCP.firewall, name, { name, network, direction: "INGRESS", targetTags: [tag], ...fields });
  rule(`${tag}-sip`, { allows: [{ protocol: "tcp", ports: ["443", "5061"] }, { protocol: "udp", ports: ["3478"] }], sourceRanges: [WORLD] });
  rule(`${tag}-media`, { allows: [{ protocol: "tcp", ports: ["50000-59999"] }, { protocol: "udp", ports: ["50000-59999"] }], sourceRanges: [u % 3 === 0 ? WORLD : "10.0.0.0/8"], priority: 1000, description: u % 5 === 0 ? "cls-guard: reason=ocs-2007-federation; ticket=CHG-1; approved-by=secops; expires=2099-01-01" : "" });
  if (u % 2 === 0) rule(`${tag}-deny-cls`, { denies: [{ protocol: "tcp", ports: ["50001-50003"] }], sourceRanges: [WORLD], priority: 1000 });
  else rule(`${tag}-rdp`, { allows: [{ protocol: "tcp", ports: ["3389"] }], sourceRanges: ["203.0.113.0/24"] });
  const external = u % 10 !== 9 ? [{ natIp: `34.${Math.floor(u / 254) % 256}.0.${1 + (u % 254)}`, networkTier: "PREMIUM" }] : [];
  w.add(GCP.instance, `edge-${u}`, { name: `edge-${u}`, zone: "europe-west1-b", machineType: "n2-standard-4", tags: [tag], networkInterfaces: [{ network, accessConfigs: external }] });
}

/** A synthetic Google Cloud stack export of exactly `resources` resources: a network per hundred Edge units. */
export function syntheticGcpExport(resources: number): StackExport {
  const network = (w: StackWriter, n: number) => {
    w.add(GCP.network, `net-${n}`, { name: `net-${n}`, autoCreateSubnetworks: false });
    return new Ref(`net-${n}`, gcpId(GCP.network, `net-${n}`).selfLink);
  };
  return written(new StackWriter(gcpId), resources, network, gcpUnit);
}
