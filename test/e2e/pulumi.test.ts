import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackExport } from "../../harness/documents";
import { exampleRun, VARIANTS } from "../../harness/example";
import { PACK_DIR, ROOT } from "../../harness/paths";

/**
 * The real Pulumi CLI (built from Pulumi's Go modules by scripts/pulumi-cli.sh) running the pack
 * with `pulumi policy analyze` on exports of every stacks/ variant, with a local backend and no
 * Pulumi account. Under CI=true these tests must run; elsewhere, without a built CLI, they are
 * skipped with the command that enables them.
 */
const VERSION = "3.250.0";
const CLI = path.join(ROOT, ".cache/pulumi-cli", `v${VERSION}`);
const PULUMI = path.join(CLI, "bin/pulumi");
const available = fs.existsSync(PULUMI);

if (!available && process.env.CI === "true") {
  throw new Error(`CI must run the end-to-end tests, but ${PULUMI} is missing: .ci/run builds it with scripts/pulumi-cli.sh`);
}
if (!available) {
  process.stdout.write("end-to-end tests skipped: the Pulumi CLI is not built; run `bash scripts/pulumi-cli.sh` (needs Go) to enable them\n");
}

const describeE2e = available ? describe : describe.skip;

interface Run {
  readonly code: number;
  readonly output: string;
}

describeE2e(`pulumi policy analyze (Pulumi CLI v${VERSION})`, () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cls-guard-pulumi-"));
  const exports: Record<string, string> = {};
  const env = {
    ...process.env,
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "throwaway-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_BACKEND_URL: `file://${path.join(home, "backend")}`,
    NO_COLOR: "1",
  };

  const pulumi = (args: string[], cwd = home): Promise<Run> =>
    new Promise((resolve) =>
      execFile(PULUMI, [...args, "--non-interactive"], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
      ),
    );

  const analyze = (variant: string, config?: object) => {
    const args = ["policy", "analyze", "--file", exports[variant], "--policy-pack", PACK_DIR];
    if (config) args.push("--policy-pack-config", write("config.json", config));
    return pulumi(args);
  };

  const write = (name: string, content: object) => {
    const file = path.join(home, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    // The analyzer shim scripts/pulumi-cli.sh writes, where the CLI looks for plugins.
    fs.mkdirSync(path.join(env.PULUMI_HOME, "plugins"), { recursive: true });
    fs.cpSync(path.join(CLI, "plugins"), path.join(env.PULUMI_HOME, "plugins"), { recursive: true });
    fs.mkdirSync(path.join(home, "backend"));
    for (const variant of VARIANTS) exports[variant] = write(`${variant}.json`, stackExport(await exampleRun(variant, false, "dev")));
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
    const project = path.join(home, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: cls-guard-edge\nruntime: nodejs\n");
    expect((await pulumi(["login", env.PULUMI_BACKEND_URL], project)).code).toBe(0);
    expect((await pulumi(["stack", "init", "dev"], project)).code).toBe(0);
    const imported = await pulumi(["stack", "import", "--file", exports.exposed], project);
    expect(imported.output).not.toContain("error");
    const run = await pulumi(["policy", "analyze", "--stack", "dev", "--policy-pack", PACK_DIR], project);
    expect(run.code).toBe(1);
    expect(run.output).toContain("cls-ports-closed");
  }, 180_000);
});
