import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess, type WireDiagnostic } from "../../harness/engine";
import { SG } from "../support/fixtures";
import { toEngine, type TestResource } from "../support/harness";

/**
 * Hostile and malformed resources, sent to the real pack over the engine protocol (Analyze and
 * AnalyzeStack). For every one the pack must answer - no gRPC error, no hang - err on the side
 * of "open", and say what was wrong with the input. The corpus is data: test/corpus/hostile.json.
 */
interface Case {
  readonly name: string;
  readonly ingress: unknown;
  readonly tags?: unknown;
  readonly expect: "open" | "unverified" | "closed";
  readonly mentions?: string;
}

// JSON.parse keeps "__proto__" as an own key, as the engine's Struct would carry it.
const CORPUS: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, "hostile.json"), "utf8"));

/** Expands the corpus' generators: a repeated string, a many-rule group, a deep nest. */
function expand(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith("REPEAT:")) {
    const [, text, count] = value.split(":");
    return text.repeat(Number(count));
  }
  if (value === "REPEAT-RULES:10000") {
    return Array.from({ length: 10_000 }, (_, i) => ({ protocol: "tcp", fromPort: 45000 + i, toPort: 45000 + i, cidrBlocks: ["0.0.0.0/0"] }));
  }
  if (typeof value === "string" && value.startsWith("NEST:")) {
    let nested: unknown = "bottom";
    for (let i = 0; i < Number(value.slice(5)); i++) nested = { inner: nested };
    return nested;
  }
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  return value;
}

function resource(c: Case): TestResource {
  return { type: SG, name: "edge", props: { ingress: expand(c.ingress), ...(c.tags === undefined ? {} : { tags: c.tags }) } };
}

describe("hostile corpus through the engine protocol", () => {
  let pack: PolicyPackProcess;
  const outcomes: string[] = [];
  beforeAll(async () => {
    pack = await PolicyPackProcess.start();
    await pack.configure();
  });
  afterAll(() => {
    pack?.stop();
    process.stdout.write(`hostile corpus: ${CORPUS.length} cases; ${outcomes.filter((o) => o === "open").length} open, ${outcomes.filter((o) => o === "unverified").length} cannot verify, ${outcomes.filter((o) => o === "closed").length} closed; no crash, no hang\n`);
  });

  test.each(CORPUS.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const [engineResource] = toEngine([resource(c)]);
    const perResource = await pack.analyze(engineResource);
    const stack: WireDiagnostic[] = await pack.analyzeStack([engineResource]);
    const cls = stack.filter((d) => d.policy === "cls-ports-closed");
    const outcome = cls.length === 0 ? "closed" : cls.every((d) => d.level === "advisory") ? "unverified" : "open";
    outcomes.push(outcome);
    expect(outcome).toBe(c.expect);
    if (c.mentions) expect(cls.map((d) => d.message).join("\n")).toContain(c.mentions);
    for (const d of [...perResource, ...stack]) expect(d.message).not.toMatch(/Error validating|policy threw|TypeError|RangeError/);
  }, 120_000);
});
