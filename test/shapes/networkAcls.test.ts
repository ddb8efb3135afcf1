import { Secret, UNKNOWN } from "../../src/model/values";
import { inlineAclRules, standaloneAclRule } from "../../src/shapes/aws/networkAcls";
import type { ResourceView } from "../../src/shapes/resource";
import { filterRuleText } from "../support/modelText";

/**
 * Network ACL entries read into ordered filter rules: a row is an entry (inline or standalone)
 * and the rule expected of it. What cannot be read is evaluated first and may allow all it names.
 */
const view = (props: Record<string, unknown>): ResourceView => ({ urn: "urn:acl", type: "aws:ec2/networkAcl:NetworkAcl", name: "edge-acl", props, propertyDependencies: {} });
const entry = { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: "0.0.0.0/0" };
const CLS_FROM_WORLD = "protocols 6 ports 50001-50003 from 0.0.0.0/0";
const EVERYTHING = "protocols 0-255 ports 0-65535 from ::/0 0.0.0.0/0";
const PROTOCOL_PROBLEM = "not a protocol AWS accepts (tcp, udp, icmp, icmpv6, a number 0-255, -1 or all)";
const rule = (order: number, verdict: string, label: string, traffic: string, doubts: string[] = []) => ({ order, verdict, exact: true, label, traffic: [traffic], doubts });
const numbered = (n: number | string) => `rule ${n} of NACL "edge-acl"`;

const inline: [string, unknown, unknown[]][] = [
  ["a deny", [entry], [rule(100, "block", numbered(100), CLS_FROM_WORLD)]],
  ["an allow of everything over IPv6", [{ ruleNo: 110, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlock: "::/0" }], [rule(110, "pass", numbered(110), "protocols 0-255 ports 0-65535 from ::/0")]],
  ["the lowest rule number", [{ ...entry, ruleNo: 1 }], [rule(1, "block", numbered(1), CLS_FROM_WORLD)]],
  ["the highest rule number", [{ ...entry, ruleNo: 32766 }], [rule(32766, "block", numbered(32766), CLS_FROM_WORLD)]],
  ["rule number 0 is evaluated first, said why", [{ ...entry, ruleNo: 0 }], [rule(-Infinity, "block", numbered("number 0"), CLS_FROM_WORLD, ["malformed ingress[0].ruleNo: ingress[0].ruleNo is number 0, not a rule number 1-32766"])]],
  ["rule number 32767", [{ ...entry, ruleNo: 32767 }], [rule(-Infinity, "block", numbered("number 32767"), CLS_FROM_WORLD, ["malformed ingress[0].ruleNo: ingress[0].ruleNo is number 32767, not a rule number 1-32766"])]],
  ["a fractional rule number", [{ ...entry, ruleNo: 100.5 }], [rule(-Infinity, "block", numbered("number 100.5"), CLS_FROM_WORLD, ["malformed ingress[0].ruleNo: ingress[0].ruleNo is number 100.5, not a rule number 1-32766"])]],
  ["a rule number in a string", [{ ...entry, ruleNo: "100" }], [rule(-Infinity, "block", numbered('"100"'), CLS_FROM_WORLD, ['malformed ingress[0].ruleNo: ingress[0].ruleNo is "100", not a rule number 1-32766'])]],
  ["a rule number unknown at preview", [{ ...entry, ruleNo: UNKNOWN }], [rule(-Infinity, "block", numbered("an unknown value"), CLS_FROM_WORLD, ["unknown ingress[0].ruleNo: ingress[0].ruleNo is not known until the resources it depends on exist"])]],
  ["a secret rule number is used", [{ ...entry, ruleNo: new Secret(90) }], [rule(90, "block", numbered(90), CLS_FROM_WORLD)]],
  ["an action in capitals may be an allow", [{ ...entry, action: "DENY" }], [rule(100, "pass", numbered(100), CLS_FROM_WORLD, ['malformed ingress[0].action: ingress[0].action is "DENY", not "allow" or "deny"'])]],
  ["an action unknown at preview", [{ ...entry, action: UNKNOWN }], [rule(100, "pass", numbered(100), CLS_FROM_WORLD, ["unknown ingress[0].action: ingress[0].action is not known until the resources it depends on exist"])]],
  [
    "both source blocks set",
    [{ ...entry, ipv6CidrBlock: "::/0" }],
    [rule(100, "block", numbered(100), "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0", ["malformed ingress[0].cidrBlock and ipv6CidrBlock: ingress[0].cidrBlock and ipv6CidrBlock are both set (AWS takes one); read as any address"])],
  ],
  [
    "no source block",
    [{ ...entry, cidrBlock: null }],
    [rule(100, "block", numbered(100), "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0", ["malformed ingress[0].cidrBlock and ipv6CidrBlock: ingress[0].cidrBlock and ipv6CidrBlock are both missing; read as any address"])],
  ],
  ["an IPv4 block where IPv6 belongs", [{ ...entry, cidrBlock: undefined, ipv6CidrBlock: "0.0.0.0/0" }], [rule(100, "block", numbered(100), "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0", ["malformed ingress[0].ipv6CidrBlock: ingress[0].ipv6CidrBlock 0.0.0.0/0 is an ipv4 block where ipv6 belongs"])]],
  ["ports beyond 65535", [{ ...entry, toPort: 70000 }], [rule(100, "block", numbered(100), "protocols 6 ports 0-65535 from 0.0.0.0/0", ["malformed ingress[0].toPort: ingress[0].toPort is number 70000, not a port (a whole number 0-65535)"])]],
  [
    "an entry that is not an object is evaluated first, though 42 would read as a rule number",
    [42],
    [rule(-Infinity, "pass", 'ingress[0] of NACL "edge-acl"', EVERYTHING, [
      'malformed ingress[0]: ingress[0] is number 42, not "allow" or "deny"',
      `malformed ingress[0]: ingress[0] is number 42, ${PROTOCOL_PROBLEM}`,
      "malformed ingress[0]: ingress[0] number 42 is not a string (expected an ipv4 CIDR block)",
    ])],
  ],
  [
    "ingress unknown at preview",
    UNKNOWN,
    [rule(-Infinity, "pass", 'ingress of NACL "edge-acl"', EVERYTHING, ["ingress", "ingress", "ingress", "ingress"].map((f) => `unknown ${f}: ${f} is not known until the resources it depends on exist`))],
  ],
  [
    "ingress that is not a list",
    "oops",
    [rule(-Infinity, "pass", 'ingress of NACL "edge-acl"', EVERYTHING, [
      'malformed ingress: ingress is "oops", not a rule number 1-32766',
      'malformed ingress: ingress is "oops", not "allow" or "deny"',
      `malformed ingress: ingress is "oops", ${PROTOCOL_PROBLEM}`,
      "malformed ingress: ingress oops is not a CIDR block (expected a.b.c.d/n, n <= 32)",
    ])],
  ],
  ["no ingress", undefined, []],
  ["null ingress", null, []],
  // As the provider writes an entry after update: every field, the unset ones "" and 0.
  ["after update: an IPv4 deny with ipv6CidrBlock \"\"", [{ ...entry, ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 }], [rule(100, "block", numbered(100), CLS_FROM_WORLD)]],
  ["after update: an IPv6 allow with cidrBlock \"\"", [{ ruleNo: 110, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "", ipv6CidrBlock: "::/0", icmpCode: 0, icmpType: 0 }], [rule(110, "pass", numbered(110), "protocols 0-255 ports 0-65535 from ::/0")]],
  ["after update: a protocol number as the provider writes it", [{ ...entry, protocol: "6", ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 }], [rule(100, "block", numbered(100), CLS_FROM_WORLD)]],
  [
    "after update: both blocks empty is no source",
    [{ ...entry, cidrBlock: "", ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 }],
    [rule(100, "block", numbered(100), "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0", ["malformed ingress[0].cidrBlock and ipv6CidrBlock: ingress[0].cidrBlock and ipv6CidrBlock are both missing; read as any address"])],
  ],
  [
    "a secret whose value the document does not carry is a source, not an unset one",
    [{ ...entry, ipv6CidrBlock: new Secret(undefined) }],
    [rule(100, "block", numbered(100), "protocols 6 ports 50001-50003 from ::/0 0.0.0.0/0", ["malformed ingress[0].cidrBlock and ipv6CidrBlock: ingress[0].cidrBlock and ipv6CidrBlock are both set (AWS takes one); read as any address"])],
  ],
];

