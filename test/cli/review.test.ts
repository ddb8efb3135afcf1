import * as fs from "fs";
import { LARGE_INPUT_BYTES } from "../../cli/worker";
import { changeSteps, previewDigest, previewJson, stackExport } from "../../harness/documents";
import { findExample, runExample } from "../../harness/example";
import { asg, azureEdge, azurermIds, DENY_CLS, MEDIA, towards } from "../support/azure";
import { clsGuard, exampleDocuments, TODAY, write } from "../support/cli";
import { toEngine } from "../support/harness";
import { materialise, ref } from "../support/network";
import { scratchDir } from "../support/scratch";

/** `cls-guard review`: what a change opens or closes, from two exports or from one preview. */
const dir = scratchDir("cli");
const docs: Record<string, Awaited<ReturnType<typeof exampleDocuments>>> = {};

beforeAll(async () => {
  for (const v of ["compliant", "federation", "denied-by-nacl", "denied-by-network-firewall", "firewall-bypassed", "exposed"]) docs[v] = await exampleDocuments(dir, v);
}, 120_000);

/** The review as data; the gate's exit code has its own table below. */
const reviewJson = async (...args: string[]) => {
  const run = await clsGuard(["review", "--format", "json", "--today", TODAY, ...args]);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout);
};
const between = (before: string, after: string, ...args: string[]) => reviewJson("--before", docs[before].export, "--after", docs[after].export, ...args);
const brief = (r: { openings: { change: string; name: string; added: unknown[]; removed: unknown[]; protectedPorts: boolean }[] }) =>
  r.openings.map((o) => [o.change, o.name, o.added, o.removed, o.protectedPorts]);

test("compliant -> exposed opens the media range, and with it the protected ports", async () => {
  expect(brief(await between("compliant", "exposed"))).toEqual([
    ["opened", "edge-av-media-tcp", [{ protocol: "tcp", from: 50000, to: 59999 }], [], true],
    ["opened", "edge-av-media-udp", [{ protocol: "udp", from: 50000, to: 59999 }], [], false],
  ]);
});

test("exposed -> denied-by-nacl narrows the TCP opening by the CLS ports", async () => {
  expect(brief(await between("exposed", "denied-by-nacl"))).toEqual([["narrowed", "edge-av-media-tcp", [], [{ protocol: "tcp", from: 50001, to: 50003 }], true]]);
});

test("denied-by-nacl -> exposed widens it again", async () => {
  expect(brief(await between("denied-by-nacl", "exposed"))).toEqual([["widened", "edge-av-media-tcp", [{ protocol: "tcp", from: 50001, to: 50003 }], [], true]]);
});

const causes = (r: { openings: { name: string; causes: { type: string; name: string }[] }[] }): [string, string[]][] => r.openings.map((o) => [o.name, o.causes.map((c) => `${c.type.split(":").pop()} ${c.name}`).sort()]);

test("a NACL change widens an opening whose rule did not change, and is named as the cause", async () => {
  expect(causes(await between("denied-by-nacl", "exposed"))).toEqual([["edge-av-media-tcp", ["NetworkAcl edge-public-acl"]]]);
});

test("routing the Edge subnets around the firewall widens the TCP opening; the routes are named as the cause", async () => {
  const r = await between("denied-by-network-firewall", "firewall-bypassed");
  expect(brief(r)).toEqual([["widened", "edge-av-media-tcp", [{ protocol: "tcp", from: 50001, to: 50003 }], [], true]]);
  const [[, named]] = causes(r);
  expect(named.filter((n) => /^(RouteTable|Route|RouteTableAssociation) /.test(n)).length).toBeGreaterThan(0);
  expect(named.every((n) => !n.startsWith("SecurityGroup"))).toBe(true);
  const text = await clsGuard(["review", "--before", docs["denied-by-network-firewall"].export, "--after", docs["firewall-bypassed"].export]);
  expect(text.stdout).toMatch(/SecurityGroupRule "edge-av-media-tcp" widens: .* \[protected ports\] - caused by .*Route/);
});

test("federation -> compliant closes the range and removes the justification", async () => {
  const r = await between("federation", "compliant");
  expect(brief(r).map(([change, name]) => [change, name])).toEqual([
    ["closed", "edge-av-media-tcp"],
    ["closed", "edge-av-media-udp"],
  ]);
  expect(r.justifications).toEqual([{ change: "removed", urn: expect.stringMatching(/edge-av$/), name: "edge-av", reason: "ocs-2007-federation", expires: expect.any(String), problems: [] }]);
});

