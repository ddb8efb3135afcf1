import type { TestResource } from "../support/harness";
import { expectReported, runPack } from "../support/harness";
import { DEFAULT_SG, SG, SG_RULE, WORLD, WORLD6 } from "../support/fixtures";
import { allowAll, allowTcp, deployed, DUAL_STACK, denyCls, edge, materialise, nacl, naclRule, ref, res, routeTable, T } from "../support/network";

/**
 * Network ACLs in front of the Edge, each case at preview (ids unknown, linked by property
 * dependencies) and after an update (ids known). `cls` is what cls-ports-closed says, `robust`
 * what cls-deny-explicit advises; [] means nothing.
 */
interface Row {
  readonly name: string;
  readonly resources: TestResource[];
  readonly cls: string[];
  readonly robust: string[];
}

const rows: Row[] = [
  { name: "deny 50001-50003 before allow-all", resources: [...edge(), nacl("edge-acl", [denyCls(90), allowAll(100)])], cls: [], robust: ['rule 90 of NACL "edge-acl" denies TCP 50001-50003', "stateless", "netsh int ipv4 add excludedportrange protocol=tcp startport=50001 numberofports=3"] },
  // Global Accelerator reaches an instance endpoint from its own interfaces in the subnet; network ACLs filter only what leaves.
  {
    name: "a Global Accelerator endpoint on the instance is not stopped by the subnet's ACL",
    resources: [...edge(), nacl("edge-acl", [denyCls(90), allowAll(100)]), res("aws:globalaccelerator/endpointGroup:EndpointGroup", "ga-endpoints", { endpointConfigurations: [{ endpointId: ref("edge-1"), weight: 100, clientIpPreservationEnabled: true }], portOverrides: [] })],
    cls: ["lets TCP 50001-50003 in from 0.0.0.0/0", 'does not pass through it: EndpointGroup "ga-endpoints" reaches Instance "edge-1" from its own network interfaces'],
    robust: ['rule 90 of NACL "edge-acl" denies TCP 50001-50003'],
  },
  {
    name: "a Global Accelerator endpoint on the instance goes around the ACL of the interface it is given",
    resources: [
      res(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16" }),
      res(T.subnet, "edge-public", { vpcId: ref("vpc"), cidrBlock: "10.0.1.0/24" }),
      res(SG, "edge-av", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, cidrBlocks: [WORLD] }] }),
      res(T.eni, "edge-eni", { subnetId: ref("edge-public"), securityGroups: [ref("edge-av")] }),
      res(T.instance, "edge-1", { networkInterfaces: [{ networkInterfaceId: ref("edge-eni"), deviceIndex: 0 }] }),
      nacl("edge-acl", [denyCls(90), allowAll(100)]),
      res("aws:globalaccelerator/endpointGroup:EndpointGroup", "ga-endpoints", { endpointConfigurations: [{ endpointId: ref("edge-1"), weight: 100, clientIpPreservationEnabled: true }], portOverrides: [] }),
    ],
    cls: ["lets TCP 50001-50003 in from 0.0.0.0/0", 'NetworkInterface "edge-eni" in Subnet "edge-public" through EndpointGroup "ga-endpoints"'],
    robust: ['rule 90 of NACL "edge-acl" denies TCP 50001-50003'],
  },
  {
    name: "a Global Accelerator endpoint on a spot request's instance goes around the ACL",
    resources: [
      ...edge().filter((r) => r.name !== "edge-1"),
      res(T.spotInstanceRequest, "edge-1", { subnetId: ref("edge-public"), vpcSecurityGroupIds: [ref("edge-av")], spotInstanceId: ref("edge-1", "i-0spot") }),
      nacl("edge-acl", [denyCls(90), allowAll(100)]),
      res("aws:globalaccelerator/endpointGroup:EndpointGroup", "ga-endpoints", { endpointConfigurations: [{ endpointId: ref("edge-1", "i-0spot"), weight: 100, clientIpPreservationEnabled: true }], portOverrides: [] }),
    ],
    cls: ["lets TCP 50001-50003 in from 0.0.0.0/0", "through EndpointGroup"],
    robust: ['rule 90 of NACL "edge-acl" denies TCP 50001-50003'],
  },
  { name: "allow-all before the deny: the deny is dead", resources: [...edge(), nacl("edge-acl", [allowAll(90), denyCls(100)])], cls: ["lets TCP 50001-50003 in from 0.0.0.0/0"], robust: [] },
  { name: "a deny of 50001-50002 only", resources: [...edge(), nacl("edge-acl", [denyCls(90, { toPort: 50002 }), allowAll(100)])], cls: ["lets TCP 50003 in", 'Upstream: rule 90 of NACL "edge-acl" stops TCP 50001-50002'], robust: ["denies TCP 50001-50002"] },
  { name: "an IPv4 deny while IPv6 is allowed", resources: [...edge(DUAL_STACK), nacl("edge-acl", [denyCls(90), allowAll(100), allowAll(101, { cidrBlock: undefined, ipv6CidrBlock: WORLD6 })])], cls: ["lets TCP 50001-50003 in from ::/0.", 'Upstream: rule 90 of NACL "edge-acl" stops TCP 50001-50003 from IPv4 sources'], robust: ["denies TCP 50001-50003"] },
  {
    name: "an IPv4 deny leaves a prefix list its IPv6 part",
    resources: [...edge({ prefixListIds: ["pl-partner"] }), nacl("edge-acl", [denyCls(90), allowAll(100), allowAll(101, { cidrBlock: undefined, ipv6CidrBlock: WORLD6 })])],
    cls: ["lets TCP 50001-50003 in from prefix list pl-partner (its IPv6 part only).", "stops TCP 50001-50003 from IPv4 sources"],
    robust: ["denies TCP 50001-50003"],
  },
  { name: "an IPv4 and an IPv6 deny", resources: [...edge(DUAL_STACK), nacl("edge-acl", [denyCls(90), denyCls(91, { cidrBlock: undefined, ipv6CidrBlock: WORLD6 }), allowAll(100), allowAll(101, { cidrBlock: undefined, ipv6CidrBlock: WORLD6 })])], cls: [], robust: ["rule 90", "rule 91"] },
  { name: "a -1 deny of a narrow source does not cover the world", resources: [...edge(), nacl("edge-acl", [{ ...denyCls(90), protocol: "-1", cidrBlock: "203.0.113.0/24" }, allowAll(100)])], cls: ["lets TCP 50001-50003 in from 0.0.0.0/0"], robust: ["denies TCP 50001-50003"] },
  { name: "a -1 deny of everything", resources: [...edge(), nacl("edge-acl", [{ ...denyCls(90), protocol: "-1", fromPort: 0, toPort: 0 }, allowAll(100)])], cls: [], robust: ["rule 90"] },
  // Found by the oracle: a prefix list may hold any internet address, but not loopback.
  { name: "an untrusted prefix list behind an ACL that admits only loopback", resources: [...edge({ prefixListIds: ["pl-partner"] }), nacl("edge-acl", [allowAll(119, { cidrBlock: undefined, ipv6CidrBlock: "::1/128" })])], cls: [], robust: ["only by the implicit deny"] },
  { name: "only the implicit deny", resources: [...edge(), nacl("edge-acl", [allowTcp(100, 443, 443), allowTcp(110, 50004, 59999)])], cls: [], robust: ['only by the implicit deny ("*" rule) of NACL "edge-acl"', "ephemeral return traffic (1024-65535)"] },
  { name: "the ephemeral-return allow that opens it", resources: [...edge(), nacl("edge-acl", [allowTcp(100, 443, 443), allowTcp(120, 1024, 65535)])], cls: ["lets TCP 50001-50003 in"], robust: [] },
  { name: "an ACL on another subnet", resources: [...edge(), res(T.subnet, "other", { vpcId: ref("vpc"), cidrBlock: "10.0.2.0/24" }), nacl("edge-acl", [denyCls(90), allowAll(100)], ["other"])], cls: ["uses its VPC's default network ACL, which this stack does not manage"], robust: [] },
  { name: "the deny as a standalone NetworkAclRule", resources: [...edge(), nacl("edge-acl", [allowAll(100)]), naclRule("deny-cls", "edge-acl", denyCls(90))], cls: [], robust: ['rule 90 of NACL "edge-acl"'] },
  { name: "a standalone egress deny does not count", resources: [...edge(), nacl("edge-acl", [allowAll(100)]), { ...naclRule("deny-out", "edge-acl", denyCls(90)), props: { ...naclRule("deny-out", "edge-acl", denyCls(90)).props, egress: true } }], cls: ["lets TCP 50001-50003 in"], robust: [] },
  { name: "association by NetworkAclAssociation", resources: [...edge(), nacl("edge-acl", [denyCls(90), allowAll(100)], []), res(T.naclAssociation, "assoc", { networkAclId: ref("edge-acl"), subnetId: ref("edge-public") })], cls: [], robust: ["rule 90"] },
  {
    name: "an association to an ACL outside the stack replaces the VPC's default ACL, managed here",
    resources: [...edge(), res(T.defaultNacl, "default-acl", { defaultNetworkAclId: ref("vpc", "acl-0default"), ingress: [denyCls(90), allowAll(100)] }), res(T.naclAssociation, "assoc", { networkAclId: "acl-0external", subnetId: ref("edge-public") })],
    cls: ["lets TCP 50001-50003 in", 'NetworkAclAssociation "assoc" gives Subnet "edge-public" network ACL acl-0external, which is not in this stack, so its rules cannot be read and no network ACL was credited'],
    robust: [],
  },
  {
    name: "an association to an ACL outside the stack makes the subnet's other ACL uncredited",
    resources: [...edge(), nacl("edge-acl", [denyCls(90), allowAll(100)]), res(T.naclAssociation, "assoc", { networkAclId: "acl-0external", subnetId: ref("edge-public") })],
    cls: ["lets TCP 50001-50003 in", "network ACL acl-0external, which is not in this stack"],
    robust: [],
  },
  { name: "the VPC's default ACL, managed here", resources: [...edge(), res(T.defaultNacl, "default-acl", { defaultNetworkAclId: ref("vpc", "acl-0default"), ingress: [denyCls(90), allowAll(100)] })], cls: [], robust: ['NACL "default-acl"'] },
  { name: "a deny whose CIDR is malformed earns no credit", resources: [...edge(), nacl("edge-acl", [denyCls(90, { cidrBlock: "0.0.0.0/33" }), allowAll(100)])], cls: ["lets TCP 50001-50003 in", 'rule 90 of NACL "edge-acl" was not credited', "0.0.0.0/33 is not a CIDR block"], robust: [] },
  { name: "an allow with an unreadable action is read as an allow", resources: [...edge(), nacl("edge-acl", [{ ...denyCls(80), action: "block" }, denyCls(90), allowAll(100)])], cls: ["lets TCP 50001-50003 in", 'rule 80 of NACL "edge-acl" was read as letting through all it might'], robust: [] },
  { name: "an ACL entry that is not an object is read as an allow of everything", resources: [...edge(), nacl("edge-acl", [null as unknown as Record<string, unknown>, denyCls(90), allowAll(100)])], cls: ["lets TCP 50001-50003 in", "was read as letting through all it might"], robust: [] },
  { name: "an ACL entry that is a bare number goes first, not at that rule number", resources: [...edge(), nacl("edge-acl", [denyCls(10), 42 as unknown as Record<string, unknown>])], cls: ["lets TCP 50001-50003 in", 'ingress[1] of NACL "edge-acl" was read as letting through all it might'], robust: [] },
  { name: "a deny with a rule number out of range earns no credit", resources: [...edge(), nacl("edge-acl", [denyCls(40000), allowAll(100)])], cls: ["lets TCP 50001-50003 in", "not a rule number 1-32766"], robust: [] },
  { name: "a standalone deny whose direction cannot be read earns no credit", resources: [...edge(), nacl("edge-acl", [allowAll(100)]), { ...naclRule("deny-cls", "edge-acl", denyCls(90)), props: { ...naclRule("deny-cls", "edge-acl", denyCls(90)).props, egress: "no" } }], cls: ["lets TCP 50001-50003 in", 'egress is "no", not true or false'], robust: [] },
  { name: "an ACL entry with an IPv6 source only matches IPv6", resources: [...edge(), nacl("edge-acl", [denyCls(90, { cidrBlock: undefined, ipv6CidrBlock: WORLD6 }), allowAll(100)])], cls: ["lets TCP 50001-50003 in from 0.0.0.0/0"], robust: [] },
  { name: "no instance uses the group", resources: [...edge().slice(0, 3), nacl("edge-acl", [denyCls(90), allowAll(100)])], cls: ['no instance, network interface or launch template in this stack uses SecurityGroup "edge-av"'], robust: [] },
  { name: "an instance whose subnet is elsewhere", resources: [...edge().slice(0, 3), res(T.instance, "edge-1", { subnetId: "subnet-elsewhere", vpcSecurityGroupIds: [ref("edge-av")] }), nacl("edge-acl", [denyCls(90), allowAll(100)])], cls: ['the subnet of Instance "edge-1" is not in this stack'], robust: [] },
  {
    name: "a second host without the deny keeps it open",
    resources: [...edge(), res(T.subnet, "edge-b", { vpcId: ref("vpc"), cidrBlock: "10.0.3.0/24" }), res(T.instance, "edge-2", { subnetId: ref("edge-b"), vpcSecurityGroupIds: [ref("edge-av")] }), nacl("edge-acl", [denyCls(90), allowAll(100)])],
    cls: ["lets TCP 50001-50003 in", 'Subnet "edge-b" uses its VPC\'s default network ACL'],
    robust: ["rule 90"],
  },
  {
    name: "a network interface using the group",
    resources: [...edge().slice(0, 3), res(T.eni, "edge-nic", { subnetId: ref("edge-public"), securityGroups: [ref("edge-av")] }), nacl("edge-acl", [denyCls(90), allowAll(100)])],
    cls: [],
    robust: ["rule 90"],
  },
  {
    name: "an auto-scaling group launching a template that uses the group",
    resources: [
      ...edge().slice(0, 3),
      res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("edge-av")] }),
      res(T.asg, "edge-asg", { launchTemplate: { id: ref("edge-lt") }, vpcZoneIdentifiers: [ref("edge-public")] }),
      nacl("edge-acl", [denyCls(90), allowAll(100)]),
    ],
    cls: [],
    robust: ["rule 90"],
  },
  {
    name: "a launch template no auto-scaling group uses",
    resources: [...edge().slice(0, 3), res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("edge-av")] }), nacl("edge-acl", [denyCls(90), allowAll(100)])],
    cls: ["no auto-scaling group in this stack uses it"],
    robust: [],
  },
];

