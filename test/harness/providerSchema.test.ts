import * as path from "path";
import { ROOT } from "../../harness/paths";
import { providerOutputs, resourceFields, type Field, type Kind } from "../../harness/providerSchema";
import { loadStackConfig, runProgram, type RecordedResource } from "../../harness/programRun";

/** A kind as the rows spell it: "string", "list(string)", "object(ec2.NetworkAclIngress)", "unknown(enums.autoscaling.Metric)". */
function spell(kind: Kind): string {
  switch (kind.kind) {
    case "list":
      return `list(${spell(kind.of)})`;
    case "object":
      return `object(${kind.type})`;
    case "unknown":
      return `unknown(${kind.text})`;
    default:
      return kind.kind;
  }
}

/** A field by path: "ingress[].ipv6CidrBlock" walks into list items and nested blocks. */
function fieldAt(token: string, fieldPath: string): Field | undefined {
  let fields = resourceFields(token);
  let found: Field | undefined;
  for (const step of fieldPath.split(".")) {
    found = fields?.get(step.replace("[]", ""));
    let kind = found?.kind;
    while (kind?.kind === "list") kind = kind.of;
    fields = kind?.kind === "object" ? kind.fields : undefined;
  }
  return found;
}

const EC2 = (file: string, cls: string) => `aws:ec2/${file}:${cls}`;
const FIREWALL = (file: string, cls: string) => `aws:networkfirewall/${file}:${cls}`;

