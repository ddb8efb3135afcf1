import { createHash } from "crypto";
import type { RecordedResource } from "./programRun";

/**
 * The documents the Pulumi CLI writes, built from mock runs as Pulumi's Go source writes them:
 * `pulumi stack export`, `pulumi preview --json`, the engine's event stream (streaming preview,
 * `pulumi up --json`, `--event-log`). The cls-guard command reads these; tests write them from the
 * stacks/ examples. Citations are to github.com/pulumi/pulumi at v3.250.0.
 */
export const PULUMI_VERSION = "v3.248.0";
/** The engine's unknown value, as the preview documents serialize it. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The mock monitor names a stack's children after the root stack's type
 * ("...::pulumi:pulumi:Stack$aws:ec2/vpc:Vpc::edge-vpc"); the engine leaves the root stack out of
 * the parent types (sdk/go/common/resource/urn.go, NewURN: parentType is empty for the root).
 */
export function engineUrn(urn: string): string {
  return urn.replace(/::pulumi:pulumi:Stack\$/, "::");
}

const engineUrns = (urns: readonly string[]) => urns.map(engineUrn);

/** The root stack resource every resource's parent chain ends in; the engine registers it first. */
function rootOf(resources: readonly RecordedResource[]): RecordedResource[] {
  const urn = resources.map((r) => r.parent).find((p): p is string => p !== undefined && p.includes("::pulumi:pulumi:Stack::"));
  if (!urn) return [];
  return [{ urn, type: "pulumi:pulumi:Stack", name: urn.split("::").pop()!, custom: false, inputs: {}, outputs: {}, dependencies: [], propertyDependencies: {} }];
}

/** The stack as the engine keeps it: the root stack, then what the program registered. */
export function withRoot(resources: readonly RecordedResource[]): RecordedResource[] {
  return [...rootOf(resources), ...resources];
}

/** A stored resource, apitype.ResourceV3 (sdk/go/common/apitype/core.go): ids and outputs once the provider has written them. */
function stored(r: RecordedResource) {
  return {
    urn: engineUrn(r.urn),
    custom: r.custom,
    ...(r.id ? { id: r.id } : {}),
    type: r.type,
    ...(Object.keys(r.inputs).length ? { inputs: r.inputs } : {}),
    ...(Object.keys(r.outputs).length ? { outputs: r.outputs } : {}),
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.dependencies.length ? { dependencies: engineUrns(r.dependencies) } : {}),
    ...(Object.keys(r.propertyDependencies).length ? { propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, engineUrns(urns)])) } : {}),
    ...(r.sourcePosition ? { sourcePosition: r.sourcePosition } : {}),
  };
}

/**
 * A goal state as a step carries it before it runs (pkg/resource/deploy/step_generator.go builds it
 * from the registration): inputs, links and position, no outputs, and an id only where the
 * program names one (read, import).
 */
function planned(r: RecordedResource, id?: string) {
  return stored({ ...r, id, outputs: {} });
}

export function stackExport(resources: readonly RecordedResource[]): object {
  return {
    version: 3,
    deployment: {
      // The CLI refuses state whose manifest magic is not the sha256 of its version.
      manifest: { time: new Date().toISOString(), magic: createHash("sha256").update(PULUMI_VERSION).digest("hex"), version: PULUMI_VERSION },
      resources: withRoot(resources).map(stored),
    },
  };
}

/** Step kinds, pkg/resource/deploy/step.go. */
export type Op = "same" | "create" | "update" | "delete" | "replace" | "create-replacement" | "delete-replaced" | "read" | "import" | "refresh" | "discard";

export interface Step {
  readonly op: Op;
  /** The stored state the step starts from. */
  readonly old?: RecordedResource;
  /** What the program registered: its inputs (unknowns where they wait on new resources). */
  readonly goal?: RecordedResource;
  /** The id the program names (read, import). */
  readonly id?: string;
  /** What a refresh finds: the resource as it is now, or gone. */
  readonly found?: RecordedResource | "gone";
}

/** Steps whose op is a logical operation of the program (each Step's Logical()): counted in the summary, shown by the digest. */
const LOGICAL: ReadonlySet<Op> = new Set(["same", "create", "update", "delete", "replace", "read", "import", "discard"]);
const REPLACEMENT: ReadonlySet<Op> = new Set(["create-replacement", "delete-replaced"]);

const urnOf = (s: Step) => (s.goal ?? s.old)!.urn;
const typeOf = (s: Step) => (s.goal ?? s.old)!.type;

