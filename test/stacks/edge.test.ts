import { PolicyPackProcess } from "../../harness/engine";
import { runProgram, type RecordedResource } from "../../harness/programRun";

/** The bundled example, run under mocks and checked by the real pack over the engine protocol. */
describe("stacks/edge", () => {
  let pack: PolicyPackProcess;
  beforeAll(async () => {
    pack = await PolicyPackProcess.start();
    await pack.configure();
  });
  afterAll(() => pack?.stop());

  const check = async (resources: RecordedResource[]) => {
    const perResource = await Promise.all(resources.map((r) => pack.analyze({ ...r, props: r.inputs })));
    const stack = await pack.analyzeStack(resources.map((r) => ({ ...r, props: r.outputs })));
    return [...perResource.flat(), ...stack].map((d) => [d.policy, d.level, d.urn.split("::").pop()]);
  };

  const expected = [
    ["cls-ports-closed", "mandatory", "edge-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-media-udp"],
  ];

  test("preview (ids unknown): the TCP media rule is found through its property dependency", async () => {
    const resources = await runProgram("stacks/edge", { preview: true });
    const rule = resources.find((r) => r.name === "edge-media-tcp")!;
    expect(rule.inputs.securityGroupId).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(await check(resources)).toEqual(expected);
  });
});
