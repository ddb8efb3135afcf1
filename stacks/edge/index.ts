import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Skype for Business Edge pool on AWS: two Edge servers in public subnets of two Availability
 * Zones, each with external interfaces for Access, Web Conferencing and A/V Edge on Elastic IPs,
 * a network ACL on the Edge subnets, an internet gateway and route tables, and - depending on the
 * stack - the media range opened inbound and a deny of the CLS agent ports.
 *
 * The stack's `variant` config picks the case (stacks/edge/Pulumi.<stack>.yaml):
 *   compliant                   no inbound media range (Microsoft's default guidance)
 *   federation                  media range opened for OCS 2007 federation, with a justification
 *   denied-by-nacl              media range opened, CLS ports denied by the Edge subnets' NACL
 *   denied-by-network-firewall  media range opened, CLS ports dropped by AWS Network Firewall,
 *                               routed through it in AWS's distributed model (one endpoint per AZ)
 *   firewall-bypassed           the same firewall, but the Edge subnets route straight to the
 *                               internet gateway: the firewall is not on the path, the CLS agent
 *                               is reachable (Firewall Manager: "traffic bypasses firewall inspection")
 *   exposed                     media range opened, CLS agent reachable from the internet
 *   exposed-inline              the same opening written inline, in the A/V group's ingress (what
 *                               the opt-in cls-ports-carved remediation can rewrite)
 */
const VARIANTS = ["compliant", "federation", "denied-by-nacl", "denied-by-network-firewall", "firewall-bypassed", "exposed", "exposed-inline"] as const;
type Variant = (typeof VARIANTS)[number];

