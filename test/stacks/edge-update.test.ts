import { PolicyPackProcess } from "../../harness/engine";
import { runProgram } from "../../harness/programRun";

describe("stacks/edge after an update (every id known)", () => {
  test("the same verdicts as at preview", async () => {
    const resources = await runProgram("stacks/edge", { preview: false });
    expect(resources.find((r) => r.name === "edge-media-tcp")!.inputs.securityGroupId).toBe("edge-external-id");
    const pack = await PolicyPackProcess.start();
    try {
      await pack.configure();
      const stack = await pack.analyzeStack(resources.map((r) => ({ ...r, props: r.outputs })));
      expect(stack.map((d) => [d.policy, d.level, d.urn.split("::").pop()])).toEqual([
        ["cls-ports-closed", "mandatory", "edge-media-tcp"],
        ["media-range-inbound-justified", "advisory", "edge-media-tcp"],
        ["media-range-inbound-justified", "advisory", "edge-media-udp"],
      ]);
      expect(stack[0].message).toContain("open tcp 50000, 50004-59999 instead");
    } finally {
      pack.stop();
    }
  });
});