test("a justification about to expire is reported", async () => {
  expect((await between("federation", "federation")).justifications).toEqual([]);
  const r = await between("federation", "federation", "--expiring-days", "200");
  expect(r.justifications.map((j: { change: string; name: string }) => [j.change, j.name])).toEqual([["expiring", "edge-av"]]);
});

test("a preview: same, update and create steps", async () => {
  const steps = changeSteps(docs.compliant.update, docs.exposed.update, docs.exposed.planned);
  const file = write(dir, "change.preview.json", previewDigest(steps, { showSames: true }));
  const r = await reviewJson(file);
  expect(brief(r).map(([change, name, , , cls]) => [change, name, cls])).toEqual([
    ["opened", "edge-av-media-tcp", true],
    ["opened", "edge-av-media-udp", false],
  ]);
  expect(r.input).toEqual({ before: `${file} (old state)`, after: `${file} (planned)` });
});

test("a preview that deletes the openings closes them", async () => {
  const r = await reviewJson(write(dir, "delete.preview.json", previewJson(docs.exposed.update, docs.compliant.update, { showSames: true })));
  expect(brief(r).map(([change, name]) => [change, name])).toEqual([
    ["closed", "edge-av-media-tcp"],
    ["closed", "edge-av-media-udp"],
  ]);
});

test("a replace (create-replacement, replace, delete-replaced) counts old and new once", async () => {
  const urn = "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::edge";
  const state = (fromPort: number, toPort: number) => ({ urn, type: "aws:ec2/securityGroup:SecurityGroup", inputs: {}, outputs: { ingress: [{ protocol: "tcp", fromPort, toPort, cidrBlocks: ["0.0.0.0/0"] }] } });
  const preview = {
    steps: [
      { op: "create-replacement", urn, oldState: state(50004, 59999), newState: state(50000, 59999) },
      { op: "replace", urn, oldState: state(50004, 59999), newState: state(50000, 59999) },
      { op: "delete-replaced", urn, oldState: state(50004, 59999) },
    ],
    changeSummary: { replace: 1 },
  };
  const r = await reviewJson(write(dir, "replace.preview.json", preview));
  expect(brief(r)).toEqual([["widened", "edge", [{ protocol: "tcp", from: 50000, to: 50003 }], [], true]]);
});

test("a large --before is reviewed in a worker thread, with the same result", async () => {
  const large = write(dir, "large-before.json", fs.readFileSync(docs.compliant.export, "utf8") + " ".repeat(LARGE_INPUT_BYTES));
  const [big, small] = await Promise.all([reviewJson("--before", large, "--after", docs.exposed.export), between("compliant", "exposed")]);
  expect(big.input.before).toBe(large);
  expect(big.openings.length).toBeGreaterThan(0);
  expect({ ...big, input: undefined }).toEqual({ ...small, input: undefined });
});

describe("review as a gate: --fail-on", () => {
  test.each([
    ["compliant", "exposed", undefined, 1, "a new opening of the protected ports fails by default"],
    ["compliant", "exposed", "opened", 1, "and under opened"],
    ["denied-by-nacl", "exposed", undefined, 1, "a NACL change widening an opening onto them fails by default"],
    ["denied-by-network-firewall", "firewall-bypassed", undefined, 1, "so does routing around the firewall"],
    ["denied-by-nacl", "exposed", "opened", 0, "a widening is not an opening"],
    ["denied-by-nacl", "exposed", "never", 0, "never fails on nothing"],
    ["compliant", "federation", undefined, 0, "a justified opening passes by default"],
    ["compliant", "federation", "any", 1, "any fails on every opening, justified or not"],
    ["compliant", "denied-by-nacl", undefined, 0, "an opening that stays off the protected ports passes by default"],
    ["compliant", "denied-by-nacl", "any", 1, "but not under any"],
    ["exposed", "denied-by-nacl", "any", 0, "a narrowing fails nothing"],
    ["federation", "compliant", "any", 0, "nor does a closing"],
  ] as const)("%s -> %s, --fail-on %s: exit %d (%s)", async (before, after, failOn, code, _why) => {
    const args = ["review", "--before", docs[before].export, "--after", docs[after].export, "--today", TODAY, "--format", "json", ...(failOn ? ["--fail-on", failOn] : [])];
    const run = await clsGuard(args);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: "" });
    expect(JSON.parse(run.stdout).gate).toEqual({ failOn: failOn ?? "widened", blocking: code === 1 ? expect.any(Number) : 0 });
  });

  test("the gate's verdict is in the text and the comment; an unknown level is refused with exit 2", async () => {
    const args = ["review", "--before", docs.compliant.export, "--after", docs.exposed.export];
    expect((await clsGuard(args)).stdout).toContain("Gate (--fail-on widened): fails on 1 change(s)");
    expect((await clsGuard([...args, "--format", "markdown", "--fail-on", "never"])).stdout).toContain("**Gate (--fail-on never): passes**");
    const bad = await clsGuard([...args, "--fail-on", "sometimes"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fail-on <change>' argument 'sometimes' is invalid");
  });
});

