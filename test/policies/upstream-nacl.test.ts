import type { TestResource } from "../support/harness";
import { expectReported, runPack } from "../support/harness";
import { WORLD, WORLD6 } from "../support/fixtures";
import { allowAll, allowTcp, DUAL_STACK, denyCls, edge, materialise, nacl, naclRule, ref, res, T } from "../support/network";

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

describe.each(["update", "preview"] as const)("network ACLs (%s)", (mode) => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const diagnostics = await runPack(materialise(row.resources, mode));
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
