import { spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { stackExport } from "../../harness/documents";
import { PolicyPackProcess } from "../../harness/engine";
import { exampleRun } from "../../harness/example";
import { ROOT } from "../../harness/paths";
import { RULES } from "../../policies/rules";
import { OFFLINE_INSTALL_HINT, packTarball } from "../support/npmPack";
import { describeWithPulumi, PulumiHome } from "../support/pulumiCli";
import PEERS from "./peers.json";
import { scratchDir } from "../support/scratch";

/**
 * cls-guard as a user gets it: `npm pack`, then an offline install of the tarball into a fresh
 * project beside each peer set of peers.json (the lowest versions package.json claims, and a
 * recent one). scripts/consumer-cache.sh, which .ci/run runs, fills npm's cache for it.
 */
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const POLICY_NAMES = RULES.map((r) => r.name);
const work = scratchDir("consumer");

function run(command: string, args: readonly string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000 });
}

function install(project: string, tarball: string, peers: readonly string[]): void {
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  const npm = run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...peers], project);
  if (npm.status !== 0) throw new Error(`offline install failed (${OFFLINE_INSTALL_HINT}): ${npm.stderr}`);
}

/** A team's own pack, as `pulumi policy new` lays it out: cls-guard's policies and one of its own. */
const OWN_PACK = `import { PolicyPack } from "@pulumi/policy";
import { clsGuardPolicies, clsPortsClosed, type Settings } from "cls-guard";

const settings: Partial<Settings> = { trustedCidrs: ["198.51.100.0/24"] };

new PolicyPack("acme-edge", {
  policies: [
    ...clsGuardPolicies({ settings }),
    {
      name: "acme-tagged",
      description: \`Every resource carries tags (checked beside \${clsPortsClosed.name}).\`,
      enforcementLevel: "advisory",
      validateResource: (args, reportViolation) => {
        if (args.props.tags === undefined) reportViolation("untagged");
      },
    },
  ],
});
`;

/** The compiler options of Pulumi's TypeScript policy template; skipLibCheck varies per test. */
function tsconfig(skipLibCheck: boolean): object {
  const compilerOptions = { strict: true, outDir: "bin", target: "es2016", module: "commonjs", moduleResolution: "node", experimentalDecorators: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true, skipLibCheck };
  return { compilerOptions, files: ["index.ts"] };
}

function writeOwnPack(dir: string): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "index.ts"), OWN_PACK);
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "acme-edge", version: "1.2.3", main: "bin/index.js" }));
}

function compile(dir: string, skipLibCheck: boolean) {
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig(skipLibCheck)));
  return run(process.execPath, [TSC, "-p", ".", "--pretty", "false"], dir);
}

/** The packages (not Node's own modules) that the JavaScript under a folder requires. */
function packagesRequiredUnder(dir: string): string[] {
  const files = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : e.name.endsWith(".js") ? [path.join(d, e.name)] : []));
  const specifiers = files(dir).flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/require\("([^."][^"]*)"\)/g)].map((m) => m[1]));
  const names = specifiers.filter((s) => !builtinModules.includes(s)).map((s) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/"));
  return [...new Set(names)].sort();
}

let tarball: string;
let exposedExport: string;

beforeAll(async () => {
  tarball = packTarball(work);
  exposedExport = path.join(work, "exposed.json");
  fs.writeFileSync(exposedExport, JSON.stringify(stackExport(await exampleRun("exposed", false, "dev"))));
}, 120_000);

test("the tarball holds the compiled library, the command, the pack folder, README and LICENSE, and nothing else", () => {
  const listing = run("tar", ["-tzf", tarball], work).stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  expect(listing.filter((f) => !/^lib\/.*\.(js|d\.ts)$/.test(f)).sort()).toEqual(["LICENSE", "README.md", "package.json", "policies/PulumiPolicy.yaml", "policies/package.json"]);
  expect(listing).toEqual(expect.arrayContaining(["lib/index.js", "lib/index.d.ts", "lib/cli/main.js", "lib/policies/index.js"]));
});

// This machine's npm configuration warns about a setting of its own ("Unknown env config"), not about the package.
test("npm publish --dry-run is clean: nothing for npm to correct or warn about but the missing login", () => {
  const publish = run("npm", ["publish", "--dry-run", "--ignore-scripts"], ROOT);
  const warnings = publish.stderr.split("\n").filter((line) => /npm warn/.test(line) && !/Unknown \w+ config|requires you to be logged in/.test(line));
  expect(warnings).toEqual([]);
  expect(publish.status).toBe(0);
});

