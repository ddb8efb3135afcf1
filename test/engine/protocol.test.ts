import * as fs from "fs";
import * as path from "path";
import { EDGE_SAFE, justified, MEDIA_RANGE_TCP, sg, sgRule, tcp, udp, UNKNOWN } from "../support/fixtures";
import { toEngine, urnOf, type TestResource } from "../support/harness";
import { materialise } from "../support/network";
import { azureEdge, DENY_CLS, MEDIA as NSG_MEDIA, NIC_NSG } from "../support/azure";
import { firewall, gcpEdge, CLS as GCP_CLS } from "../support/gcp";
import { PolicyPackProcess } from "../../harness/engine";
import { DIST, shipped } from "../../harness/paths";

/**
 * The pack as `pulumi preview --policy-pack policies` runs it: a separate process started the way
 * the engine starts it, spoken to over the engine's own gRPC protocol.
 */
describe("the pack over the engine protocol", () => {
  let pack: PolicyPackProcess;
  const exposed = sg("edge-av", [...EDGE_SAFE, MEDIA_RANGE_TCP]);
  const clean = sg("edge-access", EDGE_SAFE);

  beforeAll(async () => {
    pack = await PolicyPackProcess.start();
  });
  afterAll(() => pack?.stop());

  test("GetAnalyzerInfo names the pack, its version and its policies with their levels", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("cls-guard");
    expect(info.version).toBe(require("../../package.json").version);
    expect(info.policies.map((p) => [p.name, p.level])).toEqual([
      ["cls-ports-closed", "mandatory"],
      ["media-range-inbound-justified", "advisory"],
      ["justification-valid", "mandatory"],
      ["cls-deny-explicit", "advisory"],
      ["cls-ports-carved", "disabled"],
    ]);
    expect(info.policies[0].defaults.protectedPorts).toEqual([{ protocol: "tcp", from: 50001, to: 50003 }]);
  });

  test("AnalyzeStack: MANDATORY for the exposing group, nothing for the clean one", async () => {
    await pack.configure();
    const diagnostics = await pack.analyzeStack(toEngine([exposed, clean]));
    const mandatory = diagnostics.filter((d) => d.level === "mandatory");
    expect(mandatory).toHaveLength(1);
    expect(mandatory[0]).toMatchObject({ policy: "cls-ports-closed", urn: urnOf(exposed) });
    expect(mandatory[0].message).toContain("TCP 50001-50003");
    expect(diagnostics.filter((d) => d.urn === urnOf(clean))).toEqual([]);
    expect(diagnostics.filter((d) => d.level === "advisory").map((d) => d.policy)).toEqual(["media-range-inbound-justified"]);
  });

  test("Analyze: a broken justification is MANDATORY per resource; a clean group gets nothing", async () => {
    await pack.configure();
    const broken = sg("edge-av", [MEDIA_RANGE_TCP], justified({ "cls-guard:approved-by": "" }));
    const diagnostics = await pack.analyze(toEngine([broken])[0]);
    expect(diagnostics.map((d) => [d.policy, d.level])).toEqual([["justification-valid", "mandatory"]]);
    expect(diagnostics[0].message).toContain("has no approver");
    expect(await pack.analyze(toEngine([clean])[0])).toEqual([]);
  });

  test("Configure applies levels and settings, as --policy-pack-config does", async () => {
    await pack.configure({
      "media-range-inbound-justified": { enforcementLevel: "mandatory" },
      "cls-ports-closed": { protectedPorts: [{ protocol: "tcp", from: 50001, to: 50003 }, { protocol: "udp", from: 1812, to: 1812 }] },
    });
    const radius = sg("radius", [udp(1812, 1812)]);
    const diagnostics = await pack.analyzeStack(toEngine([exposed, radius]));
    expect(diagnostics.map((d) => [d.policy, d.level, d.urn])).toEqual([
      ["cls-ports-closed", "mandatory", urnOf(exposed)],
      ["cls-ports-closed", "mandatory", urnOf(radius)],
      ["media-range-inbound-justified", "mandatory", urnOf(exposed)],
    ]);
  });

  test("`all` disables every policy", async () => {
    await pack.configure({ all: { enforcementLevel: "disabled" } });
    expect(await pack.analyzeStack(toEngine([exposed]))).toEqual([]);
  });

  test("preview unknowns: an advisory that says what cannot be verified, never a pass or a crash", async () => {
    await pack.configure();
    const diagnostics = await pack.analyzeStack(toEngine([sg("edge-av", [tcp(50000, 59999, { cidrBlocks: UNKNOWN })])]));
    const cls = diagnostics.find((d) => d.policy === "cls-ports-closed");
    expect(cls?.level).toBe("advisory");
    expect(cls?.message).toContain("during preview");
    expect(cls?.message).toContain("ingress[0].cidrBlocks is not known until the resources it depends on exist");
  });

  test("a standalone rule finds its group through propertyDependencies when the id is unknown, and fails closed without them", async () => {
    await pack.configure();
    const group = sg("edge-av", [], justified());
    const rule = { ...sgRule("media", tcp(50000, 59999), "edge-av"), props: { type: "ingress", securityGroupId: UNKNOWN, ...tcp(50000, 59999) } };
    expect(await pack.analyzeStack(toEngine([group, rule]))).toEqual([]);
    const unlinked = await pack.analyzeStack(toEngine([group, { ...rule, propertyDependencies: undefined }]));
    const cls = unlinked.find((d) => d.policy === "cls-ports-closed");
    expect(cls?.level).toBe("mandatory");
    expect(cls?.message).toContain("securityGroupId is unknown at preview and no property dependency names the group");
  });

  /** Each cloud's exposed Edge, and the same Edge with the cloud's own deny of the CLS ports: the resource to blame, or nothing. */
  const clouds: [string, TestResource[], TestResource[], string][] = [
    ["Azure (azure-native)", azureEdge("native", { nicRules: [NSG_MEDIA] }), azureEdge("native", { nicRules: [DENY_CLS, NSG_MEDIA] }), NIC_NSG],
    ["Azure (classic)", azureEdge("classic", { nicRules: [NSG_MEDIA] }), azureEdge("classic", { nicRules: [DENY_CLS, NSG_MEDIA] }), NIC_NSG],
    ["Google Cloud", gcpEdge(), [...gcpEdge(), firewall("deny-cls", { denies: GCP_CLS, sourceRanges: ["0.0.0.0/0"], priority: 900 })], "edge-media"],
  ];

  describe.each(["update", "preview"] as const)("AnalyzeStack on every cloud (%s)", (mode) => {
    test.each(clouds)("%s: MANDATORY on the opening; nothing once the cloud's own deny comes first", async (_cloud, exposedEdge, deniedEdge, blamed) => {
      await pack.configure();
      const exposedRun = materialise(exposedEdge, mode);
      const cls = (await pack.analyzeStack(toEngine(exposedRun))).filter((d) => d.policy === "cls-ports-closed");
      expect(cls.map((d) => [d.level, d.urn])).toEqual([["mandatory", urnOf(exposedRun.find((r) => r.name === blamed)!)]]);
      expect(cls[0].message).toContain("TCP 50001-50003");
      expect((await pack.analyzeStack(toEngine(materialise(deniedEdge, mode)))).filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
    });
  });
});

/** The policy server runs in a worker thread (policies/index.ts): what stops it must still reach the engine. */
test("a pack the policy server refuses to start exits 1, with @pulumi/policy's reason on stderr", async () => {
  const dir = fs.mkdtempSync(path.join(DIST, "unversioned-pack-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "unversioned", main: shipped("policies/index.js") }));
  try {
    await expect(PolicyPackProcess.start(dir)).rejects.toThrow(/exited with 1 before printing its port: Error: Version must be defined in the package.json file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
