import { spawnSync } from "child_process";
import * as path from "path";

/**
 * `npm run fuzz -- [runs] [seed]`: the oracle agreement properties with as many cases as asked
 * (default 20000) under a fresh seed, printed so that a failure can be replayed with FC_SEED.
 */
const runs = process.argv[2] ?? "20000";
const seed = process.argv[3] ?? String(Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`fuzz: ${runs} cases per property, seed ${seed} (replay: FC_SEED=${seed} FC_RUNS=${runs} npx jest test/oracle)\n`);
const jest = path.join(__dirname, "../../node_modules/jest/bin/jest.js");
const result = spawnSync(process.execPath, [jest, "test/oracle", "--testTimeout", String(24 * 3600 * 1000)], {
  stdio: "inherit",
  env: { ...process.env, FC_RUNS: runs, FC_SEED: seed },
  cwd: path.join(__dirname, "../.."),
});
process.exit(result.status ?? 1);