/**
 * Every host of the group must be behind the deny: the Edge instance is, in "edge-public"; a host
 * in "open-subnet" (the VPC's default ACL) is not. Each way of putting the group on a host counts.
 */
const DENYING = nacl("edge-acl", [denyCls(90), allowAll(100)]);
const OPEN_SUBNET = res(T.subnet, "open-subnet", { vpcId: ref("vpc"), cidrBlock: "10.0.9.0/24" });
const STILL_OPEN = ["lets TCP 50001-50003 in", 'Subnet "open-subnet" uses its VPC\'s default network ACL'];
/** The Edge instance behind the deny, and a subnet without it. */
const EDGE_AND_OPEN = [...edge(), DENYING, OPEN_SUBNET];
/** The same network and group with no host yet. */
const NO_HOST = [...edge().slice(0, 3), DENYING, OPEN_SUBNET];
const spot = (subnet: string) => res(T.spotInstanceRequest, "spot-1", { subnetId: ref(subnet), vpcSecurityGroupIds: [ref("edge-av")], associatePublicIpAddress: true });
const configuredAsg = (subnet: string) => [
  res(T.launchConfiguration, "edge-lc", { name: "edge-lc", securityGroups: [ref("edge-av")], associatePublicIpAddress: true }),
  res(T.asg, "edge-asg", { launchConfiguration: ref("edge-lc"), vpcZoneIdentifiers: [ref(subnet)] }),
];
/** An auto-scaling group whose mixed instances policy launches a template that uses the group; `spec` names it. */
const mixedAsg = (subnet: string, spec: Record<string, unknown>) => [
  res(T.launchTemplate, "edge-lt", { name: "edge-lt-name", vpcSecurityGroupIds: [ref("edge-av")] }),
  res(T.asg, "edge-asg", { vpcZoneIdentifiers: [ref(subnet)], mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { version: "$Latest", ...spec }, overrides: [] } } }),
];
/** The same, the template only an override's: some instance types launch from it. */
const overriddenAsg = (subnet: string) => [
  res(T.launchTemplate, "base-lt", { vpcSecurityGroupIds: [] }),
  res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("edge-av")] }),
  res(T.asg, "edge-asg", {
    vpcZoneIdentifiers: [ref(subnet)],
    mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: ref("base-lt") }, overrides: [{ instanceType: "m5.large" }, { instanceType: "c5.large", launchTemplateSpecification: { launchTemplateId: ref("edge-lt") } }] } },
  }),
];
const attachedEni = (subnet: string) => [res(T.eni, "edge-nic", { subnetId: ref(subnet), securityGroups: [] }), res(T.sgAttachment, "edge-attach", { networkInterfaceId: ref("edge-nic"), securityGroupId: ref("edge-av") })];
const NOT_FOLLOWED = 'names SecurityGroup "edge-av" (securityGroups), and cls-guard cannot follow it to the hosts it may put the group on, so no network ACL or firewall in front of them was credited';
rows.push(
  { name: "a spot instance request behind the deny", resources: [...NO_HOST, spot("edge-public")], cls: [], robust: ["rule 90"] },
  { name: "a spot instance request in a subnet without the deny keeps it open", resources: [...EDGE_AND_OPEN, spot("open-subnet")], cls: [...STILL_OPEN, 'SpotInstanceRequest "spot-1" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "an auto-scaling group launching a configuration that uses the group, behind the deny", resources: [...NO_HOST, ...configuredAsg("edge-public")], cls: [], robust: ["rule 90"] },
  { name: "a launch configuration's auto-scaling group in a subnet without the deny keeps it open", resources: [...EDGE_AND_OPEN, ...configuredAsg("open-subnet")], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  {
    name: "a launch configuration named by the auto-scaling group",
    resources: [...NO_HOST, res(T.launchConfiguration, "edge-lc", { name: "edge-lc-name", securityGroups: [ref("edge-av")] }), res(T.asg, "edge-asg", { launchConfiguration: "edge-lc-name", vpcZoneIdentifiers: [ref("open-subnet")] })],
    cls: STILL_OPEN,
    robust: [],
  },
  {
    name: "a launch configuration's public address makes its auto-scaling group reachable now",
    resources: [...EDGE_AND_OPEN, ...configuredAsg("open-subnet"), res(T.igw, "igw", { vpcId: ref("vpc") }), ...routeTable("open-rt", [{ cidrBlock: "0.0.0.0/0", gatewayId: ref("igw") }], { subnetId: ref("open-subnet") })],
    cls: [...STILL_OPEN, 'Reachable now: Group "edge-asg" in Subnet "open-subnet": Group "edge-asg" has a public IPv4 address'],
    robust: ["rule 90"],
  },
  { name: "a mixed instances policy's template, behind the deny", resources: [...NO_HOST, ...mixedAsg("edge-public", { launchTemplateId: ref("edge-lt") })], cls: [], robust: ["rule 90"] },
  { name: "a mixed instances policy's template in a subnet without the deny keeps it open", resources: [...EDGE_AND_OPEN, ...mixedAsg("open-subnet", { launchTemplateId: ref("edge-lt") })], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "a mixed instances policy's template named by launchTemplateName", resources: [...EDGE_AND_OPEN, ...mixedAsg("open-subnet", { launchTemplateName: "edge-lt-name" })], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "a mixed instances override's template keeps it open", resources: [...EDGE_AND_OPEN, ...overriddenAsg("open-subnet")], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  {
    name: "an instance launched from a template that uses the group, naming no group itself, in a subnet without the deny",
    resources: [...EDGE_AND_OPEN, res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("edge-av")] }), res(T.instance, "edge-2", { subnetId: ref("open-subnet"), launchTemplate: { id: ref("edge-lt"), version: "$Latest" } })],
    cls: [...STILL_OPEN, 'Instance "edge-2" in Subnet "open-subnet"'],
    robust: ["rule 90"],
  },
  {
    name: "an instance launched from that template but naming its own group does not use the template's",
    resources: [
      ...EDGE_AND_OPEN,
      res(SG, "other-sg", { vpcId: ref("vpc"), ingress: [] }),
      res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("edge-av")] }),
      res(T.asg, "edge-asg", { launchTemplate: { id: ref("edge-lt") }, vpcZoneIdentifiers: [ref("edge-public")] }),
      res(T.instance, "edge-2", { subnetId: ref("open-subnet"), launchTemplate: { id: ref("edge-lt") }, vpcSecurityGroupIds: [ref("other-sg")] }),
    ],
    cls: [],
    robust: ["rule 90"],
  },
  { name: "an interface the group is attached to, behind the deny", resources: [...NO_HOST, ...attachedEni("edge-public")], cls: [], robust: ["rule 90"] },
  { name: "an interface in a subnet without the deny, the group attached to it, keeps it open", resources: [...EDGE_AND_OPEN, ...attachedEni("open-subnet")], cls: [...STILL_OPEN, 'NetworkInterface "edge-nic" in Subnet "open-subnet"'], robust: ["rule 90"] },
  {
    name: "an instance's primary interface the group is attached to, in a subnet without the deny",
    resources: [
      ...EDGE_AND_OPEN,
      res(T.instance, "edge-2", { subnetId: ref("open-subnet"), vpcSecurityGroupIds: [], primaryNetworkInterfaceId: "eni-0edge2" }),
      res(T.sgAttachment, "edge-attach", { networkInterfaceId: ref("edge-2", "eni-0edge2"), securityGroupId: ref("edge-av") }),
    ],
    cls: [...STILL_OPEN, 'Instance "edge-2" in Subnet "open-subnet"'],
    robust: ["rule 90"],
  },
  {
    name: "the group attached to an interface that is not in the stack",
    resources: [...EDGE_AND_OPEN, res(T.sgAttachment, "edge-attach", { networkInterfaceId: "eni-0elsewhere", securityGroupId: ref("edge-av") })],
    cls: ["lets TCP 50001-50003 in", 'NetworkInterfaceSecurityGroupAttachment "edge-attach" attaches SecurityGroup "edge-av" to network interface eni-0elsewhere, which is not in this stack'],
    robust: ["rule 90"],
  },
  {
    name: "a resource cls-guard does not follow names the group: nothing in front of it is credited",
    resources: [...EDGE_AND_OPEN, res("aws:lb/loadBalancer:LoadBalancer", "edge-nlb", { loadBalancerType: "network", securityGroups: [ref("edge-av")], subnets: [ref("open-subnet")], tags: {} })],
    cls: ["lets TCP 50001-50003 in", `LoadBalancer "edge-nlb" ${NOT_FOLLOWED}`],
    robust: ["rule 90"],
  },
  {
    name: "rules, other groups and tags that name the group are no hosts",
    resources: [
      ...NO_HOST,
      spot("edge-public"),
      res(SG, "partners", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [ref("edge-av")] }] }),
      res(SG_RULE, "from-edge", { type: "ingress", securityGroupId: ref("partners"), sourceSecurityGroupId: ref("edge-av"), protocol: "tcp", fromPort: 443, toPort: 443 }),
      res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "edge-out", { securityGroupId: ref("edge-av"), referencedSecurityGroupId: ref("partners"), ipProtocol: "-1" }),
      res("aws:ssm/parameter:Parameter", "edge-note", { type: "String", value: "edge", tags: { group: ref("edge-av") } }),
    ],
    cls: [],
    robust: ["rule 90"],
  },
);

