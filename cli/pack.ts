import * as fs from "fs";
import * as path from "path";
import { InputError } from "./input";

/**
 * `cls-guard pack <dir>`: a self-contained copy of the ready pack, for `pulumi policy publish`.
 * Publishing uploads the pack's directory alone, and the installed policies/ points its main at
 * ../lib, outside it. The copy carries the compiled pack and core, PulumiPolicy.yaml, and a
 * package.json whose dependencies are the packages that code requires.
 */
const PACKAGE_ROOT = path.join(__dirname, "../..");
/** The command's own packages; the pack and the core need none of them. */
const COMMAND_ONLY = ["commander", "node-sarif-builder"];

interface PackageJson {
  readonly version: string;
  readonly description: string;
  readonly license: string;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
}

function manifest(root: PackageJson): object {
  // @pulumi/pulumi too: the engine starts the pack with the run-policy-pack of the pack's own copy.
  const dependencies = Object.entries({ ...root.dependencies, ...root.peerDependencies }).filter(([name]) => !COMMAND_ONLY.includes(name));
  return {
    name: "cls-guard-policies",
    version: root.version,
    description: root.description,
    license: root.license,
    main: "lib/policies/index.js",
    dependencies: Object.fromEntries(dependencies.sort(([a], [b]) => a.localeCompare(b))),
  };
}

function copyJavaScript(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (source) => fs.statSync(source).isDirectory() || source.endsWith(".js") });
}

/** Writes the pack into `out` (which must not exist or be empty) and returns its absolute path. */
export function writePublishablePack(out: string): string {
  const target = path.resolve(out);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new InputError(`${out} is not empty; give pack a new or empty directory`);
  const root = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as PackageJson;
  try {
    for (const part of ["policies", "src"]) copyJavaScript(path.join(PACKAGE_ROOT, "lib", part), path.join(target, "lib", part));
    fs.copyFileSync(path.join(PACKAGE_ROOT, "policies/PulumiPolicy.yaml"), path.join(target, "PulumiPolicy.yaml"));
    fs.writeFileSync(path.join(target, "package.json"), `${JSON.stringify(manifest(root), null, 2)}\n`);
  } catch (e) {
    throw new InputError(`cannot write the pack to ${out}: ${(e as Error).message}`);
  }
  return target;
}