/**
 * The steps that take `before` (the stored stack) to `after` (what the program registers), in
 * the step generator's terms: new URNs are created, unchanged inputs are sames, changed ones
 * updates, or a replacement (create-replacement, replace, delete-replaced) for the URNs in
 * `replace`; URNs no longer registered are deleted. The root stack takes part like any resource.
 */
export function planSteps(before: readonly RecordedResource[], after: readonly RecordedResource[], replace: readonly string[] = []): Step[] {
  const old = new Map(withRoot(before).map((r) => [r.urn, r]));
  const planned = withRoot(after).flatMap((goal): Step[] => {
    const previous = old.get(goal.urn);
    if (!previous) return [{ op: "create", goal }];
    if (replace.includes(goal.name)) return [{ op: "create-replacement", old: previous, goal }, { op: "replace", old: previous, goal }, { op: "delete-replaced", old: previous }];
    return [{ op: JSON.stringify(previous.inputs) === JSON.stringify(goal.inputs) ? "same" : "update", old: previous, goal }];
  });
  const kept = new Set(withRoot(after).map((r) => r.urn));
  return [...planned, ...withRoot(before).filter((r) => !kept.has(r.urn)).map((r): Step => ({ op: "delete", old: r }))];
}

/**
 * What the program registers at preview while `prior` is deployed: an input whose property
 * dependencies are all kept resources has its value (their outputs are stored, and the engine
 * hands them to the program), any other the preview run's value, unknown where it waits on a new
 * resource. `update` and `preview` are the same program's runs as an update and as a preview.
 */
export function registeredAtPreview(prior: readonly RecordedResource[], update: readonly RecordedResource[], preview: readonly RecordedResource[]): RecordedResource[] {
  const kept = new Set(prior.map((r) => r.urn));
  const updated = new Map(update.map((r) => [r.urn, r]));
  return preview.map((r) => {
    const u = updated.get(r.urn);
    if (!u) return r;
    const keys = new Set([...Object.keys(r.inputs), ...Object.keys(u.inputs)]);
    const known = (key: string) => (r.propertyDependencies[key] ?? []).every((urn) => kept.has(urn));
    const inputs = Object.fromEntries([...keys].flatMap((k) => {
      const value = known(k) ? u.inputs[k] : r.inputs[k];
      return value === undefined ? [] : [[k, value]];
    }));
    return { ...r, inputs };
  });
}

/** The steps of a preview that changes the deployed `prior` into the program whose update and preview runs are given. */
export function changeSteps(prior: readonly RecordedResource[], update: readonly RecordedResource[], preview: readonly RecordedResource[]): Step[] {
  return planSteps(prior, registeredAtPreview(prior, update, preview));
}

export interface DigestOptions {
  readonly showSames?: boolean;
  readonly showReplacementSteps?: boolean;
  /** An error the preview reported: it failed. */
  readonly error?: string;
}

/** display.go's shouldShow, and json.go's exception for the root stack. */
function shown(step: Step, options: DigestOptions): boolean {
  if (typeOf(step) === "pulumi:pulumi:Stack") return true;
  if (step.op === "same") return options.showSames === true;
  return !REPLACEMENT.has(step.op) || options.showReplacementSteps === true;
}

/** pkg/engine/update.go (previewActions.Ops): logical steps, by op. */
function changeSummary(steps: readonly Step[]): Record<string, number> {
  return steps.filter((s) => LOGICAL.has(s.op)).reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.op]: (acc[s.op] ?? 0) + 1 }), {});
}

/**
 * A refresh's step in the digest is rewritten to what it found when that is a change or a
 * deletion (json.go, the ResourceOutputsEvent case); the step's new state starts as the stored one
 * (step.go, NewRefreshStep).
 */
function digestStep(step: Step) {
  const found = step.op === "refresh" ? step.found : undefined;
  if (found === "gone") return { op: "delete", urn: engineUrn(step.old!.urn), oldState: stored(step.old!), detailedDiff: null };
  const op = found ? "update" : step.op;
  const next = step.op === "refresh" ? stored(found ?? step.old!) : step.goal && planned(step.goal, step.id);
  return { op, urn: engineUrn(urnOf(step)), ...(step.old ? { oldState: stored(step.old) } : {}), ...(next ? { newState: next } : {}), detailedDiff: found ? {} : null };
}

/**
 * `pulumi preview --json`: pkg/backend/display/json.go (ShowPreviewDigest, getPreviewMetadataStep,
 * stateForJSONOutput) and pkg/display/json.go (PreviewDigest). Same steps only with --show-sames,
 * replacement steps only with --show-replacement-steps; states before the step runs; empty fields
 * omitted; duration in nanoseconds.
 */