test.each(inline)("inline: %s", (_name, ingress, expected) => expect(inlineAclRules(view({ ingress })).map(filterRuleText)).toEqual(expected));

const standalone = { ruleNumber: 100, ruleAction: "deny", protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlock: "0.0.0.0/0" };
test.each([
  ["inbound when egress is absent", standalone, true, []],
  ["inbound when egress is false", { ...standalone, egress: false }, true, []],
  ["outbound when egress is true", { ...standalone, egress: true }, false, []],
  ["possibly inbound when egress is unknown", { ...standalone, egress: UNKNOWN }, true, ["unknown egress: egress is not known until the resources it depends on exist"]],
  ["possibly inbound when egress is not a boolean", { ...standalone, egress: "false" }, true, ['malformed egress: egress is "false", not true or false']],
  ["after update: every field, the unset ones \"\" and null", { ...standalone, egress: false, ipv6CidrBlock: "", icmpCode: null, icmpType: null, networkAclId: "acl-1" }, true, []],
  ["after update: an outbound rule", { ...standalone, egress: true, ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 }, false, []],
])("standalone: %s", (_name, props, inbound, doubts) => {
  const { rule: r, inbound: isInbound } = standaloneAclRule(view(props), "edge-acl");
  expect({ inbound: isInbound, rule: filterRuleText(r) }).toEqual({ inbound, rule: rule(100, "block", numbered(100), CLS_FROM_WORLD, doubts) });
});

test("standalone: its own property names", () => {
  const { rule: r } = standaloneAclRule(view({ ruleNumber: 7, ruleAction: "allow", protocol: "udp", fromPort: 50000, toPort: 59999, ipv6CidrBlock: "2001:db8::/32" }), "other-acl");
  expect(filterRuleText(r)).toEqual({ order: 7, verdict: "pass", exact: true, label: 'rule 7 of NACL "other-acl"', traffic: ["protocols 17 ports 50000-59999 from 2001:db8::/32"], doubts: [] });
});
