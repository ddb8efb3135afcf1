import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../../harness/paths";
import { scratchDir } from "./scratch";

/**
 * The real Pulumi CLI (built from Pulumi's Go modules by scripts/pulumi-cli.sh), with a local
 * backend and no Pulumi account. Under CI=true the tests that use it must run; elsewhere, without
 * a built CLI, they are skipped with the command that enables them.
 */
export const PULUMI_CLI_VERSION = "3.250.0";
const CLI = path.join(ROOT, ".cache/pulumi-cli", `v${PULUMI_CLI_VERSION}`);
const PULUMI = path.join(CLI, "bin/pulumi");
const available = fs.existsSync(PULUMI);

if (!available && process.env.CI === "true") {
  throw new Error(`CI must run the tests of the Pulumi CLI, but ${PULUMI} is missing: .ci/run builds it with scripts/pulumi-cli.sh`);
}

/** `describe` where the CLI is built; elsewhere `describe.skip`, saying how to enable it. */
export function describeWithPulumi(what: string): jest.Describe {
  if (!available) process.stdout.write(`${what}: skipped, the Pulumi CLI is not built; run \`bash scripts/pulumi-cli.sh\` (needs Go) to enable them\n`);
  return available ? describe : describe.skip;
}

export interface PulumiRun {
  readonly code: number;
  readonly output: string;
}

/** A home of its own (plugins, a file:// backend) per test file; run() runs the CLI in it. */
export class PulumiHome {
  readonly dir = scratchDir("pulumi");
  readonly env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_HOME: path.join(this.dir, "pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "throwaway-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_BACKEND_URL: `file://${path.join(this.dir, "backend")}`,
    NO_COLOR: "1",
  };

  constructor() {
    // The analyzer shim scripts/pulumi-cli.sh writes, where the CLI looks for plugins.
    fs.mkdirSync(path.join(this.env.PULUMI_HOME!, "plugins"), { recursive: true });
    if (available) fs.cpSync(path.join(CLI, "plugins"), path.join(this.env.PULUMI_HOME!, "plugins"), { recursive: true });
    fs.mkdirSync(path.join(this.dir, "backend"));
  }

  run(args: readonly string[], cwd = this.dir): Promise<PulumiRun> {
    return new Promise((resolve) =>
      execFile(PULUMI, [...args, "--non-interactive"], { cwd, env: this.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
      ),
    );
  }

  /** Writes a JSON document into the home, under a name of its own. */
  write(name: string, content: object): string {
    const file = path.join(this.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  }
}
