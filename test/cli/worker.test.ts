import * as fs from "fs";
import { LARGE_INPUT_BYTES, wantsWorker } from "../../cli/worker";
import { scratchDir } from "../support/scratch";

/** Which inputs `cls-guard` judges in a worker thread: large files, never standard input. */
const dir = scratchDir("cli");
/** A sparse file of the given size: only its size matters here. */
const sized = (name: string, bytes: number) => {
  const file = `${dir}/${name}`;
  fs.writeFileSync(file, "");
  fs.truncateSync(file, bytes);
  return file;
};

test.each([
  ["a small file", () => [sized("small.json", 1024)], false],
  ["a file of the threshold's size", () => [sized("large.json", LARGE_INPUT_BYTES)], true],
  ["two files that reach it together (review --before --after)", () => [sized("half-a.json", LARGE_INPUT_BYTES / 2), sized("half-b.json", LARGE_INPUT_BYTES / 2)], true],
  ["a large file and an option left out", () => [sized("large.json", LARGE_INPUT_BYTES), undefined], true],
  ["standard input, which only the main thread can read", () => [sized("large.json", LARGE_INPUT_BYTES), "-"], false],
  ["a missing file, which the command reports in its own thread", () => [`${dir}/missing.json`], false],
])("%s", (_, files, expected) => {
  expect(wantsWorker(files())).toBe(expected);
});
