import * as fs from "fs";
import * as path from "path";

/** The checkout: the nearest folder up that holds the pack (code here runs from harness/ under ts-jest and from dist/harness/). */
function checkoutRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "policies", "PulumiPolicy.yaml"))) return dir;
  }
  throw new Error(`no policies/PulumiPolicy.yaml above ${from}`);
}

export const ROOT = checkoutRoot(__dirname);
export const PACK_DIR = path.join(ROOT, "policies");
/** Compiled output: the engine runs the pack's JavaScript, and child processes run the harness's. */
export const DIST = path.join(ROOT, "dist");

export function compiled(relative: string): string {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}
