import { execFileSync } from "child_process";
import * as fs from "fs";
import { VARIANTS } from "../../harness/example";
import { shipped } from "../../harness/paths";
import { LARGE_INPUT_BYTES } from "../../cli/worker";
import { RULES } from "../../policies/rules";
import { clsGuard, exampleDocuments, TODAY, write } from "../support/cli";
import { urnOf } from "../support/harness";
import { edge, firewall, materialise, ref, res, suricata, T } from "../support/network";
import "../support/sarif";
import { scratchDir } from "../support/scratch";

interface Rule {
  id: string;
  helpUri: string;
  properties: Record<string, unknown>;
  messageStrings: Record<string, { text: string }>;
}

/** `cls-guard scan` on the stacks/edge variants, written as the Pulumi CLI writes them. */
const dir = scratchDir("cli");
const docs: Record<string, Awaited<ReturnType<typeof exampleDocuments>>> = {};

beforeAll(async () => {
  for (const v of VARIANTS) docs[v] = await exampleDocuments(dir, v);
}, 120_000);

const scanJson = async (file: string, ...args: string[]) => {
  const run = await clsGuard(["scan", file, "--format", "json", "--today", TODAY, ...args]);
  return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
};
const verdicts = (report: { findings: { policy: string; enforcementLevel: string; name: string }[] }) => report.findings.map((f) => [f.policy, f.enforcementLevel, f.name]);

