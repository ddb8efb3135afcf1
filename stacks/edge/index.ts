import * as aws from "@pulumi/aws";

/**
 * A Skype for Business Edge server's external security group, as many organisations write it:
 * the Access, Web Conferencing and A/V Edge ports, plus the whole media range opened inbound.
 */
const vpc = new aws.ec2.Vpc("edge-vpc", { cidrBlock: "10.10.0.0/16", tags: { Name: "sfb-edge" } });

const world = ["0.0.0.0/0"];

export const edgeExternal = new aws.ec2.SecurityGroup("edge-external", {
  vpcId: vpc.id,
  description: "Skype for Business Edge - external interface",
  ingress: [
    { description: "Access / Web Conferencing / A/V Edge (TLS)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: world },
    { description: "SIP federation", protocol: "tcp", fromPort: 5061, toPort: 5061, cidrBlocks: world },
    { description: "A/V Edge STUN/TURN", protocol: "udp", fromPort: 3478, toPort: 3478, cidrBlocks: world },
  ],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: world }],
});

// The media range, opened inbound "to make A/V work": this also publishes the CLS agent
// (TCP 50001-50003) to the internet.
export const mediaTcp = new aws.ec2.SecurityGroupRule("edge-media-tcp", {
  type: "ingress",
  securityGroupId: edgeExternal.id,
  protocol: "tcp",
  fromPort: 50000,
  toPort: 59999,
  cidrBlocks: world,
});

export const mediaUdp = new aws.ec2.SecurityGroupRule("edge-media-udp", {
  type: "ingress",
  securityGroupId: edgeExternal.id,
  protocol: "udp",
  fromPort: 50000,
  toPort: 59999,
  cidrBlocks: world,
});
