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
/** Compiled harness and tests (tsconfig.json): child processes run the harness's JavaScript. */
export const DIST = path.join(ROOT, "dist");
/** Compiled package (tsconfig.build.json): the pack and the command run from what ships. */
export const LIB = path.join(ROOT, "lib");

function built(dir: string, relative: string): string {
  const file = path.join(dir, relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}

export const compiled = (relative: string): string => built(DIST, relative);
export const shipped = (relative: string): string => built(LIB, relative);
