import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Temporary folders that live as long as the test file that made them. Some hold an installed
 * cls-guard (hundreds of MB), so leaving them behind fills a CI machine's disk run after run.
 */
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cls-guard-${prefix}-`));
  made.push(dir);
  return dir;
}