export function previewDigest(steps: readonly Step[], options: DigestOptions = {}): object {
  const diagnostics = options.error ? [{ message: `error: ${options.error}\n`, severity: "error" }, { message: "error: preview failed\n", severity: "error" }] : [];
  return {
    steps: steps.filter((s) => shown(s, options)).map(digestStep),
    ...(diagnostics.length ? { diagnostics } : {}),
    duration: 1_000_000_000,
    changeSummary: changeSummary(steps),
  };
}

/** `pulumi preview --json` of the change from `before` to `after`: see planSteps and previewDigest. */
export function previewJson(before: readonly RecordedResource[], after: readonly RecordedResource[], options: DigestOptions = {}): object {
  return previewDigest(planSteps(before, after), options);
}

/** The Go encoder's form of a digest: json.MarshalIndent with four spaces, then a newline (fmt.Println). */
export function goIndented(document: object): string {
  return `${JSON.stringify(document, null, 4)}\n`;
}

/** A policy pack's diagnostic as the engine reports it. */
export interface Violation {
  readonly pack: string;
  readonly version: string;
  readonly policy: string;
  readonly level: string;
  /** "" for a stack policy: the engine names the root stack (step_generator.go, AnalyzeResources). */
  readonly urn: string;
  readonly message: string;
}

export interface RunOptions {
  /** A preview (resourcePreEvent.planning, summaryEvent.isPreview) or an update. */
  readonly preview: boolean;
  /** After an update: each resource as the provider wrote it (outputs, id). */
  readonly applied?: readonly RecordedResource[];
  /** The policy packs that ran, name to version, and what they reported. */
  readonly policyPacks?: Readonly<Record<string, string>>;
  readonly violations?: readonly Violation[];
  /** An error the run reported; it fails. */
  readonly error?: string;
  readonly result?: "succeeded" | "failed" | "canceled";
  /** `--event-log` writes the events of internal steps too (display.go: the logger reads before the filter). */
  readonly eventLog?: boolean;
  /** The run stops before its summary (a cut-short run, a truncated file). */
  readonly cutShort?: boolean;
}

/** apitype.StepEventStateMetadata (sdk/go/common/apitype/events.go): no links, no source position; id and parent always, "" when unset. */
function eventState(r: RecordedResource, id = r.id, outputs = r.outputs) {
  return { type: r.type, urn: engineUrn(r.urn), ...(r.custom ? { custom: true } : {}), id: id ?? "", parent: r.parent ?? "", inputs: r.inputs, outputs, provider: "" };
}

/**
 * What a step leaves once it has run (the resOutputsEvent's new state): a same the stored state
 * (SameStep.Apply copies it); after an update the provider's; at preview, an update the stored
 * outputs with the planned inputs over them and the stored id (UpdateStep.Apply), anything else
 * the provider's preview of it, the inputs with unknowns and no id.
 */
function applied(step: Step, options: RunOptions): ReturnType<typeof eventState> | null {
  const { goal, old } = step;
  if (step.op === "refresh") return step.found === "gone" ? null : eventState(step.found ?? old!);
  if (!goal) return null;
  if (step.op === "same") return eventState(goal, old!.id, old!.outputs);
  const written = options.applied?.find((r) => r.urn === goal.urn);
  if (!options.preview && written) return eventState(written);
  if (step.op === "update") return eventState(goal, old!.id, { ...storedOutputs(old!), ...goal.inputs, id: old!.id });
  return eventState(goal, step.id ?? "", { ...goal.inputs, ...(step.id ? { id: step.id } : {}) });
}

/** The outputs the provider computed itself: those its inputs set are the program's to change. */
function storedOutputs(r: RecordedResource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r.outputs).filter(([key]) => !(key in r.inputs)));
}

/** apitype.StepEventMetadata; a refresh's resOutputsEvent reports what it found (RefreshStep.ResultOp). */
function metadata(step: Step, op: string, next: ReturnType<typeof eventState> | null) {
  return { op, urn: engineUrn(urnOf(step)), type: typeOf(step), old: step.old ? eventState(step.old) : null, new: next, detailedDiff: null, ...(LOGICAL.has(step.op) ? { logical: true } : {}), provider: "" };
}

