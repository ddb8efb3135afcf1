import { ruleTester } from "../support/ruleTester";
import { DEFAULT_SG, EDGE_SAFE, justified, MEDIA_RANGE_TCP, sg, sgRule, tcp, udp, UNKNOWN, vpcIngress, WORLD, WORLD6 } from "../support/fixtures";

const CLS = "TCP 50001-50003";
const mandatory = (on: string, ...has: string[]) => ({ on, level: "mandatory" as const, has });
const advisory = (...has: string[]) => ({ level: "advisory" as const, has });

ruleTester("cls-ports-closed", {
  valid: [
    { name: "Edge access ports only (443, 5061, 3478)", resources: [sg("edge", EDGE_SAFE)] },
    { name: "50000 alone, below the CLS ports", resources: [sg("edge", [tcp(50000, 50000)])] },
    { name: "50004-59999, above the CLS ports", resources: [sg("edge", [tcp(50004, 59999)])] },
    { name: "the carved range 50000 + 50004-59999", resources: [sg("edge", [tcp(50000, 50000), tcp(50004, 59999)])] },
    { name: "UDP media range (CLS is TCP)", resources: [sg("edge", [udp(50000, 59999)])] },
    { name: "media range from a private network", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] })])] },
    { name: "media range from CGNAT, link-local, ULA", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["100.64.0.0/10", "169.254.0.0/16"], ipv6CidrBlocks: ["fc00::/7", "fe80::/10"] })])] },
    { name: "media range from another security group", resources: [sg("edge", [tcp(50000, 59999, { securityGroups: ["sg-0123456789abcdef0"] })])] },
    { name: "media range from self", resources: [sg("edge", [tcp(50000, 59999, { self: true })])] },
    { name: "all traffic from self", resources: [sg("edge", [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }])] },
    {
      name: "media range from a trusted CIDR",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24"] })])],
      config: { "cls-ports-closed": { trustedCidrs: ["198.51.100.0/24"] } },
    },
    {
      name: "media range from a trusted prefix list",
      resources: [sg("edge", [tcp(50000, 59999, { prefixListIds: ["pl-partner"] })])],
      config: { "cls-ports-closed": { trustedPrefixLists: ["pl-partner"] } },
    },
    { name: "ICMP with type/code that look like CLS ports", resources: [sg("edge", [{ protocol: "icmp", fromPort: 50001, toPort: 50003, cidrBlocks: [WORLD] }])] },
    { name: "GRE (protocol 47) from anywhere", resources: [sg("edge", [{ protocol: "47", fromPort: 0, toPort: 0, cidrBlocks: [WORLD] }])] },
    { name: "egress SecurityGroupRule to anywhere", resources: [sgRule("out", { type: "egress", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlocks: [WORLD] })] },
    { name: "justified by valid tags", resources: [sg("edge", [MEDIA_RANGE_TCP], justified())] },
    {
      name: "justified by a central exception naming the URN",
      resources: [sg("edge-av", [MEDIA_RANGE_TCP])],
      config: { "cls-ports-closed": { exceptions: [{ resource: "urn:pulumi:test::*::aws:ec2/securityGroup:SecurityGroup::edge-av", reason: "dnslb-nat-no-hairpin", ticket: "SEC-9", approvedBy: "secops", expires: "2027-01-31" }] } },
    },
    {
      name: "justified by a central exception naming a name pattern",
      resources: [sg("edge-av-1", [MEDIA_RANGE_TCP])],
      config: { "cls-ports-closed": { exceptions: [{ resource: "edge-av-*", reason: "optimised-media-path", ticket: "SEC-9", approvedBy: "secops", expires: "2026-11-21" }] } },
    },
    {
      name: "standalone rule justified by its group's tags (id known)",
      resources: [sg("edge", [], justified()), sgRule("media", tcp(50000, 59999), "edge")],
    },
    {
      name: "standalone rule justified by its group's tags (id unknown at preview, linked by propertyDependencies)",
      resources: [sg("edge", [], justified()), { ...sgRule("media", tcp(50000, 59999), "edge"), props: { type: "ingress", securityGroupId: UNKNOWN, ...tcp(50000, 59999) } }],
    },
    { name: "a vpc ingress rule justified by its own tags", resources: [vpcIngress("media", { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: WORLD }, justified() as Record<string, string>)] },
    { name: "no ingress at all", resources: [sg("edge", undefined)] },
    { name: "a rule with no source admits nothing", resources: [sg("edge", [{ protocol: "tcp", fromPort: 50001, toPort: 50003 }])] },
  ],
  invalid: [
    {
      name: "the media range open to the world",
      resources: [sg("edge", [...EDGE_SAFE, MEDIA_RANGE_TCP])],
      errors: [
        mandatory("edge", 'SecurityGroup "edge" ingress[3]', "tcp 50000-59999", `lets ${CLS} in from 0.0.0.0/0`, "Centralized Logging Service", "every interface", "open tcp 50000, 50004-59999 instead", "AWS: network ACL or Network Firewall", "cls-guard:reason", "ocs-2007-federation"),
      ],
    },
    { name: "exactly 50003", resources: [sg("edge", [tcp(50003, 50003)])], errors: [mandatory("edge", "TCP 50003 in", "remove the rule")] },
    {
      name: "the message by id: the exposed traffic, its sources and the carve as data",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", WORLD], ipv6CidrBlocks: [WORLD6] })])],
      errors: [{ on: "edge", level: "mandatory", has: [], messageId: "exposed", data: { origin: 'SecurityGroup "edge" ingress[0]', traffic: CLS, sources: "0.0.0.0/0, ::/0", carve: "open tcp 50000, 50004-59999 instead", protectedPorts: CLS } }],
    },
    { name: "exactly 50001", resources: [sg("edge", [tcp(50001, 50001)])], errors: [mandatory("edge", "TCP 50001 in")] },
    { name: "Windows dynamic range 49152-65535", resources: [sg("edge", [tcp(49152, 65535)])], errors: [mandatory("edge", CLS, "open tcp 49152-50000, 50004-65535 instead")] },
    { name: "every TCP port", resources: [sg("edge", [tcp(0, 65535)])], errors: [mandatory("edge", CLS)] },
    { name: "protocol -1 with ports 0/0", resources: [sg("edge", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [WORLD] }])], errors: [mandatory("edge", "all protocols and ports", CLS, "replace the all protocols and ports rule")] },
    { name: "protocol all", resources: [sg("edge", [{ protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: [WORLD] }])], errors: [mandatory("edge", CLS)] },
    { name: 'protocol "6"', resources: [sg("edge", [{ ...MEDIA_RANGE_TCP, protocol: "6" }])], errors: [mandatory("edge", CLS, "(tcp 50000-59999)")] },
    { name: 'protocol "TCP"', resources: [sg("edge", [{ ...MEDIA_RANGE_TCP, protocol: "TCP" }])], errors: [mandatory("edge", CLS)] },
    { name: "IPv6 only", resources: [sg("edge", [tcp(50000, 59999, { ipv6CidrBlocks: [WORLD6] })])], errors: [mandatory("edge", "from ::/0")] },
    { name: "a narrow public CIDR", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["203.0.113.0/24"] })])], errors: [mandatory("edge", "from 203.0.113.0/24")] },
    { name: "a block that is only partly private (10.0.0.0/7)", resources: [sg("edge", [tcp(50001, 50003, { cidrBlocks: ["10.0.0.0/7"] })])], errors: [mandatory("edge", "from 10.0.0.0/7")] },
    {
      name: "only the external sources are named",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", WORLD], securityGroups: ["sg-1"] })])],
      errors: [{ on: "edge", level: "mandatory", has: ["from 0.0.0.0/0."], hasNot: ["10.0.0.0/8", "sg-1"] }],
    },
    { name: "an untrusted prefix list", resources: [sg("edge", [tcp(50000, 59999, { prefixListIds: ["pl-123"] })])], errors: [mandatory("edge", "prefix list pl-123")] },
    {
      name: "a trusted CIDR does not cover the rest of the world",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24", WORLD] })])],
      config: { "cls-ports-closed": { trustedCidrs: ["198.51.100.0/24"] } },
      errors: [{ on: "edge", level: "mandatory", has: ["from 0.0.0.0/0."], hasNot: ["198.51.100.0/24,"] }],
    },
    { name: "a SecurityGroupRule", resources: [sgRule("media", tcp(50000, 59999))], errors: [mandatory("media", 'SecurityGroupRule "media" (tcp', "its security group (sg-elsewhere) is not in this stack")] },
    { name: "a vpc SecurityGroupIngressRule", resources: [vpcIngress("media", { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: WORLD })], errors: [mandatory("media", 'SecurityGroupIngressRule "media"', CLS)] },
    { name: "a vpc ingress rule with -1 and no ports", resources: [vpcIngress("all", { ipProtocol: "-1", cidrIpv6: WORLD6 })], errors: [mandatory("all", CLS, "::/0")] },
    { name: "the default security group", resources: [sg("default", [MEDIA_RANGE_TCP], undefined, DEFAULT_SG)], errors: [mandatory("default", 'DefaultSecurityGroup "default" ingress[0]')] },
    { name: "a SecurityGroupRule of no known type is read as ingress", resources: [sgRule("odd", { ...tcp(50001, 50003), type: "inbound" })], errors: [mandatory("odd", 'type is not "ingress" or "egress"')] },
    {
      name: "a custom protected port (RADIUS UDP 1812)",
      resources: [sg("radius", [udp(1812, 1813)])],
      config: { "cls-ports-closed": { protectedPorts: [{ protocol: "tcp", from: 50001, to: 50003 }, { protocol: "udp", from: 1812, to: 1812 }] } },
      errors: [mandatory("radius", "UDP 1812 in", "open udp 1813 instead", "protected here: TCP 50001-50003, UDP 1812")],
    },
  ],
});