const EXPECTED: Record<string, [string, string, string][]> = {
  compliant: [],
  federation: [],
  "denied-by-nacl": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
    ["cls-deny-explicit", "advisory", "edge-av-media-tcp"],
  ],
  "denied-by-network-firewall": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "firewall-bypassed": [
    ["cls-ports-closed", "mandatory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  exposed: [
    ["cls-ports-closed", "mandatory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "exposed-inline": [
    ["cls-ports-closed", "mandatory", "edge-av"],
    ["media-range-inbound-justified", "advisory", "edge-av"],
    ["media-range-inbound-justified", "advisory", "edge-av"],
  ],
};

describe.each(["export", "preview"] as const)("scan of a %s", (kind) => {
  test.each(VARIANTS)("%s", async (variant) => {
    const { code, report, stderr } = await scanJson(docs[variant][kind]);
    expect(stderr).toBe("");
    expect(report.input.kind).toBe({ export: "stack-export", preview: "preview" }[kind]);
    expect(verdicts(report)).toEqual(EXPECTED[variant]);
    expect(code).toBe(EXPECTED[variant].some(([, level]) => level === "mandatory") ? 1 : 0);
  });
});

/**
 * The streaming preview of a first deployment: events carry no property dependencies, and nothing
 * is stored yet to link by id, so no deny, firewall or justification can be credited - and no
 * opening passes: each is reported as cannot verify.
 */
const UNLINKED = ["cls-ports-closed", "media-range-inbound-justified", "media-range-inbound-justified"].map((policy, i) => [policy, "advisory", "unverified", i === 2 ? "edge-av-media-udp" : "edge-av-media-tcp"]);
test.each([
  ["compliant", []],
  ["federation", UNLINKED],
  ["denied-by-nacl", UNLINKED],
  ["denied-by-network-firewall", UNLINKED],
  ["firewall-bypassed", UNLINKED],
  ["exposed", UNLINKED],
])("scan of the event stream of %s's first preview: cannot verify", async (variant, expected) => {
  const { code, report, stderr } = await scanJson(docs[variant].events);
  expect(stderr).toBe("");
  expect(report.input.kind).toBe("preview-events");
  expect(report.findings.map((f: { policy: string; enforcementLevel: string; certainty: string; name: string }) => [f.policy, f.enforcementLevel, f.certainty, f.name])).toEqual(expected);
  expect(code).toBe(0);
});

test("JSON findings carry the policy, level, resource and its cloud, message, and the exposed ports and sources as data", async () => {
  const { report } = await scanJson(docs.exposed.export);
  expect(report.tool).toEqual({ name: "cls-guard", version: require("../../package.json").version });
  expect(report.summary).toEqual({ mandatory: 1, advisory: 2, unverified: 0 });
  expect(report.findings[0]).toMatchObject({
    policy: "cls-ports-closed",
    enforcementLevel: "mandatory",
    certainty: "definite",
    urn: expect.stringMatching(/^urn:pulumi:dev::cls-guard-edge::.*aws:ec2\/securityGroupRule:SecurityGroupRule::edge-av-media-tcp$/),
    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
    name: "edge-av-media-tcp",
    cloud: "aws",
    rule: "rule",
    exposed: [{ protocol: "tcp", from: 50001, to: 50003 }],
    sources: ["0.0.0.0/0"],
    sourcePosition: expect.stringMatching(/^project:\/\/\/stacks\/edge\/index\.ts#\d+,\d+$/),
  });
  expect(report.findings[0].message).toContain("Centralized Logging Service");
});

describe("exit codes", () => {
  test.each([
    ["exposed", "mandatory", 1],
    ["exposed", "never", 0],
    ["denied-by-nacl", "mandatory", 0],
    ["denied-by-nacl", "advisory", 1],
    ["compliant", "advisory", 0],
  ])("%s with --fail-on %s exits %d", async (variant, failOn, expected) => {
    expect((await clsGuard(["scan", docs[variant].export, "--fail-on", failOn, "--quiet"])).code).toBe(expected);
  });
});

describe("formats", () => {
  test("SARIF 2.1.0 validates against the official schema, with stable rule ids and resource locations", async () => {
    const { stdout, code } = await clsGuard(["scan", docs.exposed.export, "--format", "sarif", "--today", TODAY]);
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    expect(log).toBeValidSarifLog();
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    const run = log.runs[0];
    expect(run.tool.driver.informationUri).toBe("https://github.com/cls-guard/cls-guard");
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.name));
    expect(run.tool.driver.rules[0].help.markdown).toContain("ClsAgent.exe");
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["cls-ports-closed", "error"],
      ["media-range-inbound-justified", "warning"],
      ["media-range-inbound-justified", "warning"],
    ]);
    const location = run.results[0].locations[0];
    expect(location.physicalLocation.artifactLocation.uri).toBe("stacks/edge/index.ts");
    expect(location.physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(location.logicalLocations[0].fullyQualifiedName).toMatch(/edge-av-media-tcp$/);
    expect(run.results[0].partialFingerprints["clsGuard/v1"]).toMatch(/^[0-9a-f]{64}$/);
    expect(run.results[0].properties.cloud).toBe("aws");
  });

  test("SARIF rules carry what code scanning ranks and links by, and results name their message", async () => {
    const log = JSON.parse((await clsGuard(["scan", docs.exposed.export, "--format", "sarif", "--today", TODAY])).stdout);
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: Rule) => [r.id, r.properties["security-severity"], r.helpUri])).toEqual([
      ["cls-ports-closed", "8.0", "https://github.com/cls-guard/cls-guard/blob/main/docs/policies/cls-ports-closed.md"],
      ["media-range-inbound-justified", "5.5", "https://github.com/cls-guard/cls-guard/blob/main/docs/policies/media-range-inbound-justified.md"],
      ["justification-valid", "5.5", "https://github.com/cls-guard/cls-guard/blob/main/docs/policies/justification-valid.md"],
      ["cls-deny-explicit", "3.0", "https://github.com/cls-guard/cls-guard/blob/main/docs/policies/cls-deny-explicit.md"],
      ["cls-ports-carved", "8.0", "https://github.com/cls-guard/cls-guard/blob/main/docs/policies/cls-ports-carved.md"],
    ]);
    for (const rule of rules) expect(rule.properties.tags).toEqual(["security"]);
    // SARIF's own formatting of the message string with the result's arguments gives the text.
    for (const result of log.runs[0].results) {
      const template: string = rules.find((r: Rule) => r.id === result.ruleId).messageStrings[result.message.id].text;
      expect(template.replace(/\{(\d+)\}/g, (_, i) => result.message.arguments[Number(i)])).toBe(result.message.text);
    }
    expect(log.runs[0].results.map((r: { message: { id: string } }) => r.message.id)).toEqual(["exposed", "opening", "opening"]);
  });

  test("a finding without a source position is located by its URN alone, not on a file that may not exist", async () => {
    const exported = JSON.parse(fs.readFileSync(docs.exposed.export, "utf8"));
    for (const r of exported.deployment.resources) delete r.sourcePosition;
    const log = JSON.parse((await clsGuard(["scan", write(dir, "no-positions.json", exported), "--format", "sarif"])).stdout);
    expect(log).toBeValidSarifLog();
    expect(log.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: expect.stringMatching(/edge-av-media-tcp$/), kind: "resource" }] }]);
  });

  test("a file with non-ASCII text is read as UTF-8, an ASCII one the same", async () => {
    const text = fs.readFileSync(docs.exposed.export, "utf8");
    const named = async (name: string, content: string) => verdicts((await scanJson(write(dir, name, content))).report).map(([, , n]) => n);
    expect(await named("ascii.json", text)).toEqual(["edge-av-media-tcp", "edge-av-media-tcp", "edge-av-media-udp"]);
    expect(await named("utf8.json", text.replaceAll("edge-av-media-", "edge-av-médias-"))).toEqual(["edge-av-médias-tcp", "edge-av-médias-tcp", "edge-av-médias-udp"]);
  });

  test("SARIF of a clean stack validates too", async () => {
    const { stdout } = await clsGuard(["scan", docs.compliant.export, "--format", "sarif"]);
    expect(JSON.parse(stdout)).toBeValidSarifLog();
    expect(JSON.parse(stdout).runs[0].results).toEqual([]);
  });

  test("Markdown is a pull-request comment: verdict, table, folded messages", async () => {
    const { stdout } = await clsGuard(["scan", docs.exposed.export, "--format", "markdown", "--today", TODAY]);
    expect(stdout).toMatch(/^### cls-guard: :x: \*\*1 blocking\*\*, 2 advisory/);
    expect(stdout).toContain("| level | policy | resource | rule | exposed | from |");
    expect(stdout).toContain("| mandatory | `cls-ports-closed` | `SecurityGroupRule` edge-av-media-tcp | rule | TCP 50001-50003 | 0.0.0.0/0 |");
    expect(stdout).toContain("<details><summary>1. cls-ports-closed: edge-av-media-tcp</summary>");
    expect((await clsGuard(["scan", docs.compliant.export, "--format", "markdown"])).stdout).toContain(":white_check_mark: **nothing blocking**");
  });

  test("text reads like Pulumi's Policies block", async () => {
    const { stdout } = await clsGuard(["scan", docs.exposed.export, "--today", TODAY]);
    expect(stdout).toContain("1 mandatory, 2 advisory");
    expect(stdout).toContain("- [mandatory] cls-ports-closed (SecurityGroupRule: edge-av-media-tcp)");
  });

  test("--output writes the report to a file", async () => {
    const out = `${dir}/report.sarif`;
    const run = await clsGuard(["scan", docs.exposed.export, "--format", "sarif", "--output", out]);
    expect(run.stdout).toBe("");
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toBeValidSarifLog();
  });

  test("standard input", async () => {
    const run = await clsGuard(["scan", "-", "--format", "json"], { stdin: fs.readFileSync(docs.exposed.preview, "utf8") });
    expect(run.code).toBe(1);
    // The root stack, which every preview lists, is a resource too.
    expect(JSON.parse(run.stdout).input).toEqual({ file: "-", kind: "preview", resources: docs.exposed.planned.length + 1 });
  });
});