const config = new pulumi.Config();
const variant = (config.get("variant") ?? "exposed") as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(", ")}; got "${variant}"`);

const world = ["0.0.0.0/0"];
const opensMediaRange = variant !== "compliant";
const mediaRangeInline = variant === "exposed-inline";
const mediaRange = ["tcp", "udp"].map((protocol) => ({ description: "A/V media range, inbound", protocol, fromPort: 50000, toPort: 59999, cidrBlocks: world }));

/** Per Availability Zone: the Edge subnet and, where there is a firewall, the subnet of its endpoint. */
const ZONES = [
  { az: "eu-west-1a", edgeCidr: "10.20.1.0/24", firewallCidr: "10.20.0.0/28" },
  { az: "eu-west-1b", edgeCidr: "10.20.2.0/24", firewallCidr: "10.20.0.16/28" },
];

const vpc = new aws.ec2.Vpc("edge-vpc", { cidrBlock: "10.20.0.0/16", tags: { Name: "sfb-edge" } });
const igw = new aws.ec2.InternetGateway("edge-igw", { vpcId: vpc.id, tags: { Name: "sfb-edge" } });

/** A subnet with what its routes need: its zone and its CIDR (destinations of the edge route table). */
interface ZonalSubnet {
  readonly name: string;
  readonly az: string;
  readonly cidr: string;
  readonly subnet: aws.ec2.Subnet;
}

function zonalSubnet(role: string, az: string, cidr: string): ZonalSubnet {
  const name = `edge-${role}-${az.slice(-1)}`;
  // No address on launch: the Edge servers' public addresses are Elastic IPs, stable for DNS and certificates.
  return { name, az, cidr, subnet: new aws.ec2.Subnet(name, { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: az, mapPublicIpOnLaunch: false }) };
}

const edgeSubnets = ZONES.map((z) => zonalSubnet("public", z.az, z.edgeCidr));

function edgeGroup(name: string, description: string, ingress: aws.types.input.ec2.SecurityGroupIngress[], tags?: Record<string, string>) {
  return new aws.ec2.SecurityGroup(name, {
    vpcId: vpc.id,
    description,
    ingress,
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: world }],
    tags,
  });
}

const access = edgeGroup("edge-access", "Access Edge: SIP over TLS, federation", [
  { description: "SIP/TLS", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: world },
  { description: "SIP/MTLS federation", protocol: "tcp", fromPort: 5061, toPort: 5061, cidrBlocks: world },
]);
const webConferencing = edgeGroup("edge-webconf", "Web Conferencing Edge", [{ description: "PSOM/TLS", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: world }]);

// A justification expires; the example computes its date so that it stays valid.
const inSixMonths = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
const federationJustification = {
  "cls-guard:reason": "ocs-2007-federation",
  "cls-guard:ticket": "CHG-20417",
  "cls-guard:approved-by": "secops@example.com",
  "cls-guard:expires": inSixMonths,
};
const av = edgeGroup(
  "edge-av",
  "A/V Edge: media relay",
  [
    { description: "TURN/TCP", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: world },
    { description: "STUN/TURN/UDP", protocol: "udp", fromPort: 3478, toPort: 3478, cidrBlocks: world },
    ...(mediaRangeInline ? mediaRange : []),
  ],
  variant === "federation" ? federationJustification : undefined,
);

if (opensMediaRange && !mediaRangeInline) {
  for (const rule of mediaRange) new aws.ec2.SecurityGroupRule(`edge-av-media-${rule.protocol}`, { type: "ingress", securityGroupId: av.id, ...rule });
}

/** An Elastic IP for an external interface; AWS needs the VPC's internet gateway before it can associate one. */
function publicAddress(name: string, target: Pick<aws.ec2.EipArgs, "instance" | "networkInterface">) {
  new aws.ec2.Eip(`${name}-eip`, { domain: "vpc", ...target }, { dependsOn: [igw] });
}

// Two Edge servers, each with one external interface per Edge role, each on a public address.
edgeSubnets.forEach(({ subnet }, i) => {
  const server = new aws.ec2.Instance(`edge-${i + 1}`, {
    ami: "ami-0e2c8caa4b6378d8c",
    instanceType: "m5.xlarge",
    subnetId: subnet.id,
    vpcSecurityGroupIds: [access.id],
  });
  publicAddress(`edge-${i + 1}-access`, { instance: server.id });
  [webConferencing, av].forEach((group, k) => {
    const name = `edge-${i + 1}-${k === 0 ? "webconf" : "av"}`;
    const nic = new aws.ec2.NetworkInterface(name, { subnetId: subnet.id, securityGroups: [group.id] });
    new aws.ec2.NetworkInterfaceAttachment(`${name}-attach`, { instanceId: server.id, networkInterfaceId: nic.id, deviceIndex: k + 1 });
    publicAddress(name, { networkInterface: nic.id });
  });
});

// NACLs are stateless: inbound rules must admit the replies to connections the servers open,
// which arrive on ephemeral ports (rule 200) - and that allow alone would let 50001-50003 in.
const aclIngress: aws.types.input.ec2.NetworkAclIngress[] = [
  { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: world[0] },
  { ruleNo: 110, action: "allow", protocol: "tcp", fromPort: 5061, toPort: 5061, cidrBlock: world[0] },
  { ruleNo: 120, action: "allow", protocol: "udp", fromPort: 3478, toPort: 3478, cidrBlock: world[0] },
  { ruleNo: 130, action: "allow", protocol: "udp", fromPort: 50000, toPort: 59999, cidrBlock: world[0] },
  { ruleNo: 200, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 65535, cidrBlock: world[0] },
];
if (variant === "denied-by-nacl") {
  aclIngress.unshift({ ruleNo: 90, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: world[0] });
}
new aws.ec2.NetworkAcl("edge-public-acl", {
  vpcId: vpc.id,
  subnetIds: edgeSubnets.map((s) => s.subnet.id),
  ingress: aclIngress,
  egress: [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: world[0] }],
});

const toInternet = [{ cidrBlock: world[0], gatewayId: igw.id }];

/**
 * A route table for some subnets. Routes to a firewall endpoint are aws.ec2.Route resources, and
 * a table that has them must not list inline routes: the provider would remove the others.
 */
function routeTable(name: string, subnets: readonly ZonalSubnet[], routes?: aws.types.input.ec2.RouteTableRoute[]): aws.ec2.RouteTable {
  const table = new aws.ec2.RouteTable(name, { vpcId: vpc.id, routes, tags: { Name: name } });
  for (const s of subnets) new aws.ec2.RouteTableAssociation(`${s.name}-association`, { routeTableId: table.id, subnetId: s.subnet.id });
  return table;
}

/**
 * The firewall's endpoint in one zone. AWS reports it only once the firewall exists (unknown at
 * preview); without a report there is no endpoint, and the route has no target, rather than a
 * made-up one that would credit the firewall with traffic it never sees.
 */
function firewallEndpoint(firewall: aws.networkfirewall.Firewall, az: string): pulumi.Output<string | undefined> {
  return firewall.firewallStatuses.apply((statuses) => statuses?.flatMap((s) => s.syncStates).find((state) => state.availabilityZone === az)?.attachments[0]?.endpointId);
}

/** AWS Network Firewall dropping the CLS agent ports, with an endpoint in a subnet of its own in each zone. */
function clsDroppingFirewall(): aws.networkfirewall.Firewall {
  const firewallSubnets = ZONES.map((z) => zonalSubnet("firewall", z.az, z.firewallCidr));
  // Inspected traffic leaves the endpoints for the internet.
  routeTable("edge-firewall-rt", firewallSubnets, toInternet);
  const dropCls = new aws.networkfirewall.RuleGroup("drop-cls-agent", {
    type: "STATEFUL",
    capacity: 10,
    ruleGroup: {
      rulesSource: { rulesString: 'drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (msg:"Lync/SfB CLS agent from the internet"; sid:1000001; rev:1;)' },
    },
  });
  const policy = new aws.networkfirewall.FirewallPolicy("edge-firewall-policy", {
    firewallPolicy: {
      statelessDefaultActions: ["aws:forward_to_sfe"],
      statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
      statefulRuleGroupReferences: [{ resourceArn: dropCls.arn }],
    },
  });
  return new aws.networkfirewall.Firewall("edge-firewall", {
    vpcId: vpc.id,
    firewallPolicyArn: policy.arn,
    subnetMappings: firewallSubnets.map((s) => ({ subnetId: s.subnet.id })),
  });
}

/**
 * AWS's distributed model: the internet gateway's edge route table sends traffic for each Edge
 * subnet to the endpoint in its zone, and the subnet sends its replies back through the same
 * endpoint (the firewall does not support asymmetric routing).
 */
function routeThroughFirewall(firewall: aws.networkfirewall.Firewall) {
  const ingress = routeTable("edge-ingress-rt", []);
  new aws.ec2.RouteTableAssociation("edge-ingress-association", { routeTableId: ingress.id, gatewayId: igw.id });
  for (const s of edgeSubnets) {
    const vpcEndpointId = firewallEndpoint(firewall, s.az);
    new aws.ec2.Route(`edge-ingress-to-${s.name}`, { routeTableId: ingress.id, destinationCidrBlock: s.cidr, vpcEndpointId });
    const own = routeTable(`${s.name}-rt`, [s]);
    new aws.ec2.Route(`${s.name}-to-internet`, { routeTableId: own.id, destinationCidrBlock: world[0], vpcEndpointId });
  }
}

if (variant === "denied-by-network-firewall") routeThroughFirewall(clsDroppingFirewall());
else routeTable("edge-public-rt", edgeSubnets, toInternet);
// The misconfiguration: the firewall is deployed and its subnets reach the internet, but no route sends Edge traffic to it.
if (variant === "firewall-bypassed") clsDroppingFirewall();

export const vpcId = vpc.id;
export const stackVariant = variant;