ruleTester("cls-ports-closed", {
  valid: [],
  invalid: [
    { name: "fromPort above toPort is treated as every port", resources: [sg("edge", [tcp(60000, 50000)])], errors: [mandatory("edge", "malformed", "ingress[0].fromPort 60000 is above ingress[0].toPort 50000", CLS)] },
    { name: "a port out of range", resources: [sg("edge", [tcp(443, 70000)])], errors: [mandatory("edge", "ingress[0].toPort is number 70000, not a port")] },
    { name: "a negative port for TCP", resources: [sg("edge", [tcp(-1, -1)])], errors: [mandatory("edge", "ingress[0].fromPort is number -1")] },
    { name: "a port given as a string", resources: [sg("edge", [tcp("50001", 50003)])], errors: [mandatory("edge", 'ingress[0].fromPort is "50001", not a port')] },
    { name: "a CIDR with an impossible prefix", resources: [sg("edge", [tcp(50001, 50003, { cidrBlocks: ["0.0.0.0/33"] })])], errors: [mandatory("edge", '0.0.0.0/33 is not a CIDR block')] },
    { name: "an IPv6 CIDR with an impossible prefix", resources: [sg("edge", [tcp(50001, 50003, { ipv6CidrBlocks: ["::/129"] })])], errors: [mandatory("edge", "::/129 is not a CIDR block")] },
    { name: "a three-part IPv4 address", resources: [sg("edge", [tcp(50001, 50003, { cidrBlocks: ["1.2.3/8"] })])], errors: [mandatory("edge", "not a dotted-quad")] },
    { name: "an IPv6 block among IPv4 ones", resources: [sg("edge", [tcp(50001, 50003, { cidrBlocks: ["::/0"] })])], errors: [mandatory("edge", "ipv6 block where ipv4 belongs")] },
    { name: "a protocol with a trailing space, even on port 443", resources: [sg("edge", [{ ...tcp(443, 443), protocol: "TCP " }])], errors: [mandatory("edge", 'ingress[0].protocol is "TCP ", not a protocol AWS accepts', "unreadable protocol, read as all protocols and ports")] },
    { name: "ingress that is not a list", resources: [sg("edge", "everything")], errors: [mandatory("edge", 'SecurityGroup "edge" ingress', "malformed")] },
    { name: "an ingress entry that is null", resources: [sg("edge", [null])], errors: [mandatory("edge", "ingress[0]")] },
    {
      name: "an expired justification does not count",
      resources: [sg("edge", [MEDIA_RANGE_TCP], justified({ "cls-guard:expires": "2026-11-20" }))],
      errors: [mandatory("edge", 'Its justification does not count: tags of "edge" expired on 2026-11-20')],
    },
    {
      name: "a reason that is not accepted does not count",
      resources: [sg("edge", [MEDIA_RANGE_TCP], justified({ "cls-guard:reason": "vendor-said-so" }))],
      errors: [mandatory("edge", 'reason "vendor-said-so", which is not accepted')],
    },
    {
      name: "tags are ignored when only central exceptions count",
      resources: [sg("edge", [MEDIA_RANGE_TCP], justified())],
      config: { "cls-ports-closed": { centralExceptionsOnly: true } },
      errors: [mandatory("edge", "are ignored: this stack accepts central exceptions only", "ask the security team")],
    },
    {
      name: "an exception for another resource does not count",
      resources: [sg("edge-av", [MEDIA_RANGE_TCP])],
      config: { "cls-ports-closed": { exceptions: [{ resource: "edge-web*", reason: "dnslb-nat-no-hairpin", ticket: "SEC-9", approvedBy: "secops", expires: "2027-01-31" }] } },
      errors: [mandatory("edge-av", CLS)],
    },
    {
      name: "an invalid config is reported, not ignored",
      resources: [sg("edge", EDGE_SAFE)],
      config: { "cls-ports-closed": { protectedPort: [] } },
      errors: [{ level: "mandatory", has: ["configuration is invalid", 'additional properties "protectedPort"'] }],
    },
    {
      name: "a trusted CIDR that is no CIDR is reported",
      resources: [sg("edge", EDGE_SAFE)],
      config: { "cls-ports-closed": { trustedCidrs: ["office"] } },
      errors: [{ level: "mandatory", has: ['trustedCidrs[0] "office" is not a CIDR block'] }],
    },
  ],
});