function stepEvents(step: Step, options: RunOptions): object[] {
  const planning = options.preview ? { planning: true } : {};
  const before = step.op === "refresh" ? eventState(step.old!) : step.goal ? eventState(step.goal, step.id ?? "", {}) : null;
  const after = applied(step, options);
  const resultOp = step.op !== "refresh" ? step.op : step.found === "gone" ? "delete" : step.found ? "update" : "same";
  return [{ resourcePreEvent: { metadata: metadata(step, step.op, before), ...planning } }, { resOutputsEvent: { metadata: metadata(step, resultOp, after), ...planning } }];
}

/** The default provider's registration: an internal step, in the event log only. */
function defaultProvider(steps: readonly Step[]): Step[] {
  const stack = steps.map((s) => (s.goal ?? s.old)!).find((r) => r.type === "pulumi:pulumi:Stack");
  if (!stack) return [];
  const urn = stack.urn.replace(/::pulumi:pulumi:Stack::.*$/, "::pulumi:providers:aws::default_7_48_0");
  return [{ op: "create", goal: { urn, type: "pulumi:providers:aws", name: "default_7_48_0", custom: true, inputs: { version: "7.48.0" }, outputs: {}, dependencies: [], propertyDependencies: {} } }];
}

/** engine/events.go policyViolationEvent, as display/events.go converts it: the message coloured, the version tag the version. */
function policyEvent(v: Violation, stackUrn: string) {
  return {
    policyEvent: {
      resourceUrn: engineUrn(v.urn || stackUrn),
      message: `<{%fg 13%}>${v.message}<{%reset%}>\n`,
      color: "raw",
      policyName: v.policy,
      policyPackName: v.pack,
      policyPackVersion: v.version,
      policyPackVersionTag: v.version,
      enforcementLevel: v.level,
    },
  };
}

function errorEvent(message: string) {
  return { diagnosticEvent: { prefix: "<{%fg 1%}>error: <{%reset%}>", message: `<{%fg 13%}>${message}<{%reset%}>\n`, color: "raw", severity: "error" } };
}

/**
 * The engine's events, one per line (display.go logJSONEvent, ShowJSONEvents): prelude, a
 * resourcePreEvent and a resOutputsEvent per step, policy and diagnostic events, the summary
 * (`PolicyPacks` keeps the Go field name: apitype.SummaryEvent), and the cancelEvent that ends
 * every stream.
 */
export function engineEvents(steps: readonly Step[], options: RunOptions): string {
  const all = [...(options.eventLog ? defaultProvider(steps) : []), ...steps];
  const stackUrn = all.map((s) => (s.goal ?? s.old)!).find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const violations = options.violations ?? [];
  const failed = options.error !== undefined || (options.preview && violations.some((v) => v.level === "mandatory"));
  const errors = [...(options.error ? [options.error] : []), ...(failed ? [`${options.preview ? "preview" : "update"} failed`] : [])];
  // Maps pack name to its version tag, "v" and the version (apitype.SummaryEvent).
  const packs = Object.fromEntries([...Object.entries(options.policyPacks ?? {}), ...violations.map((v) => [v.pack, v.version])].map(([name, version]) => [name, `v${version}`]));
  const summary = {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 1,
      resourceChanges: changeSummary(steps),
      PolicyPacks: packs,
      isPreview: options.preview,
      result: options.result ?? (failed ? "failed" : "succeeded"),
    },
  };
  const events = [
    { preludeEvent: { config: {} } },
    ...all.flatMap((s) => stepEvents(s, options)),
    ...violations.map((v) => policyEvent(v, stackUrn)),
    ...errors.map(errorEvent),
    ...(options.cutShort ? [] : [summary, { cancelEvent: {} }]),
  ];
  return events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 1763700000 + i, ...e })).join("\n") + "\n";
}

/** The streaming preview of the change from `before` to `after` (PULUMI_ENABLE_STREAMING_JSON_PREVIEW). */
export function previewEvents(before: readonly RecordedResource[], after: readonly RecordedResource[]): string {
  return engineEvents(planSteps(before, after), { preview: true });
}

/**
 * `pulumi up --json` without --skip-preview, from `before` to the program's runs as a preview and
 * as an update: the preview's digest (ShowPreviewDigest, a preview without streaming), then the
 * update's events (ShowJSONEvents), on one standard output. The update's steps have the inputs the
 * program registered for real, and leave what the provider wrote.
 */
export function upJson(before: readonly RecordedResource[], update: readonly RecordedResource[], preview: readonly RecordedResource[], options: DigestOptions = {}): string {
  const planned = planSteps(before, registeredAtPreview(before, update, preview));
  return `${goIndented(previewDigest(planned, options))}${engineEvents(planSteps(before, update), { preview: false, applied: update })}`;
}