describe("resourceFields reads @pulumi/aws typings", () => {
  // One row at least per resource type cls-guard reads; the reading itself is generic.
  test.each<[token: string, field: string, kind: string, optional: boolean]>([
    [EC2("vpc", "Vpc"), "mainRouteTableId", "string", false],
    [EC2("vpc", "Vpc"), "defaultNetworkAclId", "string", false],
    [EC2("vpc", "Vpc"), "tags", "map", true],
    [EC2("subnet", "Subnet"), "mapPublicIpOnLaunch", "boolean", true],
    [EC2("subnet", "Subnet"), "availabilityZone", "string", false],
    [EC2("securityGroup", "SecurityGroup"), "ingress", "list(object(ec2.SecurityGroupIngress))", false],
    [EC2("securityGroup", "SecurityGroup"), "ingress[].cidrBlocks", "list(string)", true],
    [EC2("securityGroup", "SecurityGroup"), "ingress[].self", "boolean", true],
    [EC2("defaultSecurityGroup", "DefaultSecurityGroup"), "ingress[].fromPort", "number", false],
    [EC2("securityGroupRule", "SecurityGroupRule"), "cidrBlocks", "list(string)", true],
    [EC2("securityGroupRule", "SecurityGroupRule"), "sourceSecurityGroupId", "string", false],
    ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cidrIpv4", "string", true],
    ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "fromPort", "number", true],
    [EC2("networkAcl", "NetworkAcl"), "ingress", "list(object(ec2.NetworkAclIngress))", false],
    [EC2("networkAcl", "NetworkAcl"), "ingress[].ipv6CidrBlock", "string", true],
    [EC2("networkAcl", "NetworkAcl"), "ingress[].ruleNo", "number", false],
    [EC2("defaultNetworkAcl", "DefaultNetworkAcl"), "ingress[].icmpCode", "number", true],
    [EC2("defaultNetworkAcl", "DefaultNetworkAcl"), "subnetIds", "list(string)", true],
    [EC2("networkAclRule", "NetworkAclRule"), "egress", "boolean", true],
    [EC2("networkAclRule", "NetworkAclRule"), "ruleNumber", "number", false],
    [EC2("networkAclAssociation", "NetworkAclAssociation"), "networkAclId", "string", false],
    [EC2("instance", "Instance"), "publicIp", "string", false],
    [EC2("instance", "Instance"), "associatePublicIpAddress", "boolean", false],
    [EC2("instance", "Instance"), "launchTemplate", "object(ec2.InstanceLaunchTemplate)", true],
    [EC2("instance", "Instance"), "primaryNetworkInterfaceId", "string", false],
    [EC2("spotInstanceRequest", "SpotInstanceRequest"), "vpcSecurityGroupIds", "list(string)", false],
    [EC2("spotInstanceRequest", "SpotInstanceRequest"), "subnetId", "string", false],
    [EC2("spotInstanceRequest", "SpotInstanceRequest"), "associatePublicIpAddress", "boolean", false],
    [EC2("networkInterface", "NetworkInterface"), "securityGroups", "list(string)", false],
    [EC2("networkInterfaceSecurityGroupAttachment", "NetworkInterfaceSecurityGroupAttachment"), "networkInterfaceId", "string", false],
    [EC2("networkInterfaceSecurityGroupAttachment", "NetworkInterfaceSecurityGroupAttachment"), "securityGroupId", "string", false],
    [EC2("launchConfiguration", "LaunchConfiguration"), "securityGroups", "list(string)", true],
    [EC2("launchConfiguration", "LaunchConfiguration"), "associatePublicIpAddress", "boolean", true],
    [EC2("launchConfiguration", "LaunchConfiguration"), "name", "string", false],
    ["aws:autoscaling/group:Group", "launchConfiguration", "string", true],
    [EC2("launchTemplate", "LaunchTemplate"), "networkInterfaces[].securityGroups", "list(string)", true],
    [EC2("launchTemplate", "LaunchTemplate"), "metadataOptions", "object(ec2.LaunchTemplateMetadataOptions)", false],
    ["aws:autoscaling/group:Group", "launchTemplate", "object(autoscaling.GroupLaunchTemplate)", false],
    ["aws:autoscaling/group:Group", "launchTemplate.id", "string", false],
    ["aws:autoscaling/group:Group", "vpcZoneIdentifiers", "list(string)", false],
    ["aws:autoscaling/group:Group", "enabledMetrics", "list(unknown(enums.autoscaling.Metric))", true],
    [EC2("routeTable", "RouteTable"), "routes", "list(object(ec2.RouteTableRoute))", false],
    [EC2("routeTable", "RouteTable"), "routes[].vpcEndpointId", "string", true],
    [EC2("route", "Route"), "destinationCidrBlock", "string", true],
    [EC2("routeTableAssociation", "RouteTableAssociation"), "gatewayId", "string", true],
    [EC2("mainRouteTableAssociation", "MainRouteTableAssociation"), "routeTableId", "string", false],
    [EC2("defaultRouteTable", "DefaultRouteTable"), "routes[].cidrBlock", "string", true],
    [EC2("internetGateway", "InternetGateway"), "vpcId", "string", false],
    [EC2("internetGatewayAttachment", "InternetGatewayAttachment"), "internetGatewayId", "string", false],
    [EC2("eip", "Eip"), "networkInterface", "string", false],
    [FIREWALL("ruleGroup", "RuleGroup"), "ruleGroup.rulesSource.rulesString", "string", true],
    [FIREWALL("ruleGroup", "RuleGroup"), "ruleGroup.rulesSource.statefulRules[].header", "object(networkfirewall.RuleGroupRuleGroupRulesSourceStatefulRuleHeader)", false],
    [FIREWALL("firewallPolicy", "FirewallPolicy"), "firewallPolicy.statefulRuleGroupReferences[].resourceArn", "string", false],
    [FIREWALL("firewall", "Firewall"), "firewallStatuses[].syncStates[].attachments[].endpointId", "string", false],
    [FIREWALL("firewall", "Firewall"), "subnetMappings", "list(object(networkfirewall.FirewallSubnetMapping))", true],
    [FIREWALL("vpcEndpointAssociation", "VpcEndpointAssociation"), "subnetMapping", "object(networkfirewall.VpcEndpointAssociationSubnetMapping)", false],
    [FIREWALL("vpcEndpointAssociation", "VpcEndpointAssociation"), "vpcEndpointAssociationStatuses[].associationSyncStates[].availabilityZone", "string", false],
  ])("%s %s is %s (optional: %s)", (token, fieldPath, kind, optional) => {
    const field = fieldAt(token, fieldPath);
    expect(field && { kind: spell(field.kind), optional: field.optional }).toEqual({ kind, optional });
  });

  test.each([
    ["a module @pulumi/aws does not have", "aws:nosuch/thing:Thing"],
    ["a class its file does not declare", "aws:ec2/vpc:Subnet"],
    ["another provider", "random:index/randomId:RandomId"],
    ["no token at all", "ec2.Vpc"],
  ])("%s has no schema", (_, token) => expect(resourceFields(token)).toBeUndefined());

  test("static members and inputs are not outputs", () => {
    const fields = resourceFields(EC2("networkAcl", "NetworkAcl"))!;
    expect([...fields.keys()].sort()).toEqual(["arn", "egress", "ingress", "ownerId", "region", "subnetIds", "tags", "tagsAll", "vpcId"]);
  });
});

