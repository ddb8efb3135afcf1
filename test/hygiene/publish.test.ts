import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../../harness/engine";
import { ROOT } from "../../harness/paths";

/** `pulumi policy publish` uploads the pack directory alone; scripts/publish-pack.sh makes one that stands alone. */
test("the publishable pack is self-contained and starts as the engine starts it", async () => {
  const out = path.join(ROOT, ".cache/publish-test/cls-guard");
  execFileSync("bash", [path.join(ROOT, "scripts/publish-pack.sh"), out], { env: { ...process.env, SKIP_BUILD: "1" } });
  const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
  expect(fs.existsSync(path.join(out, pkg.main))).toBe(true);
  expect(fs.readFileSync(path.join(out, "PulumiPolicy.yaml"), "utf8")).toContain("runtime: nodejs");

  // Every package the copied code requires is a declared dependency.
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".js") ? [path.join(dir, e.name)] : []));
  const required = new Set(files(path.join(out, "dist")).flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/require\("([^.][^"]*)"\)/g)].map((m) => m[1].split("/").slice(0, m[1].startsWith("@") ? 2 : 1).join("/"))));
  expect([...required].filter((r) => !["fs", "path", "crypto"].includes(r)).sort()).toEqual(Object.keys(pkg.dependencies).filter((d) => d !== "@pulumi/pulumi").sort());

  const pack = await PolicyPackProcess.start(out);
  try {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("cls-guard");
    expect(info.version).toBe(pkg.version);
  } finally {
    pack.stop();
  }
});