/**
 * The Edge group as the VPC's default one: hosts launched with no group are in it (VPC user guide,
 * "Default security groups for your VPCs"). The Edge instance names it, behind the deny.
 */
const [VPC_RESOURCE, EDGE_SUBNET, EDGE_GROUP] = edge();
const IN_DEFAULT = [
  VPC_RESOURCE,
  EDGE_SUBNET,
  res(DEFAULT_SG, "edge-av", { ...EDGE_GROUP.props }),
  res(T.instance, "edge-1", { subnetId: ref("edge-public"), vpcSecurityGroupIds: [ref("edge-av")] }),
  DENYING,
  OPEN_SUBNET,
];
const OTHER_GROUP = res(SG, "other-sg", { vpcId: ref("vpc"), ingress: [] });
const launching = (template: Record<string, unknown>) => [res(T.launchTemplate, "edge-lt", template), res(T.asg, "edge-asg", { launchTemplate: { id: ref("edge-lt"), version: "$Latest" }, vpcZoneIdentifiers: [ref("open-subnet")] })];
rows.push(
  { name: "the VPC's default group: behind the deny", resources: IN_DEFAULT, cls: [], robust: ["rule 90"] },
  { name: "the VPC's default group: an auto-scaling group's template naming no group puts its instances in it", resources: [...IN_DEFAULT, ...launching({ vpcSecurityGroupIds: [], securityGroupNames: [], networkInterfaces: [] })], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "the VPC's default group: a launch configuration naming no group puts its instances in it", resources: [...IN_DEFAULT, res(T.launchConfiguration, "edge-lc", { name: "edge-lc", securityGroups: [] }), res(T.asg, "edge-asg", { launchConfiguration: ref("edge-lc"), vpcZoneIdentifiers: [ref("open-subnet")] })], cls: [...STILL_OPEN, 'Group "edge-asg" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "the VPC's default group: an instance naming no group, at preview (after the update its outputs name it)", resources: [...IN_DEFAULT, res(T.instance, "edge-2", { subnetId: ref("open-subnet") })], cls: [...STILL_OPEN, 'Instance "edge-2" in Subnet "open-subnet"'], robust: ["rule 90"] },
  { name: "the VPC's default group: a template naming another group keeps its instances out", resources: [...IN_DEFAULT, OTHER_GROUP, ...launching({ vpcSecurityGroupIds: [ref("other-sg")] })], cls: [], robust: ["rule 90"] },
  { name: "the VPC's default group: a template whose interface names a group keeps its instances out", resources: [...IN_DEFAULT, OTHER_GROUP, ...launching({ networkInterfaces: [{ deviceIndex: 0, securityGroups: [ref("other-sg")] }] })], cls: [], robust: ["rule 90"] },
  {
    name: "the VPC's default group: a template naming no group launched in another VPC keeps its instances out",
    resources: [...IN_DEFAULT, res(T.vpc, "other-vpc", { cidrBlock: "10.1.0.0/16" }), res(T.subnet, "other-subnet", { vpcId: ref("other-vpc"), cidrBlock: "10.1.9.0/24" }), ...launching({}).map((r) => (r.name === "edge-asg" ? { ...r, props: { ...r.props, vpcZoneIdentifiers: [ref("other-subnet")] } } : r))],
    cls: [],
    robust: ["rule 90"],
  },
);

describe.each(["update", "preview"] as const)("network ACLs (%s)", (mode) => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const diagnostics = await runPack(deployed(row.resources, mode));
    expectReported(diagnostics, "cls-ports-closed", row.cls, ["mandatory"]);
    expectReported(diagnostics, "cls-deny-explicit", row.robust, ["advisory"]);
  });
});

