import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Skype for Business Edge pool on AWS: two Edge servers in public subnets, each with external
 * interfaces for Access, Web Conferencing and A/V Edge, a network ACL on the Edge subnets, and -
 * depending on the stack - the media range opened inbound and a deny of the CLS agent ports.
 *
 * The stack's `variant` config picks the case (stacks/edge/Pulumi.<stack>.yaml):
 *   compliant                   no inbound media range (Microsoft's default guidance)
 *   federation                  media range opened for OCS 2007 federation, with a justification
 *   denied-by-nacl              media range opened, CLS ports denied by the Edge subnets' NACL
 *   denied-by-network-firewall  media range opened, CLS ports dropped by AWS Network Firewall
 *   exposed                     media range opened, CLS agent reachable from the internet
 */
const VARIANTS = ["compliant", "federation", "denied-by-nacl", "denied-by-network-firewall", "exposed"] as const;
type Variant = (typeof VARIANTS)[number];

const config = new pulumi.Config();
const variant = (config.get("variant") ?? "exposed") as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(", ")}; got "${variant}"`);

const world = ["0.0.0.0/0"];
const opensMediaRange = variant !== "compliant";

const vpc = new aws.ec2.Vpc("edge-vpc", { cidrBlock: "10.20.0.0/16", tags: { Name: "sfb-edge" } });
const subnets = ["a", "b"].map(
  (az, i) =>
    new aws.ec2.Subnet(`edge-public-${az}`, {
      vpcId: vpc.id,
      cidrBlock: `10.20.${i + 1}.0/24`,
      availabilityZone: `eu-west-1${az}`,
      mapPublicIpOnLaunch: false,
    }),
);

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
  ],
  variant === "federation" ? federationJustification : undefined,
);

if (opensMediaRange) {
  for (const protocol of ["tcp", "udp"]) {
    new aws.ec2.SecurityGroupRule(`edge-av-media-${protocol}`, {
      type: "ingress",
      securityGroupId: av.id,
      description: "A/V media range, inbound",
      protocol,
      fromPort: 50000,
      toPort: 59999,
      cidrBlocks: world,
    });
  }
}

// Two Edge servers, each with one external interface per Edge role.
subnets.forEach((subnet, i) => {
  const server = new aws.ec2.Instance(`edge-${i + 1}`, {
    ami: "ami-0e2c8caa4b6378d8c",
    instanceType: "m5.xlarge",
    subnetId: subnet.id,
    vpcSecurityGroupIds: [access.id],
  });
  [webConferencing, av].forEach((group, k) => {
    const nic = new aws.ec2.NetworkInterface(`edge-${i + 1}-${k === 0 ? "webconf" : "av"}`, { subnetId: subnet.id, securityGroups: [group.id] });
    new aws.ec2.NetworkInterfaceAttachment(`edge-${i + 1}-${k === 0 ? "webconf" : "av"}-attach`, { instanceId: server.id, networkInterfaceId: nic.id, deviceIndex: k + 1 });
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
  subnetIds: subnets.map((s) => s.id),
  ingress: aclIngress,
  egress: [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: world[0] }],
});

if (variant === "denied-by-network-firewall") {
  const firewallSubnet = new aws.ec2.Subnet("edge-firewall-subnet", { vpcId: vpc.id, cidrBlock: "10.20.0.0/28", availabilityZone: "eu-west-1a" });
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
  new aws.networkfirewall.Firewall("edge-firewall", {
    vpcId: vpc.id,
    firewallPolicyArn: policy.arn,
    subnetMappings: [{ subnetId: firewallSubnet.id }],
  });
}

export const vpcId = vpc.id;
export const stackVariant = variant;
