import { Secret, UNKNOWN } from "../../src/model/values";
import type { ResourceView } from "../../src/shapes/resource";
import { readSecurityGroupShape } from "../../src/shapes/aws/securityGroups";
import { inboundRuleText } from "../support/modelText";

/**
 * Every security-group shape read into the one rule model: a row is a resource and the whole
 * reading expected of it (protocol, ports, sources, doubts, the group a standalone rule joins).
 */
const SG = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const view = (type: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): ResourceView => ({ urn: `urn:pulumi:test::cls-guard::${type}::r`, type, name: "r", props, propertyDependencies });
const read = (v: ResourceView) => {
  const reading = readSecurityGroupShape(v);
  return reading && { rules: reading.rules.map(inboundRuleText), group: reading.group && { id: reading.group.id, urns: reading.group.urns } };
};

const TCP_MEDIA = "tcp = 6";
const ANY = "all = 0-255 (portless)";
const rule = (r: string, protocol: string, ports: string, sources: string[], doubts: string[] = []) => ({ rule: r, protocol, ports, sources, doubts });
const media = { protocol: "tcp", fromPort: 50000, toPort: 59999 };

const rows: [string, ResourceView, unknown][] = [
  [
    "inline ingress: every kind of source",
    view(SG, { ingress: [{ ...media, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], prefixListIds: ["pl-1"], securityGroups: ["sg-1"], self: true }] }),
    { rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0", "cidr ::/0 = ::/0", "prefix-list pl-1", "security-group sg-1", "self"])], group: undefined },
  ],
  [
    "preview: a group reference not known yet names no group, and says so",
    view(SG, { ingress: [{ ...media, securityGroups: [UNKNOWN, "sg-1"] }] }),
    { rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", ["security-group null (unknown: ingress[0].securityGroups[0] is not known until the resources it depends on exist)", "security-group sg-1"])], group: undefined },
  ],
  ["a default group reads the same", view(DEFAULT_SG, { ingress: [{ ...media, cidrBlocks: ["203.0.113.0/24"] }] }), { rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", ["cidr 203.0.113.0/24 = 203.0.113.0/24"])], group: undefined }],
  ["self only when it is true", view(SG, { ingress: [{ ...media, self: false }, { ...media, self: "true" }] }), { rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", []), rule("ingress[1]", TCP_MEDIA, "50000-59999", [])], group: undefined }],
  ["no ingress", view(SG, {}), { rules: [], group: undefined }],
  ["null ingress", view(SG, { ingress: null }), { rules: [], group: undefined }],
  [
    "ingress that is not a list: everything, said why",
    view(SG, { ingress: "oops" }),
    {
      rules: [
        rule("ingress", "unreadable protocol = 0-255 (portless)", "0-65535", ['unresolved ingress (unreadable) (malformed: ingress oops is not a CIDR block (expected a.b.c.d/n, n <= 32))'], [
          'malformed ingress: ingress is "oops", not a protocol AWS accepts (tcp, udp, icmp, icmpv6, a number 0-255, -1 or all)',
        ]),
      ],
      group: undefined,
    },
  ],
  [
    "an ingress entry that is not an object",
    view(SG, { ingress: [42] }),
    {
      rules: [
        rule("ingress[0]", "unreadable protocol = 0-255 (portless)", "0-65535", ["unresolved ingress[0] (unreadable) (malformed: ingress[0] number 42 is not a string (expected an ipv4 CIDR block))"], [
          "malformed ingress[0]: ingress[0] is number 42, not a protocol AWS accepts (tcp, udp, icmp, icmpv6, a number 0-255, -1 or all)",
        ]),
      ],
      group: undefined,
    },
  ],
  [
    "ingress unknown at preview",
    view(SG, { ingress: UNKNOWN }),
    {
      rules: [
        rule("ingress", `protocol unknown at preview = 0-255 (portless)`, "0-65535", ["unresolved ingress (unknown) (unknown: ingress is not known until the resources it depends on exist)"], [
          "unknown ingress: ingress is not known until the resources it depends on exist",
        ]),
      ],
      group: undefined,
    },
  ],
  [
    "a source list that is a string, a secret without its value, an unknown prefix list, empty and secret ids",
    view(SG, { ingress: [{ ...media, cidrBlocks: "0.0.0.0/0", ipv6CidrBlocks: [new Secret(undefined)], prefixListIds: [UNKNOWN, " ", new Secret("pl-9")] }] }),
    {
      rules: [
        rule("ingress[0]", TCP_MEDIA, "50000-59999", [
          'unresolved ingress[0].cidrBlocks (unreadable) (malformed: ingress[0].cidrBlocks is "0.0.0.0/0", not a list)',
          "unresolved [secret] at ingress[0].ipv6CidrBlocks[0] (unreadable) (malformed: ingress[0].ipv6CidrBlocks[0] is a secret whose value this document does not carry; read as any address)",
          "prefix-list null (unknown: ingress[0].prefixListIds[0] is not known until the resources it depends on exist)",
          'unresolved ingress[0].prefixListIds[1] (unreadable) (malformed: ingress[0].prefixListIds[1] is " ", not a prefix list id)',
          "prefix-list [secret]",
        ]),
      ],
      group: undefined,
    },
  ],
  [
    "a secret CIDR is used, and shown as [secret]",
    view(SG, { ingress: [{ ...media, cidrBlocks: [new Secret("0.0.0.0/0"), new Secret("0.0.0.0/33")] }] }),
    {
      rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", ["cidr [secret] = 0.0.0.0/0", "unresolved [secret] at ingress[0].cidrBlocks[1] (unreadable) (malformed: ingress[0].cidrBlocks[1] [secret] is not a CIDR block (expected a.b.c.d/n, n <= 32))"])],
      group: undefined,
    },
  ],
  [
    "a standalone ingress rule and the group it joins",
    view(SG_RULE, { type: "ingress", ...media, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], prefixListIds: ["pl-1"], sourceSecurityGroupId: "sg-2", self: true, securityGroupId: UNKNOWN }, { securityGroupId: ["urn:edge-av"] }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0", "cidr ::/0 = ::/0", "prefix-list pl-1", "security-group sg-2", "self"])], group: { id: { path: "securityGroupId", value: UNKNOWN }, urns: ["urn:edge-av"] } },
  ],
  ["a standalone egress rule opens nothing inbound", view(SG_RULE, { type: "egress", ...media, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }), { rules: [], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } }],
  [
    "a standalone rule whose type is unknown is read as ingress",
    view(SG_RULE, { type: UNKNOWN, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }),
    { rules: [rule("rule", ANY, "0-65535", ["cidr 0.0.0.0/0 = 0.0.0.0/0"], ["unknown type: type is not known until the resources it depends on exist"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "a standalone rule whose type is neither is read as ingress",
    view(SG_RULE, { type: "INGRESS", ...media, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0"], ['malformed type: type is not "ingress" or "egress"; read as ingress'])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "a VPC ingress rule: its own property names",
    view(VPC_RULE, { ipProtocol: "udp", fromPort: 50000, toPort: 59999, cidrIpv4: "0.0.0.0/0", cidrIpv6: "::/0", prefixListId: "pl-3", referencedSecurityGroupId: "sg-4", securityGroupId: "sg-1" }),
    { rules: [rule("rule", "udp = 17", "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0", "cidr ::/0 = ::/0", "prefix-list pl-3", "security-group sg-4"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "a VPC ingress rule with bad ports says which",
    view(VPC_RULE, { ipProtocol: "tcp", fromPort: 59999, toPort: 50000, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" }),
    { rules: [rule("rule", TCP_MEDIA, "0-65535", ["cidr 0.0.0.0/0 = 0.0.0.0/0"], ["malformed fromPort: fromPort 59999 is above toPort 50000"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "standalone rules name their fields without a prefix; null lists and single values are absent",
    view(SG_RULE, { type: "ingress", ...media, cidrBlocks: ["0.0.0.0/33"], ipv6CidrBlocks: null, prefixListIds: "pl-1", securityGroupId: "sg-1" }),
    {
      rules: [
        rule("rule", TCP_MEDIA, "50000-59999", [
          "unresolved cidrBlocks[0] (unreadable) (malformed: cidrBlocks[0] 0.0.0.0/33 is not a CIDR block (expected a.b.c.d/n, n <= 32))",
          'unresolved prefixListIds (unreadable) (malformed: prefixListIds is "pl-1", not a list)',
        ]),
      ],
      group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] },
    },
  ],
  [
    "a VPC ingress rule's single-valued sources",
    view(VPC_RULE, { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: "0.0.0.0", cidrIpv6: null, prefixListId: 42, securityGroupId: "sg-1" }),
    {
      rules: [
        rule("rule", TCP_MEDIA, "50000-59999", [
          "unresolved cidrIpv4 (unreadable) (malformed: cidrIpv4 0.0.0.0 is not a CIDR block (expected a.b.c.d/n, n <= 32))",
          "unresolved prefixListId (unreadable) (malformed: prefixListId is number 42, not a prefix list id)",
        ]),
      ],
      group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] },
    },
  ],
  // As the provider writes them after update: every field, the unset ones "", null, [] or false.
  [
    "after update: inline ingress with every field",
    view(SG, { ingress: [{ ...media, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: [], prefixListIds: [], securityGroups: [], self: false, description: "" }] }),
    { rules: [rule("ingress[0]", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0"])], group: undefined },
  ],
  [
    "after update: a standalone rule with sourceSecurityGroupId \"\" has no group source",
    view(SG_RULE, { type: "ingress", ...media, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: null, prefixListIds: [], sourceSecurityGroupId: "", self: false, description: "", securityGroupId: "sg-1", securityGroupRuleId: "sgr-1" }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "after update: a standalone rule from a group, cidrBlocks null",
    view(SG_RULE, { type: "ingress", ...media, cidrBlocks: null, ipv6CidrBlocks: null, prefixListIds: null, sourceSecurityGroupId: "sg-2", self: false, description: "", securityGroupId: "sg-1" }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["security-group sg-2"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "after update: a VPC ingress rule with the unset sources null or \"\"",
    view(VPC_RULE, { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: "0.0.0.0/0", cidrIpv6: null, prefixListId: "", referencedSecurityGroupId: null, description: null, securityGroupId: "sg-1", securityGroupRuleId: "sgr-1", tags: null }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["cidr 0.0.0.0/0 = 0.0.0.0/0"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  [
    "a secret source whose value the document does not carry is read as any address, not as unset",
    view(VPC_RULE, { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: new Secret(undefined), securityGroupId: "sg-1" }),
    { rules: [rule("rule", TCP_MEDIA, "50000-59999", ["unresolved [secret] at cidrIpv4 (unreadable) (malformed: cidrIpv4 is a secret whose value this document does not carry; read as any address)"])], group: { id: { path: "securityGroupId", value: "sg-1" }, urns: [] } },
  ],
  ["not a security-group shape", view("aws:ec2/instance:Instance", { ingress: [media] }), undefined],
];

test.each(rows)("%s", (_name, v, expected) => expect(read(v)).toEqual(expected));

test("rules with the same port range share one reading of it; a protocol reads the same in any case", () => {
  const [a, b] = readSecurityGroupShape(view(SG, { ingress: [{ ...media, protocol: "TCP" }, media] }))!.rules;
  expect(a.protocol.label).toBe("tcp");
  expect([a.protocol.numbers, a.ports]).toEqual([b.protocol.numbers, b.ports]);
  expect(a.ports).toBe(b.ports);
});