test("Markdown for the pull request, and text", async () => {
  const md = await clsGuard(["review", "--before", docs.compliant.export, "--after", docs.exposed.export, "--format", "markdown"]);
  expect(md.stdout).toMatch(/^### cls-guard review: :x: \*\*this change exposes protected ports\*\*/);
  expect(md.stdout).toContain("| opened | `SecurityGroupRule` edge-av-media-tcp | rule | TCP 50000-59999 | nothing | yes |");
  const quiet = await clsGuard(["review", "--before", docs.compliant.export, "--after", docs.compliant.export, "--format", "markdown"]);
  expect(quiet.stdout).toContain(":white_check_mark: **this change opens nothing to the internet**");
  const text = await clsGuard(["review", "--before", docs.exposed.export, "--after", docs["denied-by-nacl"].export]);
  expect(text.stdout).toContain('- SecurityGroupRule "edge-av-media-tcp" narrows: now TCP 50000, 50004-59999 (was TCP 50000-59999; +nothing, -TCP 50001-50003) [protected ports]');
});

describe.each([
  // The Azure deny is a rule inserted in the NSG itself: the later rules keep their identity (their names), not their index.
  ["azure", "edge-nsg", "securityRules[4]", ["NetworkSecurityGroup edge-nsg"]],
  ["gcp", "edge-allow-media", "allows[0]", ["Firewall edge-deny-cls-agent"]],
])("%s: review between the cloud's examples", (cloud, name, rule, named) => {
  const exportOf = async (variant: string) => write(dir, `${cloud}-${variant}.export.json`, stackExport(await runExample(findExample(`${cloud}/${variant}`)!, false, "dev")));
  const CLS = [{ protocol: "tcp", from: 50001, to: 50003 }];

  test("exposed -> denied narrows the TCP media opening by the CLS ports and names the deny's resource; denied -> exposed widens it", async () => {
    const [exposed, denied] = [await exportOf("exposed"), await exportOf("denied")];
    const narrowed = await reviewJson("--before", exposed, "--after", denied);
    expect(narrowed.openings.map((o: { change: string; name: string; rule: string; added: unknown[]; removed: unknown[] }) => [o.change, o.name, o.rule, o.added, o.removed])).toEqual([["narrowed", name, rule, [], CLS]]);
    expect(causes(narrowed)).toEqual([[name, named]]);
    expect(brief(await reviewJson("--before", denied, "--after", exposed))).toEqual([["widened", name, CLS, [], true]]);
  });
});

test("a classic association putting the Edge NIC in the group a deny targets narrows the opening, and is named as the cause", async () => {
  const stack = (nicGroups: unknown[]) => {
    const rules = [{ ...DENY_CLS, extra: towards("classic", { group: ref("asg-edge") }) }, MEDIA];
    const resources = azurermIds(materialise([asg("classic", "asg-edge"), ...azureEdge("classic", { nicRules: rules, nicGroups })], "update"));
    const recorded = toEngine(resources).map((r) => ({ ...r, custom: true, id: String(r.props.id), inputs: r.props, outputs: r.props, dependencies: [], propertyDependencies: {} }));
    return write(dir, `asg-${nicGroups.length}.export.json`, stackExport(recorded));
  };
  const narrowed = await reviewJson("--before", stack([]), "--after", stack([ref("asg-edge")]));
  expect(brief(narrowed)).toEqual([["narrowed", "edge-nic-nsg", [], [{ protocol: "tcp", from: 50001, to: 50003 }], true]]);
  expect(causes(narrowed)).toEqual([["edge-nic-nsg", ["NetworkInterfaceApplicationSecurityGroupAssociation edge-nic-asg-association-0"]]]);
});