test("a NACL without an Edge in front of it changes nothing for a clean group", async () => {
  const clean = edge({ cidrBlocks: ["10.0.0.0/8"] });
  expect(await runPack(materialise([...clean, nacl("edge-acl", [allowAll(100)])], "update"))).toEqual([]);
  expect(WORLD).toBe("0.0.0.0/0");
});

test("a deny whose CIDR is unknown at preview: advisory at preview, credited on update", async () => {
  const resources = [...edge(), res(T.vpc, "edge-config", {}), nacl("edge-acl", [denyCls(90, { cidrBlock: ref("edge-config", "0.0.0.0/0") }), allowAll(100)])];
  const cls = async (mode: "update" | "preview") => (await runPack(materialise(resources, mode))).filter((d) => d.policy === "cls-ports-closed");
  expect(await cls("update")).toEqual([]);
  const preview = await cls("preview");
  expect(preview.map((d) => d.level)).toEqual(["advisory"]);
  expect(preview[0].message).toContain("ingress[0].cidrBlock is not known until the resources it depends on exist");
});

test("an association whose ACL is unknown at preview and unlinked: no ACL credited, cannot verify; credited on update", async () => {
  const resources = [
    ...edge(),
    res(T.defaultNacl, "default-acl", { defaultNetworkAclId: ref("vpc", "acl-0default"), ingress: [denyCls(90), allowAll(100)] }),
    nacl("edge-acl", [denyCls(90), allowAll(100)], []),
    res(T.naclAssociation, "assoc", { networkAclId: ref("edge-acl"), subnetId: ref("edge-public") }),
  ];
  const cls = async (mode: "update" | "preview") => {
    // At preview the engine may record no dependency for the ACL id (an output passed through an apply).
    const unlinked = materialise(resources, mode).map((r) => (r.name === "assoc" && r.propertyDependencies ? { ...r, propertyDependencies: { subnetId: r.propertyDependencies.subnetId } } : r));
    return (await runPack(unlinked)).filter((d) => d.policy === "cls-ports-closed");
  };
  expect(await cls("update")).toEqual([]);
  const preview = await cls("preview");
  expect(preview.map((d) => d.level)).toEqual(["advisory"]);
  expect(preview[0].message).toContain('the network ACL NetworkAclAssociation "assoc" gives Subnet "edge-public" is not known at preview and no dependency names it, so no network ACL was credited');
});

