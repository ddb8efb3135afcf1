import { execFileSync } from "child_process";
import * as path from "path";
import { ROOT } from "../../harness/paths";

/**
 * cls-guard as npm publishes it: the tarball of what `npm test` built (--ignore-scripts: prepare
 * would rebuild lib/ under the other tests' feet). Installs of it run offline, from the cache that
 * scripts/consumer-cache.sh fills.
 */
export function packTarball(destination: string): string {
  const name = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", destination], { cwd: ROOT, encoding: "utf8" }).trim();
  return path.join(destination, name);
}

export const OFFLINE_INSTALL_HINT = "fill npm's cache with `bash scripts/consumer-cache.sh`";
