import * as fs from "fs";
import * as path from "path";
import { stackExport } from "../../harness/documents";
import { exampleRun, VARIANTS } from "../../harness/example";
import { PACK_DIR } from "../../harness/paths";
import { describeWithPulumi, PulumiHome, PULUMI_CLI_VERSION } from "../support/pulumiCli";

/**
 * The real Pulumi CLI running the pack with `pulumi policy analyze` on exports of every stacks/
 * variant (see test/support/pulumiCli.ts for how the CLI is built and when these tests run).
 */
describeWithPulumi("end-to-end tests")(`pulumi policy analyze (Pulumi CLI v${PULUMI_CLI_VERSION})`, () => {
  const home = new PulumiHome();
  const exports: Record<string, string> = {};
  const pulumi = (args: string[], cwd?: string) => home.run(args, cwd);

  const analyze = (variant: string, config?: object) => {
    const args = ["policy", "analyze", "--file", exports[variant], "--policy-pack", PACK_DIR];
    if (config) args.push("--policy-pack-config", home.write("config.json", config));
    return pulumi(args);
  };

  beforeAll(async () => {
    for (const variant of VARIANTS) exports[variant] = home.write(`${variant}.json`, stackExport(await exampleRun(variant, false, "dev")));
  }, 180_000);

  test.each([
    ["exposed", 1, ["cls-ports-closed", "edge-av-media-tcp", "lets TCP 50001-50003 in from 0.0.0.0/0", "media-range-inbound-justified", "one or more mandatory policy violations were found"]],
    ["denied-by-nacl", 0, ["cls-deny-explicit", 'rule 90 of NACL "edge-public-acl" denies TCP 50001-50003', "netsh int ipv4 add excludedportrange"]],
    ["denied-by-network-firewall", 0, ["media-range-inbound-justified", 'rule sid 1000001 (drop) of rule group "drop-cls-agent" stops TCP 50001-50003']],
    ["firewall-bypassed", 1, ["cls-ports-closed", "edge-av-media-tcp", "lets TCP 50001-50003 in from 0.0.0.0/0", "does not pass through it", "one or more mandatory policy violations were found"]],
    ["federation", 0, []],
    ["compliant", 0, []],
  ] as const)("%s exits %d with the findings a reviewer expects", async (variant, code, fragments) => {
    const run = await analyze(variant);
    expect({ variant, code: run.code }).toEqual({ variant, code });
    for (const f of fragments) expect(run.output).toContain(f);
    if (fragments.length === 0) expect(run.output).not.toMatch(/cls-ports-closed|media-range-inbound-justified|justification-valid|cls-deny-explicit/);
    expect(run.output).not.toMatch(/error: .*(plugin|analyzer)/i);
  }, 120_000);

  test("--policy-pack-config makes media-range-inbound-justified mandatory", async () => {
    const run = await analyze("denied-by-nacl", { "media-range-inbound-justified": { enforcementLevel: "mandatory" } });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/\[mandatory\]\s+media-range-inbound-justified/);
  }, 120_000);

  test("--policy-pack-config adds a protected port", async () => {
    const run = await analyze("compliant", { "cls-ports-closed": { protectedPorts: [{ protocol: "tcp", from: 50001, to: 50003 }, { protocol: "udp", from: 3478, to: 3478 }] } });
    expect(run.code).toBe(1);
    expect(run.output).toContain("lets UDP 3478 in from 0.0.0.0/0");
  }, 120_000);

  test("all: disabled turns every policy off", async () => {
    const run = await analyze("exposed", { all: "disabled" });
    expect(run.code).toBe(0);
  }, 120_000);

  test("a stack imported into a local backend: pulumi login file://, stack init, stack import, policy analyze", async () => {
    const project = path.join(home.dir, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: cls-guard-edge\nruntime: nodejs\n");
    expect((await pulumi(["login", home.env.PULUMI_BACKEND_URL!], project)).code).toBe(0);
    expect((await pulumi(["stack", "init", "dev"], project)).code).toBe(0);
    const imported = await pulumi(["stack", "import", "--file", exports.exposed], project);
    expect(imported.output).not.toContain("error");
    const run = await pulumi(["policy", "analyze", "--stack", "dev", "--policy-pack", PACK_DIR], project);
    expect(run.code).toBe(1);
    expect(run.output).toContain("cls-ports-closed");
  }, 180_000);
});
