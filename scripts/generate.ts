/**
 * Synthetic stack exports for the benchmark: Edge-like units of ten resources (subnet, security
 * group with inline rules, standalone rules, instance, network interface, NACL with entries and
 * standalone entries), a VPC per hundred units.
 */
export function syntheticExport(resources: number): object {
  const out: object[] = [];
  const urn = (type: string, name: string) => `urn:pulumi:bench::edge::${type}::${name}`;
  const add = (type: string, name: string, outputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}) =>
    out.push({ urn: urn(type, name), type, custom: true, id: `${name}-id`, inputs: outputs, outputs: { ...outputs, id: `${name}-id` }, propertyDependencies });
  const world = ["0.0.0.0/0"];
  for (let u = 0; out.length < resources; u++) {
    const vpc = `vpc-${Math.floor(u / 100)}`;
    if (u % 100 === 0) add("aws:ec2/vpc:Vpc", vpc, { cidrBlock: "10.0.0.0/16" });
    const [subnet, sg, acl] = [`subnet-${u}`, `sg-${u}`, `acl-${u}`];
    add("aws:ec2/subnet:Subnet", subnet, { vpcId: `${vpc}-id`, cidrBlock: `10.0.${u % 256}.0/24` });
    add("aws:ec2/securityGroup:SecurityGroup", sg, {
      vpcId: `${vpc}-id`,
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: world },
        { protocol: "tcp", fromPort: 5061, toPort: 5061, cidrBlocks: world },
        { protocol: "udp", fromPort: 3478, toPort: 3478, cidrBlocks: world },
        { protocol: "tcp", fromPort: 50000, toPort: 59999, cidrBlocks: u % 3 === 0 ? world : ["10.0.0.0/8"] },
      ],
      tags: u % 5 === 0 ? { "cls-guard:reason": "ocs-2007-federation", "cls-guard:ticket": `CHG-${u}`, "cls-guard:approved-by": "secops", "cls-guard:expires": "2099-01-01" } : { Name: sg },
    });
    add("aws:ec2/securityGroupRule:SecurityGroupRule", `${sg}-udp`, { type: "ingress", securityGroupId: `${sg}-id`, protocol: "udp", fromPort: 50000, toPort: 59999, cidrBlocks: world });
    add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${sg}-all6`, { securityGroupId: `${sg}-id`, ipProtocol: "-1", cidrIpv6: "::/0" });
    add("aws:ec2/instance:Instance", `edge-${u}`, { subnetId: `${subnet}-id`, vpcSecurityGroupIds: [`${sg}-id`] });
    add("aws:ec2/networkInterface:NetworkInterface", `nic-${u}`, { subnetId: `${subnet}-id`, securityGroups: [`${sg}-id`] });
    add("aws:ec2/networkAcl:NetworkAcl", acl, {
      vpcId: `${vpc}-id`,
      subnetIds: [`${subnet}-id`],
      ingress: [
        { ruleNo: 90, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: "0.0.0.0/0" },
        { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" },
        { ruleNo: 200, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 65535, cidrBlock: "0.0.0.0/0" },
      ],
    });
    add("aws:ec2/networkAclRule:NetworkAclRule", `${acl}-udp`, { networkAclId: `${acl}-id`, ruleNumber: 300, ruleAction: "allow", protocol: "udp", fromPort: 50000, toPort: 59999, cidrBlock: "0.0.0.0/0" });
    add("aws:ec2/networkAclRule:NetworkAclRule", `${acl}-v6`, { networkAclId: `${acl}-id`, ruleNumber: 310, ruleAction: "deny", protocol: "-1", ipv6CidrBlock: "::/0" });
  }
  return { version: 3, deployment: { manifest: { version: "v3.248.0" }, resources: out.slice(0, resources) } };
}
