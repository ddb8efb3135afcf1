import { createHash } from "crypto";
import type { RecordedResource } from "./programRun";

/**
 * The documents the Pulumi CLI writes, built from a mock run: `pulumi stack export`, `pulumi
 * preview --json`, and the line-per-event stream of PULUMI_ENABLE_STREAMING_JSON_PREVIEW. The
 * cls-guard command reads these; tests write them from the stacks/ examples.
 */
export const PULUMI_VERSION = "v3.248.0";

function state(r: RecordedResource, outputs: Record<string, unknown>) {
  return {
    urn: r.urn,
    custom: r.custom,
    ...(r.id ? { id: r.id } : {}),
    type: r.type,
    inputs: r.inputs,
    outputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
    ...(r.sourcePosition ? { sourcePosition: r.sourcePosition } : {}),
  };
}

/** The root stack resource every resource's parent chain ends in; the engine writes it first. */
function stackResources(resources: readonly RecordedResource[]): object[] {
  const roots = [...new Set(resources.map((r) => r.parent).filter((p): p is string => p !== undefined && p.includes("::pulumi:pulumi:Stack::")))];
  return roots.map((urn) => ({ urn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }));
}

export function stackExport(resources: readonly RecordedResource[]): object {
  return {
    version: 3,
    deployment: {
      // The CLI refuses state whose manifest magic is not the sha256 of its version.
      manifest: { time: new Date().toISOString(), magic: createHash("sha256").update(PULUMI_VERSION).digest("hex"), version: PULUMI_VERSION },
      resources: [...stackResources(resources), ...resources.map((r) => state(r, r.outputs))],
    },
  };
}

type Op = "create" | "update" | "same" | "delete";

interface Step {
  readonly op: Op;
  readonly urn: string;
  readonly type: string;
  readonly old?: ReturnType<typeof state>;
  readonly new?: ReturnType<typeof state>;
}

/** The steps that take `before` (the stack's state) to `after` (what the program now declares). */
function steps(before: readonly RecordedResource[], after: readonly RecordedResource[]): Step[] {
  const old = new Map(before.map((r) => [r.urn, r]));
  const planned: Step[] = after.map((r) => {
    const previous = old.get(r.urn);
    // At preview the outputs of what changes are not known yet; the inputs are.
    const next = state(r, r.outputs);
    if (!previous) return { op: "create", urn: r.urn, type: r.type, new: next };
    const same = JSON.stringify(previous.inputs) === JSON.stringify(r.inputs);
    return { op: same ? "same" : "update", urn: r.urn, type: r.type, old: state(previous, previous.outputs), new: same ? state(previous, previous.outputs) : next };
  });
  const kept = new Set(after.map((r) => r.urn));
  const deleted: Step[] = before.filter((r) => !kept.has(r.urn)).map((r) => ({ op: "delete", urn: r.urn, type: r.type, old: state(r, r.outputs) }));
  return [...planned, ...deleted];
}

export function previewJson(before: readonly RecordedResource[], after: readonly RecordedResource[]): object {
  const all = steps(before, after);
  const changeSummary = all.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.op]: (acc[s.op] ?? 0) + 1 }), {});
  return {
    steps: all.map((s) => ({ op: s.op, urn: s.urn, ...(s.old ? { oldState: s.old } : {}), ...(s.new ? { newState: s.new } : {}) })),
    diagnostics: [],
    duration: 1000000000,
    changeSummary,
  };
}

/** One JSON engine event per line, as PULUMI_ENABLE_STREAMING_JSON_PREVIEW prints them. */
export function previewEvents(before: readonly RecordedResource[], after: readonly RecordedResource[]): string {
  const events = [
    { preludeEvent: { config: {} } },
    ...steps(before, after).map((s) => ({ resourcePreEvent: { metadata: { op: s.op, urn: s.urn, type: s.type, old: s.old ?? null, new: s.new ?? null, provider: "" } } })),
    { summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: {}, policyPacks: {} } },
  ];
  return events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 1763700000 + i, ...e })).join("\n") + "\n";
}
