import { engineEvents, engineUrn, planSteps, previewDigest, stackExport, upJson, UNKNOWN, type Step } from "../../harness/documents";
import type { RecordedResource } from "../../harness/programRun";

/** The harness writes each document as Pulumi's Go source does (see the citations in harness/documents.ts). */
const STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
const resource = (name: string, inputs: Record<string, unknown>, extra: Partial<RecordedResource> = {}): RecordedResource => ({
  urn: `urn:pulumi:dev::p::pulumi:pulumi:Stack$aws:ec2/securityGroup:SecurityGroup::${name}`,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name,
  custom: true,
  id: `${name}-id`,
  parent: STACK,
  inputs,
  outputs: { ...inputs, id: `${name}-id`, arn: `arn:${name}` },
  dependencies: [`urn:pulumi:dev::p::pulumi:pulumi:Stack$aws:ec2/vpc:Vpc::vpc`],
  propertyDependencies: { vpcId: [`urn:pulumi:dev::p::pulumi:pulumi:Stack$aws:ec2/vpc:Vpc::vpc`] },
  sourcePosition: "project:///index.ts#3,1",
  ...extra,
});
const kept = resource("kept", { description: "a" });
const changed = resource("changed", { description: "a" });
const before = [kept, changed, resource("gone", { description: "a" })];
const after = [kept, { ...changed, inputs: { description: "b" } }, resource("new", { description: "a", vpcId: UNKNOWN }, { id: undefined, outputs: { description: "a" } })];
const steps = planSteps(before, after);

type Digest = { steps: { op: string; urn: string; oldState?: Record<string, unknown>; newState?: Record<string, unknown> }[]; changeSummary: Record<string, number> };
const digest = (options = {}, of: readonly Step[] = steps) => previewDigest(of, options) as Digest;
const ops = (d: Digest) => d.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`);
const events = (options: Parameters<typeof engineEvents>[1]) => engineEvents(steps, options).trim().split("\n").map((l) => JSON.parse(l));

test.each([
  ["plain pulumi preview --json leaves out the sames but the root stack's", {}, ["same p-dev", "update changed", "create new", "delete gone"]],
  ["--show-sames lists them", { showSames: true }, ["same p-dev", "same kept", "update changed", "create new", "delete gone"]],
])("%s", (_name, options, expected) => {
  expect(ops(digest(options))).toEqual(expected);
  expect(digest(options).changeSummary).toEqual({ same: 2, update: 1, create: 1, delete: 1 });
});

test.each([
  ["by default, the logical replace step alone", {}, ["replace changed"]],
  ["with --show-replacement-steps, all three", { showReplacementSteps: true }, ["create-replacement changed", "replace changed", "delete-replaced changed"]],
])("a replacement shows %s", (_name, options, expected) => {
  const d = digest(options, planSteps([changed], [{ ...changed, inputs: { description: "b" } }], ["changed"]));
  expect(ops(d).filter((o) => !o.endsWith("p-dev"))).toEqual(expected);
  expect(d.changeSummary).toEqual({ same: 1, replace: 1 });
});

test("a planned state has inputs and links, no outputs and no id; the old state is the stored one", () => {
  const update = digest().steps.find((s) => s.op === "update")!;
  expect(update.newState).toEqual({ urn: engineUrn(changed.urn), custom: true, type: changed.type, inputs: { description: "b" }, parent: STACK, dependencies: ["urn:pulumi:dev::p::aws:ec2/vpc:Vpc::vpc"], propertyDependencies: { vpcId: ["urn:pulumi:dev::p::aws:ec2/vpc:Vpc::vpc"] }, sourcePosition: "project:///index.ts#3,1" });
  expect(update.oldState).toMatchObject({ id: "changed-id", outputs: { description: "a", id: "changed-id", arn: "arn:changed" } });
});

test("stack children's URNs have no Stack$ parent type, in exports and documents alike", () => {
  const text = JSON.stringify([stackExport(before), digest(), events({ preview: true })]);
  expect(text).not.toContain("Stack$");
  expect(engineUrn(kept.urn)).toBe("urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::kept");
});

describe("engine events", () => {
  const preview = events({ preview: true, policyPacks: { "cls-guard": "0.1.0" } });
  const pre = preview.filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent);

  test("every step, sames included, as a resourcePreEvent then a resOutputsEvent", () => {
    expect(pre.map((e) => `${e.metadata.op} ${e.metadata.urn.split("::").pop()}`)).toEqual(["same p-dev", "same kept", "update changed", "create new", "delete gone"]);
    expect(preview.filter((e) => e.resOutputsEvent)).toHaveLength(5);
    expect(pre.every((e) => e.planning === true)).toBe(true);
  });

  test("states carry no property dependencies or source position; a planned one has outputs {} and id \"\"", () => {
    expect(JSON.stringify(preview)).not.toMatch(/propertyDependencies|sourcePosition|"dependencies"/);
    const created = pre.find((e) => e.metadata.op === "create").metadata.new;
    expect([created.outputs, created.id, created.parent]).toEqual([{}, "", STACK]);
  });

  test("the resOutputsEvent of a same or update has the stored id; the summary names PolicyPacks, isPreview and result", () => {
    const done = preview.filter((e) => e.resOutputsEvent).map((e) => e.resOutputsEvent.metadata.new);
    expect(done.slice(1, 3).map((s: { id: string }) => s.id)).toEqual(["kept-id", "changed-id"]);
    expect(preview.at(-2).summaryEvent).toEqual({ maybeCorrupt: false, durationSeconds: 1, resourceChanges: { same: 2, update: 1, create: 1, delete: 1 }, PolicyPacks: { "cls-guard": "v0.1.0" }, isPreview: true, result: "succeeded" });
    expect(preview.at(-1)).toMatchObject({ cancelEvent: {} });
    expect(preview.map((e) => e.sequence)).toEqual(preview.map((_e, i) => i));
  });

  test("the event log has the internal default provider's steps too", () => {
    const types = events({ preview: true, eventLog: true }).flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata.type] : []));
    expect(types[0]).toBe("pulumi:providers:aws");
  });

  test("a mandatory policy violation fails a preview: an error diagnostic and result failed", () => {
    const failed = events({ preview: true, violations: [{ pack: "cls-guard", version: "0.1.0", policy: "cls-ports-closed", level: "mandatory", urn: "", message: "m" }] });
    expect(failed.find((e) => e.policyEvent).policyEvent).toMatchObject({ resourceUrn: STACK, policyPackName: "cls-guard", message: "<{%fg 13%}>m<{%reset%}>\n", enforcementLevel: "mandatory" });
    expect(failed.find((e) => e.diagnosticEvent).diagnosticEvent).toMatchObject({ severity: "error", message: "<{%fg 13%}>preview failed<{%reset%}>\n" });
    expect(failed.at(-2).summaryEvent.result).toBe("failed");
  });
});

test("pulumi up --json: the indented digest, then the update's events with the outputs the provider wrote", () => {
  const text = upJson([kept], [kept, changed], [kept, { ...changed, id: undefined, outputs: {} }]);
  const [head, ...lines] = text.split(/\n(?=\{"sequence")/);
  expect(head).toMatch(/^\{\n {4}"steps": \[/);
  const done = lines.map((l) => JSON.parse(l)).find((e) => e.resOutputsEvent?.metadata.op === "create").resOutputsEvent;
  expect(done.planning).toBeUndefined();
  expect(done.metadata.new).toMatchObject({ id: "changed-id", outputs: { arn: "arn:changed" } });
});