describe("a large input is judged in a worker thread, with the same result", () => {
  /** The same document, padded with whitespace past the size from which cls-guard starts a worker. */
  const padded = (file: string, name: string) => write(dir, name, fs.readFileSync(file, "utf8") + " ".repeat(LARGE_INPUT_BYTES));
  const sameInput = (report: { input: object }) => ({ ...report, input: { ...report.input, file: "the input" } });

  test("the report, on standard output, and the exit code", async () => {
    const large = padded(docs.exposed.export, "large.json");
    const [small, big] = await Promise.all([scanJson(docs.exposed.export), scanJson(large)]);
    expect(big.code).toBe(1);
    expect(big.stderr).toBe(small.stderr);
    expect(sameInput(big.report)).toEqual(sameInput(small.report));
    const text = await clsGuard(["scan", large, "--today", TODAY]);
    expect(text.stdout).toContain("- [mandatory] cls-ports-closed (SecurityGroupRule: edge-av-media-tcp)");
  });

  test("on a terminal, progress is shown unless --quiet, as in the main thread", async () => {
    const large = padded(docs.compliant.export, "large-clean.json");
    // script(1) gives the command a terminal; the report and the progress line both go to it.
    const onTerminal = (...args: string[]) => execFileSync("script", ["-qec", [process.execPath, shipped("cli/main.js"), "scan", large, ...args].join(" "), "/dev/null"], { encoding: "utf8" });
    const shown = onTerminal();
    expect(shown).toMatch(/cls-guard: parsing .*large-clean\.json.*cls-guard: evaluating \d+ resources/s);
    expect(shown).toContain("No findings.");
    expect(onTerminal("--quiet")).not.toContain("cls-guard: parsing");
  });

  test("an input it cannot read is refused with exit 2 and a one-line reason, as in the main thread", async () => {
    const run = await clsGuard(["scan", write(dir, "large-broken.json", `${" ".repeat(LARGE_INPUT_BYTES)}{"deployment":`)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^cls-guard: .*large-broken\.json is not valid JSON \(is it truncated\?\)[^\n]*\n$/);
  });
});

describe("--config, as for --policy-pack-config", () => {
  test("a level and a setting change the verdict", async () => {
    const config = write(dir, "strict.json", { "media-range-inbound-justified": { enforcementLevel: "mandatory" }, "cls-ports-closed": { trustedCidrs: ["0.0.0.0/0"] } });
    const { report, code } = await scanJson(docs["denied-by-nacl"].export, "--config", config);
    expect(verdicts(report)).toEqual([
      ["media-range-inbound-justified", "mandatory", "edge-av-media-tcp"],
      ["media-range-inbound-justified", "mandatory", "edge-av-media-udp"],
      ["cls-deny-explicit", "advisory", "edge-av-media-tcp"],
    ]);
    expect(code).toBe(1);
  });

  test("all disables every policy", async () => {
    const config = write(dir, "off.json", { all: "disabled" });
    expect((await scanJson(docs.exposed.export, "--config", config)).report.findings).toEqual([]);
  });

  test.each([
    [{ "cls-port-closed": {} }, 'unknown policy "cls-port-closed"'],
    [{ "cls-ports-closed": { enforcementLevel: "blocking" } }, 'the level "blocking"'],
    [{ "cls-ports-closed": { protectedPorts: [{ protocol: "tcp", from: 1 }] } }, "settings of cls-ports-closed are invalid"],
    [[], "--config must hold a JSON object"],
  ])("bad config %j exits 2", async (config, reason) => {
    const run = await clsGuard(["scan", docs.exposed.export, "--config", write(dir, "bad.json", config as object)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("secrets and unknowns", () => {
  const rule = (cidr: unknown) => ({
    urn: "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::edge",
    type: "aws:ec2/securityGroup:SecurityGroup",
    inputs: {},
    outputs: { ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, cidrBlocks: [cidr] }] },
  });
  const sig = "4dabf18193072939515e22adb298388d";
  const secretSig = "1b47061264138c4ac30d75fd1eb44270";

  test.each([
    ["plaintext", { [sig]: secretSig, plaintext: JSON.stringify("203.0.113.77/32") }],
    ["ciphertext", { [sig]: secretSig, ciphertext: "v1:abc:def" }],
    ["masked", "[secret]"],
  ])("a %s secret is shown as [secret], never its value", async (_kind, cidr) => {
    const file = write(dir, "secret.json", { version: 3, deployment: { resources: [rule(cidr)] } });
    const { report, stdout, code } = await scanJson(file);
    expect(stdout).not.toContain("203.0.113.77");
    expect(report.findings[0].sources[0]).toMatch(/\[secret\]/);
    expect(code).toBe(1);
  });

  // A secret list whose plaintext the export holds is read like any list, its values kept secret.
  const secretList = (value: unknown) => ({ [sig]: secretSig, plaintext: JSON.stringify(value) });
  test.each([
    ["source list opening the CLS ports", { ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, cidrBlocks: secretList(["203.0.113.77/32"]) }] }, 1],
    ["source list of private addresses", { ingress: [{ protocol: "tcp", fromPort: 50000, toPort: 59999, cidrBlocks: secretList(["10.0.0.0/8"]) }] }, 0],
    ["ingress list opening the CLS ports", { ingress: secretList([{ protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlocks: ["203.0.113.77/32"] }]) }, 1],
    ["ingress list opening HTTPS only", { ingress: secretList([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["203.0.113.77/32"] }]) }, 0],
  ])("a secret %s is read as it stands, its values never shown", async (_kind, outputs, closedPortFindings) => {
    const file = write(dir, "secret-list.json", { version: 3, deployment: { resources: [{ ...rule(""), outputs }] } });
    const { report, stdout } = await scanJson(file);
    expect(stdout).not.toContain("203.0.113.77");
    const findings: { policy: string; message: string; sources: string[] }[] = report.findings;
    expect(findings.filter((f) => f.policy === "cls-ports-closed")).toHaveLength(closedPortFindings);
    for (const f of findings) expect(f.message).not.toMatch(/unreadable|malformed/);
    for (const f of findings) expect(f.sources).toEqual(["[secret]"]);
  });

  // A rule group the document hides may pass anything: the firewall earns no credit for the group beside it.
  test.each([
    ["masked", "[secret]"],
    ["ciphertext-only", { [sig]: secretSig, ciphertext: "v1:c1ph3rt3xt" }],
  ])("a %s secret rules text earns its firewall no credit, and stays hidden", async (_kind, hidden) => {
    const groups = [res(T.ruleGroup, "sf-hidden", { type: "STATEFUL", capacity: 10, ruleGroup: { rulesSource: { rulesString: hidden } } }), suricata("sf", "drop tcp any any -> any 50001:50003 (sid:1;)")];
    const policy = { statefulRuleGroupReferences: [{ resourceArn: ref("sf-hidden"), priority: 1 }, { resourceArn: ref("sf"), priority: 2 }] };
    const resources = materialise([...edge(), ...firewall(policy, groups)], "update").map((r) => ({ urn: urnOf(r), type: r.type, inputs: {}, outputs: r.props }));
    const { report, stdout, code } = await scanJson(write(dir, "hidden-rules.json", { version: 3, deployment: { resources } }));
    expect(stdout).not.toContain("c1ph3rt3xt");
    const cls = report.findings.filter((f: { policy: string }) => f.policy === "cls-ports-closed");
    expect(cls.map((f: { enforcementLevel: string }) => f.enforcementLevel)).toEqual(["mandatory"]);
    expect(cls[0].message).toContain("ruleGroup.rulesSource.rulesString is [secret], which cannot be read as rules");
    expect(code).toBe(1);
  });

  test("an unknown value is reported as cannot verify, never as safe", async () => {
    const file = write(dir, "unknown.json", { steps: [{ op: "create", urn: rule("").urn, newState: rule("04da6b54-80e4-46f7-96ec-b56ff0331ba9") }], changeSummary: { create: 1 } });
    const { report, code } = await scanJson(file);
    expect(report.findings[0]).toMatchObject({ policy: "cls-ports-closed", enforcementLevel: "advisory", certainty: "unverified" });
    expect(report.findings[0].message).toContain("Cannot verify at preview");
    expect(code).toBe(0);
    expect((await scanJson(file, "--fail-on", "advisory")).code).toBe(1);
  });
});
