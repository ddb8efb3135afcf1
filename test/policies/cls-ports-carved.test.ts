import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { toPulumiPolicy, type PackOptions } from "../../policies/adapter";
import { clsPortsCarved } from "../../policies/cls-ports-carved";
import { planRuns } from "../../cli/scan";
import { evaluate } from "../../src/policy";
import { INBOUND_RULE_QUOTA } from "../../src/remediation/carve";
import { ruleTester } from "../support/ruleTester";
import { DEFAULT_SG, EDGE_SAFE, justified, MEDIA_RANGE_TCP, sg, sgRule, tcp, udp, UNKNOWN, vpcIngress, WORLD, WORLD6, SG } from "../support/fixtures";
import { runPack, TODAY, toEngine, urnOf, type TestResource } from "../support/harness";

const ADVISORY = { enforcementLevel: "advisory" as const };
const advisory = (on: string, ...has: string[]) => ({ on, level: "advisory" as const, has });
const MEDIA_HALVES = "rewrites it as: tcp 50000 from 0.0.0.0/0; tcp 50004-59999 from 0.0.0.0/0.";
const CARVE_ADVICE = "Carve it by hand: open tcp 50000, 50004-59999 instead";
/** Provider-written state: every field, the unset ones as the provider writes them. */
const written = (rule: Record<string, unknown>, unset: unknown[] | null = []) => ({
  description: "",
  cidrBlocks: unset,
  ipv6CidrBlocks: unset,
  prefixListIds: unset,
  securityGroups: unset,
  self: false,
  ...rule,
});
/** n public /32 blocks, each one inbound rule as AWS counts them. */
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `198.51.100.${i}/32`);

// What the check reports: at advisory, what a remediation would change; at any level, what it leaves.
ruleTester("cls-ports-carved", {
  valid: [
    { name: "Edge access ports only", resources: [sg("edge", EDGE_SAFE)], config: { "cls-ports-carved": ADVISORY } },
    { name: "the carved range already", resources: [sg("edge", [tcp(50000, 50000), tcp(50004, 59999)])], config: { "cls-ports-carved": ADVISORY } },
    { name: "UDP media range (CLS is TCP)", resources: [sg("edge", [udp(50000, 59999)])], config: { "cls-ports-carved": ADVISORY } },
    { name: "media range from private space and groups", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8"], securityGroups: ["sg-1"], self: true })])], config: { "cls-ports-carved": ADVISORY } },
    { name: "a justified opening is left to its justification", resources: [sg("edge", [MEDIA_RANGE_TCP], justified())], config: { "cls-ports-carved": ADVISORY } },
    { name: "disabled by default", resources: [sg("edge", [MEDIA_RANGE_TCP]), sgRule("media", MEDIA_RANGE_TCP)] },
  ],
  invalid: [
    {
      name: "advisory: what it would change",
      resources: [sg("edge", [...EDGE_SAFE, { ...MEDIA_RANGE_TCP, description: "media" }])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("edge", 'SecurityGroup "edge" ingress[3] (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0.', `At enforcement level remediate, cls-ports-carved ${MEDIA_HALVES}`)],
    },
    {
      name: "internal sources are kept whole, external ones carved",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", WORLD], ipv6CidrBlocks: [WORLD6] })])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("edge", "tcp 50000-59999 from 10.0.0.0/8; tcp 50000 from 0.0.0.0/0, ::/0; tcp 50004-59999 from 0.0.0.0/0, ::/0.")],
    },
    { name: "a rule of protected ports only is removed", resources: [sg("edge", [tcp(50001, 50003)])], config: { "cls-ports-carved": ADVISORY }, errors: [advisory("edge", "cls-ports-carved removes it")] },
    { name: "the message by id", resources: [sg("edge", [tcp(50001, 50003)])], config: { "cls-ports-carved": ADVISORY }, errors: [{ on: "edge", level: "advisory", has: [], messageId: "removed", data: { traffic: "TCP 50001-50003" } }] },
    {
      name: "a SecurityGroupRule is reported with the carve advice, not rewritten",
      resources: [sgRule("media", MEDIA_RANGE_TCP)],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("media", 'SecurityGroupRule "media" (tcp 50000-59999)', "leaves it as it is: a standalone rule", "cannot create", CARVE_ADVICE)],
    },
    {
      name: "a vpc SecurityGroupIngressRule is reported with the carve advice, not rewritten",
      resources: [vpcIngress("media", { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: WORLD })],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("media", 'SecurityGroupIngressRule "media"', "a standalone rule", CARVE_ADVICE)],
    },
    {
      name: "protocol -1 is left to be carved by hand",
      resources: [sg("edge", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [WORLD] }])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("edge", "it opens every protocol", "Carve it by hand: replace the all protocols and ports rule")],
    },
    {
      name: "a malformed source is left as it is (fail closed)",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["nope"] })])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("edge", "cannot be rewritten safely", "ingress[0].cidrBlocks[0] nope is not a CIDR block")],
    },
    {
      name: "over the quota: left as it is, with the count",
      resources: [sg("edge", [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA - 1) }), MEDIA_RANGE_TCP])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [advisory("edge", "61 IPv4 and 0 IPv6 inbound rules", "default quota of 60", CARVE_ADVICE)],
    },
    {
      name: "made mandatory, what it leaves is mandatory",
      resources: [sgRule("media", MEDIA_RANGE_TCP)],
      config: { "cls-ports-carved": { enforcementLevel: "mandatory" } },
      errors: [{ on: "media", level: "mandatory", has: ["a standalone rule"] }],
    },
    {
      name: "sources unknown at preview: cannot verify, not rewritten",
      resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: UNKNOWN })])],
      config: { "cls-ports-carved": ADVISORY },
      errors: [{ level: "advisory", has: ["during preview", "ingress[0].cidrBlocks is not known"] }],
    },
  ],
});

