import * as fs from "fs";
import * as path from "path";
import { HOMEPAGE } from "../../src/policy";

/**
 * What the pack and the command may not do: evaluate code, start processes or open connections.
 * (The harness and tests start processes on purpose; they ship in no package a user runs.) One
 * exception: src/worker.ts runs, in a worker thread with a larger young generation, the command's
 * own main.js (for large inputs) and the pack's own serve.js (the policy server).
 */
const SHIPPED = ["src", "policies", "cli"];
const WORKER_HOST = path.join("src", "worker.ts");
const imports = (modules: string) => [new RegExp(`from\\s+"(node:)?(${modules})"`), new RegExp(`require\\(\\s*"(node:)?(${modules})"\\s*\\)`)];
const FORBIDDEN: [RegExp, string][] = [
  [/\beval\s*\(/, "eval"],
  [/\bnew\s+Function\s*\(/, "new Function"],
  ...imports("child_process|net|http|https|http2|dgram|tls|dns|vm").map((p): [RegExp, string] => [p, "a process, network or VM module"]),
  [/\bfetch\s*\(/, "fetch"],
];
const THREADS: [RegExp, string][] = [[/\bnew\s+Worker\s*\(/, "a worker thread"]];

test.each(SHIPPED.flatMap(files).map((f) => [f]))("%s has no eval, shell or network", (file) => {
  const text = fs.readFileSync(file, "utf8");
  const forbidden = file === WORKER_HOST ? FORBIDDEN : [...FORBIDDEN, ...THREADS];
  for (const [pattern, what] of forbidden) expect({ file, uses: pattern.test(text) ? what : "nothing forbidden" }).toEqual({ file, uses: "nothing forbidden" });
});

test("worker threads run the command's own main.js and the pack's own serve.js, never code given as a string", () => {
  const host = fs.readFileSync(WORKER_HOST, "utf8");
  expect(host.split("new Worker(").slice(1).map((call) => call.slice(0, call.indexOf(",")))).toEqual(["file"]);
  expect(host).not.toMatch(/\beval\s*:/);
  const callers = SHIPPED.flatMap(files).filter((f) => f !== WORKER_HOST);
  const started = callers.flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/\b(?:runInWorker|handOverToWorker)\((path\.join\([^)]*\)|[^,)]*)/g)].map((m) => [f, m[1]]));
  expect(started.sort()).toEqual([
    [path.join("cli", "worker.ts"), 'path.join(__dirname, "main.js")'],
    [path.join("policies", "index.ts"), 'path.join(__dirname, "serve.js")'],
  ]);
});

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

test("the lockfile is committed and matches package.json", () => {
  const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
  expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
  expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
  expect(lock.packages[""].peerDependencies).toEqual(pkg.peerDependencies);
});

/**
 * A library takes caret ranges, so that npm shares one copy with the user's project (the lockfile
 * pins them here); the tools that build and test it are pinned exactly.
 */
test("runtime and peer dependencies take caret ranges, development ones exact versions", () => {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) expect([name, range]).toEqual([name, expect.stringMatching(/^\^\d+\.\d+\.\d+$/)]);
  for (const [name, version] of Object.entries(pkg.devDependencies)) expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+(-[\w.]+)?$/)]);
  expect(Object.keys(pkg.dependencies)).not.toContain("@pulumi/aws");
});

test("package.json's homepage is the one the policies' docs links and SARIF name", () => {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  expect(pkg.homepage).toBe(`${HOMEPAGE}#readme`);
});

/**
 * Readers -> paths -> verdicts: folders of src/ import downward only, and the verdict code knows no
 * resource reader (it judges paths). Each row: a folder, and the folders of src/ it may import.
 */
const LAYERS: [string, string[]][] = [
  ["src/model", ["src/model", "src/cached.ts"]],
  ["src/shapes", ["src/model", "src/shapes", "src/cached.ts"]],
  ["src/network", ["src/model", "src/shapes", "src/network", "src/cached.ts"]],
  ["src/verdict", ["src/model", "src/network/paths.ts", "src/network/openings.ts", "src/shapes/resource.ts", "src/verdict", "src/cached.ts", "src/policy.ts", "src/settings.ts"]],
  ["src/remediation", ["src/model", "src/shapes", "src/verdict/assessment.ts", "src/remediation"]],
];

test.each(LAYERS)("%s imports only from the layers below it", (folder, allowed) => {
  const imports = files(folder).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)].map((m) => path.relative(".", path.resolve(path.dirname(file), m[1]))).map((target) => ({ file, target })),
  );
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter(({ target }) => !allowed.some((a) => target === a.replace(/\.ts$/, "") || target.startsWith(`${a}/`)))).toEqual([]);
});