/**
 * At preview a reference may be unknown with no dependency naming its target (an output passed
 * through an apply). A host whose groups cannot be told may use the Edge group: what reaches it is
 * "cannot verify", never a pass. After the update each names "other-sg" and nothing is reported.
 */
const OTHER = [res(SG, "other-sg", { vpcId: ref("vpc"), ingress: [] }), res(T.launchTemplate, "other-lt", { vpcSecurityGroupIds: [ref("other-sg")] })];
const unlinkedRows: [string, TestResource[], Record<string, string>, string][] = [
  ["an instance's groups", [res(T.instance, "edge-2", { subnetId: ref("open-subnet"), vpcSecurityGroupIds: [ref("other-sg")] })], { "edge-2": "vpcSecurityGroupIds" }, 'the security groups of Instance "edge-2" are not known at preview'],
  ["an interface's groups", [res(T.eni, "edge-nic", { subnetId: ref("open-subnet"), securityGroups: [ref("other-sg")] })], { "edge-nic": "securityGroups" }, 'the security groups of NetworkInterface "edge-nic" are not known at preview'],
  ["the group an attachment attaches", [res(T.eni, "edge-nic", { subnetId: ref("open-subnet"), securityGroups: [] }), res(T.sgAttachment, "edge-attach", { networkInterfaceId: ref("edge-nic"), securityGroupId: ref("other-sg") })], { "edge-attach": "securityGroupId" }, 'the security groups of NetworkInterfaceSecurityGroupAttachment "edge-attach" are not known at preview'],
  ["the template an instance naming no group is launched from", [res(T.instance, "edge-2", { subnetId: ref("open-subnet"), launchTemplate: { id: ref("other-lt") } })], { "edge-2": "launchTemplate" }, 'the security groups of Instance "edge-2" are not known at preview'],
  ["a template's groups", [res(T.launchTemplate, "edge-lt", { vpcSecurityGroupIds: [ref("other-sg")] }), res(T.asg, "edge-asg", { launchTemplate: { id: ref("edge-lt") }, vpcZoneIdentifiers: [ref("open-subnet")] })], { "edge-lt": "vpcSecurityGroupIds" }, 'the security groups of LaunchTemplate "edge-lt" are not known at preview'],
  ["an auto-scaling group's template", [res(T.asg, "edge-asg", { launchTemplate: { id: ref("other-lt") }, vpcZoneIdentifiers: [ref("open-subnet")] })], { "edge-asg": "launchTemplate" }, 'the security groups of Group "edge-asg" are not known at preview'],
];
describe.each(["update", "preview"] as const)("a reference not known at preview, named by no dependency (%s)", (mode) => {
  test.each(unlinkedRows)("%s", async (_name, host, unlinked, doubt) => {
    const resources = deployed([...EDGE_AND_OPEN, ...OTHER, ...host], mode).map((r) => {
      const key = unlinked[r.name];
      return key && r.propertyDependencies ? { ...r, propertyDependencies: { ...r.propertyDependencies, [key]: [] } } : r;
    });
    const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
    if (mode === "update") return expect(cls).toEqual([]);
    expect(cls.map((d) => d.level)).toEqual(["advisory"]);
    expect(cls[0].message).toContain(doubt);
  });
});

test("preview: many hosts whose groups are unknown are one summarised host in doubt for each group, not one per host", async () => {
  const hosts = Array.from({ length: 40 }, (_, i) => res(T.instance, `edge-${i + 2}`, { subnetId: ref("open-subnet"), vpcSecurityGroupIds: [ref("other-sg")] }));
  const resources = deployed([...EDGE_AND_OPEN, ...OTHER, ...hosts], "preview").map((r) => (r.name.startsWith("edge-") && r.propertyDependencies ? { ...r, propertyDependencies: { ...r.propertyDependencies, vpcSecurityGroupIds: [] } } : r));
  const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["advisory"]);
  expect(cls[0].message).toContain('the security groups of Instance "edge-1", Instance "edge-2", Instance "edge-3" and 38 more are not known at preview');
});