/** Remediate as the policy server runs it in process: the request decoded from the wire, the policy at level remediate. */
type RemediateRpc = (call: { request: analyzer.AnalyzeRequest }, callback: (err: unknown, res?: analyzer.RemediateResponse) => void) => void;
const { makeRemediateRpcFun } = require("@pulumi/policy/server") as {
  makeRemediateRpcFun: (pack: string, version: string, level: string, policies: ResourceValidationPolicy[]) => RemediateRpc;
};

async function remediated(resource: TestResource, options: PackOptions = {}): Promise<Record<string, unknown> | undefined> {
  const policy = toPulumiPolicy(clsPortsCarved, { clock: () => TODAY, enforcementLevels: { "cls-ports-carved": "remediate" }, ...options }) as ResourceValidationPolicy;
  const r = toEngine([resource])[0];
  const request = new analyzer.AnalyzeRequest().setType(r.type).setName(r.name).setUrn(r.urn).setProperties(Struct.fromJavaScript(r.props as never));
  request.setOptions(new analyzer.AnalyzerResourceOptions().setProtect(false));
  const rpc = makeRemediateRpcFun("test", "1.0.0", "advisory", [policy]);
  const response = await new Promise<analyzer.RemediateResponse>((resolve, reject) => rpc({ request }, (err, res) => (err ? reject(err) : resolve(res!))));
  const [remediation] = response.getRemediationsList();
  return remediation?.getProperties()?.toJavaScript() as Record<string, unknown> | undefined;
}

type Row = [name: string, ingress: unknown[], expected: unknown[] | "unchanged", options?: PackOptions];

