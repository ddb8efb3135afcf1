import { PolicyPackProcess, type EngineResource } from "../../harness/engine";
import { exampleRun } from "../../harness/example";
import type { RecordedResource } from "../../harness/programRun";

/**
 * cls-ports-carved as the engine runs it: the real pack process, the level set through Configure,
 * Remediate before Analyze, and the stack checked afterwards with the remediated props - on the
 * stacks/edge examples as the AWS provider writes their state: `exposed-inline` opens the media
 * range in the A/V group's ingress, which the remediation carves; `exposed` opens it with standalone
 * rules, which it cannot split.
 */
const outputsOf = (r: RecordedResource): EngineResource => ({ ...r, props: r.outputs });

describe("cls-ports-carved over the engine protocol", () => {
  let pack: PolicyPackProcess;
  let exposed: RecordedResource[];
  let inline: EngineResource[];
  const group = (resources: readonly EngineResource[]) => resources.find((r) => r.name === "edge-av")!;

  beforeAll(async () => {
    let inlineRun: RecordedResource[];
    [pack, exposed, inlineRun] = await Promise.all([PolicyPackProcess.start(), exampleRun("exposed", false), exampleRun("exposed-inline", false)]);
    inline = inlineRun.map(outputsOf);
  });
  afterAll(() => pack?.stop());

  test("it is in the pack, disabled by default: Remediate changes nothing", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.policies.find((p) => p.name === "cls-ports-carved")?.level).toBe("disabled");
    await pack.configure();
    expect(await pack.remediate(group(inline))).toEqual([]);
  });

  test("remediate: the rewritten A/V group passes cls-ports-closed, and cls-ports-carved has nothing left to say", async () => {
    await pack.configure({ "cls-ports-carved": { enforcementLevel: "remediate" } });
    const before = inline;
    const closed = (diagnostics: { policy: string; level: string; urn: string }[]) => diagnostics.filter((d) => d.policy === "cls-ports-closed").map((d) => [d.level, d.urn]);
    expect(closed(await pack.analyzeStack(before))).toEqual([["mandatory", group(before).urn]]);

    const [remediation, ...others] = await pack.remediate(group(before));
    expect(others).toEqual([]);
    expect(remediation).toMatchObject({ policy: "cls-ports-carved", diagnostic: "" });
    const ingress = remediation.props?.ingress as Record<string, unknown>[];
    const written = { ipv6CidrBlocks: [], prefixListIds: [], securityGroups: [], self: false, cidrBlocks: ["0.0.0.0/0"] };
    expect(ingress.map((i) => [i.protocol, i.fromPort, i.toPort, i.description])).toEqual([
      ["tcp", 443, 443, "TURN/TCP"],
      ["udp", 3478, 3478, "STUN/TURN/UDP"],
      ["tcp", 50000, 50000, "A/V media range, inbound"],
      ["tcp", 50004, 59999, "A/V media range, inbound"],
      ["udp", 50000, 59999, "A/V media range, inbound"],
    ]);
    for (const rule of ingress) expect(rule).toMatchObject(written);
    expect({ ...remediation.props, ingress: undefined }).toEqual({ ...group(before).props, ingress: undefined });

    const after = before.map((r) => (r === group(before) ? { ...r, props: remediation.props! } : r));
    expect(closed(await pack.analyzeStack(after))).toEqual([]);
    expect(await pack.analyze(group(after))).toEqual([]);
  });

  test("remediate: the example's standalone rule is not rewritten; Analyze says so, with the carve advice", async () => {
    await pack.configure({ "cls-ports-carved": { enforcementLevel: "remediate" } });
    const rule = exposed.find((r) => r.name === "edge-av-media-tcp")!;
    expect(await pack.remediate({ ...rule, props: rule.inputs })).toEqual([]);
    const diagnostics = (await pack.analyze({ ...rule, props: rule.inputs })).filter((d) => d.policy === "cls-ports-carved");
    expect(diagnostics.map((d) => d.level)).toEqual(["mandatory"]);
    expect(diagnostics[0].message).toContain("a standalone rule is one resource with one port range");
    expect(diagnostics[0].message).toContain("Carve it by hand: open tcp 50000, 50004-59999 instead");
  });

  test("advisory: Remediate changes nothing, and Analyze reports what it would change", async () => {
    await pack.configure({ "cls-ports-carved": { enforcementLevel: "advisory" } });
    const av = group(inline);
    expect(await pack.remediate(av)).toEqual([]);
    const diagnostics = (await pack.analyze(av)).filter((d) => d.policy === "cls-ports-carved");
    expect(diagnostics.map((d) => d.level)).toEqual(["advisory"]);
    expect(diagnostics[0].message).toContain('SecurityGroup "edge-av" ingress[2] (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0.');
    expect(diagnostics[0].message).toContain("rewrites it as: tcp 50000 from 0.0.0.0/0; tcp 50004-59999 from 0.0.0.0/0.");
  });
});