describe.each(Object.entries(PEERS).filter(([k]) => k !== "//") as [string, string[]][])("installed beside the %s peers", (_, peers) => {
  const project = path.join(work, peers.join("+").replace(/[@/]/g, "_"));
  const ownPack = path.join(project, "acme-edge");

  beforeAll(() => {
    install(project, tarball, peers);
    writeOwnPack(ownPack);
  }, 180_000);

  test("the peers are the versions asked for", () => {
    for (const spec of peers) {
      const [name, version] = [spec.slice(0, spec.lastIndexOf("@")), spec.slice(spec.lastIndexOf("@") + 1)];
      // @pulumi/policy writes its version with a leading "v".
      expect([name, JSON.parse(fs.readFileSync(path.join(project, "node_modules", name, "package.json"), "utf8")).version.replace(/^v/, "")]).toEqual([name, version]);
    }
  });

  test("the cls-guard command runs and blocks the exposed example", () => {
    const scan = run(path.join(project, "node_modules/.bin/cls-guard"), ["scan", exposedExport, "--format", "json", "--quiet"], project);
    expect(scan.status).toBe(1);
    expect(JSON.parse(scan.stdout).findings.map((f: { policy: string }) => f.policy)).toContain("cls-ports-closed");
  });

  test("importing the library starts no server and returns every policy", () => {
    const lib = run(process.execPath, ["-e", 'console.log(JSON.stringify(require("cls-guard").clsGuardPolicies().map((p) => p.name)))'], project);
    expect(lib.status).toBe(0);
    expect(JSON.parse(lib.stdout)).toEqual(POLICY_NAMES);
    const packFolder = run(process.execPath, ["-e", 'require("cls-guard/policies")'], project);
    expect(packFolder.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  test("a TypeScript pack that imports the library compiles with plain tsc under Pulumi's template settings", () => {
    const tsc = compile(ownPack, true);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  test("cls-guard's declarations type-check even without skipLibCheck", () => {
    const ours = compile(ownPack, false).stdout.split("\n").filter((line) => line.includes("node_modules/cls-guard/"));
    expect(ours).toEqual([]);
  });

  test("the team's pack, started as the engine starts packs, offers cls-guard's policies and its own", async () => {
    expect(fs.existsSync(path.join(ownPack, "bin/index.js"))).toBe(true);
    const pack = await PolicyPackProcess.start(ownPack);
    try {
      const info = await pack.getAnalyzerInfo();
      expect({ name: info.name, version: info.version }).toEqual({ name: "acme-edge", version: "1.2.3" });
      expect(info.policies.map((p) => p.name)).toEqual([...POLICY_NAMES, "acme-tagged"]);
      expect(info.policies.find((p) => p.name === "cls-ports-closed")?.defaults.trustedCidrs).toEqual(["198.51.100.0/24"]);
    } finally {
      pack.stop();
    }
  });

  test("`cls-guard pack` writes a pack that stands alone for `pulumi policy publish`, and refuses a used directory", async () => {
    const out = path.join(project, "published");
    const cli = path.join(project, "node_modules/.bin/cls-guard");
    expect(run(cli, ["pack", out], project).status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
    expect(fs.readFileSync(path.join(out, "PulumiPolicy.yaml"), "utf8")).toContain("runtime: nodejs");
    expect(packagesRequiredUnder(path.join(out, "lib")).every((name) => name in manifest.dependencies)).toBe(true);

    const pack = await PolicyPackProcess.start(out);
    try {
      expect(await pack.getAnalyzerInfo()).toMatchObject({ name: "cls-guard", version: manifest.version });
    } finally {
      pack.stop();
    }
    const again = run(cli, ["pack", out], project);
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 2, stderr: `cls-guard: ${out} is not empty; give pack a new or empty directory\n` });
  });

  describeWithPulumi("the installed pack under the Pulumi CLI")("the installed policies/ folder", () => {
    const home = new PulumiHome();
    test("passes pulumi policy analyze, and blocks the exposed example", async () => {
      const analyze = await home.run(["policy", "analyze", "--file", exposedExport, "--policy-pack", path.join(project, "node_modules/cls-guard/policies")]);
      expect(analyze.output).toContain("cls-ports-closed");
      expect(analyze.output).not.toMatch(/error: .*(plugin|analyzer)/i);
      expect(analyze.code).toBe(1);
    }, 120_000);
  });
});