const REWRITES: Row[] = [
  ["internet-wide media range", [{ ...MEDIA_RANGE_TCP, description: "media" }], [{ ...MEDIA_RANGE_TCP, description: "media", fromPort: 50000, toPort: 50000 }, { ...MEDIA_RANGE_TCP, description: "media", fromPort: 50004, toPort: 59999 }]],
  [
    "internal sources keep the rule whole, external ones are carved",
    [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8", WORLD], securityGroups: ["sg-1"], self: true, description: "mixed" })],
    [
      tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8"], securityGroups: ["sg-1"], self: true, description: "mixed" }),
      tcp(50000, 50000, { cidrBlocks: [WORLD], securityGroups: [], self: false, description: "mixed" }),
      tcp(50004, 59999, { cidrBlocks: [WORLD], securityGroups: [], self: false, description: "mixed" }),
    ],
  ],
  ["IPv6", [tcp(50000, 59999, { ipv6CidrBlocks: [WORLD6] })], [tcp(50000, 50000, { ipv6CidrBlocks: [WORLD6] }), tcp(50004, 59999, { ipv6CidrBlocks: [WORLD6] })]],
  ["protected ports at the bottom of the range", [tcp(50001, 50010)], [tcp(50004, 50010)]],
  ["protected ports at the top of the range", [tcp(49152, 50003)], [tcp(49152, 50000)]],
  ["a rule of protected ports only is removed; the others stay", [tcp(443, 443), tcp(50002, 50002)], [tcp(443, 443)]],
  ["a rule not covering protected ports", [tcp(443, 443), tcp(50004, 59999)], "unchanged"],
  ["a UDP rule, by default", [udp(50000, 59999)], "unchanged"],
  ["protocol -1", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [WORLD] }], "unchanged"],
  ["sources unknown at preview", [tcp(50000, 59999, { cidrBlocks: UNKNOWN })], "unchanged"],
  ["a malformed port", [tcp("50000", 59999)], "unchanged"],
  ["exactly at the quota: rewritten", [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA - 2) }), MEDIA_RANGE_TCP], [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA - 2) }), tcp(50000, 50000), tcp(50004, 59999)]],
  ["one over the quota: skipped", [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA - 1) }), MEDIA_RANGE_TCP], "unchanged"],
  [
    "IPv4 and IPv6 are counted apart: a full IPv4 count does not stop an IPv6 carve",
    [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA) }), tcp(50000, 59999, { cidrBlocks: [], ipv6CidrBlocks: [WORLD6] })],
    [tcp(443, 443, { cidrBlocks: hosts(INBOUND_RULE_QUOTA) }), tcp(50000, 50000, { cidrBlocks: [], ipv6CidrBlocks: [WORLD6] }), tcp(50004, 59999, { cidrBlocks: [], ipv6CidrBlocks: [WORLD6] })],
  ],
  ["a referenced group counts for IPv4 and IPv6", [tcp(443, 443, { cidrBlocks: [], securityGroups: Array.from({ length: INBOUND_RULE_QUOTA - 1 }, (_, i) => `sg-${i}`) }), tcp(50000, 59999, { cidrBlocks: [], ipv6CidrBlocks: [WORLD6] })], "unchanged"],
  ["provider-written unset values ([], \"\", false)", [written(MEDIA_RANGE_TCP)], [written(tcp(50000, 50000)), written(tcp(50004, 59999))]],
  ["provider-written unset values (null)", [written(MEDIA_RANGE_TCP, null)], [written(tcp(50000, 50000), null), written(tcp(50004, 59999), null)]],
  ["trustedCidrs are internal", [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24", WORLD] })], [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24"] }), tcp(50000, 50000), tcp(50004, 59999)], { settings: { trustedCidrs: ["198.51.100.0/24"] } }],
  ["a trusted CIDR alone is left as it is", [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24"] })], "unchanged", { settings: { trustedCidrs: ["198.51.100.0/24"] } }],
  [
    "trustedPrefixLists are internal, other lists external",
    [tcp(50000, 59999, { prefixListIds: ["pl-partner", "pl-other"] })],
    [tcp(50000, 59999, { prefixListIds: ["pl-partner"] }), tcp(50000, 50000, { prefixListIds: ["pl-other"] }), tcp(50004, 59999, { prefixListIds: ["pl-other"] })],
    { settings: { trustedPrefixLists: ["pl-partner"] } },
  ],
  ["protectedPorts from the settings", [udp(1800, 1820)], [udp(1800, 1811), udp(1813, 1820)], { settings: { protectedPorts: [{ protocol: "udp", from: 1812, to: 1812 }] } }],
];

describe("cls-ports-carved: the rewrite, through the policy server's Remediate", () => {
  // A default for the optional last column keeps the callback's arity at 3, so jest never reads it as `done`.
  test.each(REWRITES)("%s", async (_name, ingress, expected, options: PackOptions = {}) => {
    const group = sg("edge", ingress, undefined);
    const props = await remediated(group, options);
    if (expected === "unchanged") return expect(props).toBeUndefined();
    expect(props).toEqual({ ...group.props, ingress: expected });
    // What cls-ports-closed says of the rewritten group, with the same settings: nothing.
    const after = await runPack([{ ...group, props: props! }], {}, options);
    expect(after.filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
  });

  test("the default security group is carved too", async () => {
    const props = await remediated(sg("default", [MEDIA_RANGE_TCP], undefined, DEFAULT_SG));
    expect(props?.ingress).toEqual([tcp(50000, 50000), tcp(50004, 59999)]);
  });

  test("standalone rules and justified groups are left as they are", async () => {
    expect(await remediated(sgRule("media", MEDIA_RANGE_TCP))).toBeUndefined();
    expect(await remediated(vpcIngress("media", { ipProtocol: "tcp", fromPort: 50000, toPort: 59999, cidrIpv4: WORLD }))).toBeUndefined();
    expect(await remediated(sg("edge", [MEDIA_RANGE_TCP], justified()))).toBeUndefined();
  });

  test("secrets stay secrets and unknowns stay unknown, in the carved rules and the rest of the props", async () => {
    const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const group: TestResource = { type: SG, name: "edge", props: { vpcId: UNKNOWN, tags: secret({ team: "uc" }), ingress: [tcp(50000, 59999, { cidrBlocks: [secret(WORLD)], description: secret("media") })] } };
    const props = await remediated(group);
    expect(props).toEqual({
      vpcId: UNKNOWN,
      tags: secret({ team: "uc" }),
      ingress: [tcp(50000, 50000, { cidrBlocks: [secret(WORLD)], description: secret("media") }), tcp(50004, 59999, { cidrBlocks: [secret(WORLD)], description: secret("media") })],
    });
  });

  test("never throws into the engine: a failing remediation or a bad config leaves the resource as it is", async () => {
    const failing = toPulumiPolicy({ ...clsPortsCarved, remediate: () => { throw new Error("boom"); } }) as ResourceValidationPolicy;
    const args = { urn: "urn", type: "aws:ec2/securityGroup:SecurityGroup", name: "edge", props: { ingress: [MEDIA_RANGE_TCP] }, getConfig: () => ({}) };
    await expect(Promise.resolve(failing.remediateResource!(args as never))).resolves.toBeUndefined();
    const policy = toPulumiPolicy(clsPortsCarved) as ResourceValidationPolicy;
    await expect(Promise.resolve(policy.remediateResource!({ ...args, getConfig: () => ({ protectedPorts: "50001" }) } as never))).resolves.toBeUndefined();
    await expect(Promise.resolve(policy.remediateResource!(args as never))).resolves.toMatchObject({ ingress: [tcp(50000, 50000), tcp(50004, 59999)] });
  });
});

describe("cls-ports-carved in the cls-guard CLI", () => {
  test("a scan skips it unless the config gives it a level", () => {
    expect(planRuns({}).map((r) => r.policy.name)).not.toContain("cls-ports-carved");
    expect(planRuns({ "cls-ports-carved": "advisory" }).map((r) => [r.policy.name, r.level])).toContainEqual(["cls-ports-carved", "advisory"]);
  });

  test("shown the whole stack at once, it reports each resource's rules", () => {
    const views = [sg("a", [MEDIA_RANGE_TCP]), sg("b", EDGE_SAFE), sgRule("c", MEDIA_RANGE_TCP)].map((r) => ({ ...r, urn: urnOf(r), propertyDependencies: {} }));
    const findings = evaluate(clsPortsCarved, views, {}, TODAY);
    expect(findings.map((f) => [f.urn, f.rule])).toEqual([
      [urnOf(views[0]), "ingress[0]"],
      [urnOf(views[2]), "rule"],
    ]);
  });
});