describe("providerOutputs writes every field, unset ones as the provider does", () => {
  const naclEntry = { ruleNo: 90, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: "0.0.0.0/0" };

  test.each<[name: string, token: string, inputs: Record<string, unknown>, computed: Record<string, unknown>, expected: Record<string, unknown>]>([
    [
      "a NACL entry gains its unset source, ICMP fields",
      EC2("networkAcl", "NetworkAcl"),
      { vpcId: "vpc-1", ingress: [naclEntry] },
      {},
      { ingress: [{ ...naclEntry, ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 }], egress: [], subnetIds: [], tags: null, vpcId: "vpc-1" },
    ],
    [
      "a standalone rule's unset lists are [] and its flags false",
      EC2("securityGroupRule", "SecurityGroupRule"),
      { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
      {},
      { cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: [], prefixListIds: [], self: false, sourceSecurityGroupId: "", description: "" },
    ],
    [
      "an unset one-item block is null, a nested one gets its fields",
      EC2("launchTemplate", "LaunchTemplate"),
      { networkInterfaces: [{ subnetId: "subnet-1", securityGroups: ["sg-1"] }] },
      {},
      { metadataOptions: null, placement: null, networkInterfaces: [expect.objectContaining({ subnetId: "subnet-1", securityGroups: ["sg-1"], associatePublicIpAddress: "", ipv6Addresses: [], connectionTrackingSpecification: null })] },
    ],
    [
      "a given one-item block keeps its values and gains the rest",
      "aws:autoscaling/group:Group",
      { launchTemplate: { id: "lt-1" }, vpcZoneIdentifiers: ["subnet-1"] },
      {},
      { launchTemplate: { id: "lt-1", name: "", version: "" }, vpcZoneIdentifiers: ["subnet-1"], desiredCapacity: 0 },
    ],
    [
      "computed values win over inputs and are shaped too",
      FIREWALL("vpcEndpointAssociation", "VpcEndpointAssociation"),
      { subnetMapping: { subnetId: "subnet-1" }, description: "given" },
      { description: "computed", vpcEndpointAssociationStatuses: [{ associationSyncStates: [{ availabilityZone: "eu-west-1a", attachments: [{ endpointId: "vpce-1", subnetId: "subnet-1" }] }] }] },
      {
        description: "computed",
        subnetMapping: { subnetId: "subnet-1", ipAddressType: "" },
        vpcEndpointAssociationStatuses: [{ associationSyncStates: [{ availabilityZone: "eu-west-1a", attachments: [{ endpointId: "vpce-1", subnetId: "subnet-1", status: "", statusMessage: "" }] }] }],
      },
    ],
    [
      "a value of another kind (an unknown, a secret) is kept as it is",
      EC2("networkAcl", "NetworkAcl"),
      { ingress: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", vpcId: { secret: true } },
      {},
      { ingress: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", vpcId: { secret: true } },
    ],
    [
      "keys the schema does not know are kept",
      EC2("vpc", "Vpc"),
      { cidrBlock: "10.0.0.0/16", __extra: 1 },
      { id: "vpc-1" },
      { cidrBlock: "10.0.0.0/16", __extra: 1, id: "vpc-1", ipv6CidrBlock: "", assignGeneratedIpv6CidrBlock: false, ipv4NetmaskLength: 0 },
    ],
    ["a token without schema keeps its inputs, computed on top", "pulumi:providers:aws", { region: "eu-west-1" }, { id: "p" }, { region: "eu-west-1", id: "p" }],
  ])("%s", (_, token, inputs, computed, expected) => {
    expect(providerOutputs(token, inputs, computed)).toEqual(expect.objectContaining(expected));
  });

  test("every schema field is present, none left undefined", () => {
    const outputs = providerOutputs(FIREWALL("firewall", "Firewall"), { vpcId: "vpc-1" });
    expect(Object.keys(outputs).sort()).toEqual([...resourceFields(FIREWALL("firewall", "Firewall"))!.keys()].sort());
    expect(Object.values(outputs)).not.toContain(undefined);
  });
});

describe("the mock runner writes provider shapes after an update", () => {
  // The Pulumi runtime is global to a process: one run per test file.
  let resources: RecordedResource[];
  beforeAll(async () => {
    resources = await runProgram(path.join(ROOT, "stacks/edge"), { stack: "dev", config: loadStackConfig(path.join(ROOT, "stacks/edge/Pulumi.denied-by-network-firewall.yaml")) });
  });
  const ofType = (token: string) => resources.filter((r) => r.type === token);
  const byId = (id: unknown) => resources.find((r) => r.id === id);

  test("every NACL entry carries both source fields and the ICMP fields", () => {
    const entries = ofType(EC2("networkAcl", "NetworkAcl")).flatMap((acl) => [...(acl.outputs.ingress as object[]), ...(acl.outputs.egress as object[])]);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toEqual(expect.objectContaining({ ipv6CidrBlock: "", icmpCode: 0, icmpType: 0, cidrBlock: expect.any(String) }));
  });

  test("a VPC names its main and default route table, default ACL and default group", () => {
    const [vpc] = ofType(EC2("vpc", "Vpc"));
    expect(vpc.outputs).toEqual(
      expect.objectContaining({
        mainRouteTableId: `rtb-${vpc.name}-main`,
        defaultRouteTableId: `rtb-${vpc.name}-main`,
        defaultNetworkAclId: `acl-${vpc.name}-default`,
        defaultSecurityGroupId: `sg-${vpc.name}-default`,
      }),
    );
  });

  test("the firewall reports one endpoint per subnet mapping, in that subnet's zone", () => {
    const [firewall] = ofType(FIREWALL("firewall", "Firewall"));
    const mappings = firewall.outputs.subnetMappings as { subnetId: string }[];
    const expected = mappings.map(({ subnetId }) => {
      const zone = byId(subnetId)!.outputs.availabilityZone;
      return { availabilityZone: zone, attachments: [{ endpointId: `vpce-${firewall.name}-${zone}`, subnetId }] };
    });
    expect(mappings.length).toBeGreaterThan(0);
    expect(firewall.outputs.firewallStatuses).toEqual([{ syncStates: expected, transitGatewayAttachmentSyncStates: [] }]);
    expect(new Set(expected.map((s) => s.availabilityZone)).size).toBe(expected.length);
  });

  test("instances in subnets without public addresses on launch get none", () => {
    const instances = ofType(EC2("instance", "Instance"));
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) expect(instance.outputs).toEqual(expect.objectContaining({ associatePublicIpAddress: false, publicIp: "" }));
  });

  test("ids and ARNs are set; unset strings are empty, not missing", () => {
    for (const r of resources.filter((x) => x.custom)) expect(r.outputs).toEqual(expect.objectContaining({ id: expect.any(String), arn: expect.any(String) }));
    const [subnet] = ofType(EC2("subnet", "Subnet"));
    expect(subnet.outputs).toEqual(expect.objectContaining({ ipv6CidrBlock: "", outpostArn: "", tags: null }));
  });
});