ruleTester("cls-ports-closed", {
  valid: [
    { name: "unknown sources on port 443 cannot matter", resources: [sg("edge", [tcp(443, 443, { cidrBlocks: UNKNOWN })])] },
  ],
  invalid: [
    { name: "sources unknown at preview", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: UNKNOWN })])], errors: [advisory("during preview", "cannot verify 1 finding", "ingress[0].cidrBlocks is not known until")] },
    { name: "one source unknown at preview", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", UNKNOWN] })])], errors: [advisory("ingress[0].cidrBlocks[1] is not known")] },
    { name: "a port unknown at preview", resources: [sg("edge", [tcp(UNKNOWN, 59999)])], errors: [advisory("ingress[0].fromPort is not known")] },
    { name: "the protocol unknown at preview, even on 443", resources: [sg("edge", [{ ...tcp(443, 443), protocol: UNKNOWN }])], errors: [advisory("ingress[0].protocol is not known")] },
    { name: "the whole ingress list unknown at preview", resources: [sg("edge", UNKNOWN)], errors: [advisory("ingress is not known")] },
    { name: "justification tags unknown at preview", resources: [sg("edge", [MEDIA_RANGE_TCP], UNKNOWN)], errors: [advisory('tags of "edge" (unknown at preview)')] },
    {
      name: "a definite violation is reported alongside an unverified one",
      resources: [sg("a", [MEDIA_RANGE_TCP]), sg("b", [tcp(50000, 59999, { cidrBlocks: UNKNOWN })])],
      errors: [mandatory("a", CLS), advisory('SecurityGroup "b" ingress[0]')],
    },
    {
      name: "a malformed value outweighs an unknown one",
      resources: [sg("edge", [tcp(UNKNOWN, 59999, { cidrBlocks: ["nope"] })])],
      errors: [mandatory("edge", "malformed", "Cannot verify at preview")],
    },
  ],
});
