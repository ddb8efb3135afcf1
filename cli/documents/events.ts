import { parseJson, shapeCheck, uncoloured } from "./json";
import type { Step } from "./plan";
import { resource, stateSchema, type State } from "./states";

/**
 * The engine's events, one JSON object per line (apitype.EngineEvent in
 * sdk/go/common/apitype/events.go): what PULUMI_ENABLE_STREAMING_JSON_PREVIEW and `pulumi up
 * --json` print (pkg/backend/display/json.go, ShowJSONEvents) and what `--event-log` writes
 * (pkg/backend/display/display.go, startEventLogger; internal steps included). Each step comes as
 * a resourcePreEvent, before it runs, and, once it has, a resOutputsEvent whose new state has the
 * outputs and id; states carry no property dependencies or source positions. Policy packs report
 * through policyEvent, and the run ends with a summaryEvent whose `result` says how it went.
 */
export interface PolicyEvent {
  readonly pack: string;
  readonly packVersion: string;
  readonly policy: string;
  /** As the engine reports it: advisory, mandatory, remediate... */
  readonly enforcementLevel: string;
  /** The resource; the root stack's URN for stack policies. */
  readonly urn: string;
  readonly message: string;
  readonly severity?: string;
}

export interface Run {
  readonly preview: boolean;
  readonly steps: readonly Step[];
  readonly policyEvents: readonly PolicyEvent[];
  /** Policy packs that ran, by name, as the summary lists them. */
  readonly packs: readonly string[];
  /** Why the run is not a whole plan or update, if it is not. */
  readonly incomplete?: string;
}

const metadata = {
  type: "object",
  required: ["metadata"],
  properties: { metadata: { type: "object", required: ["op", "urn"], properties: { op: { type: "string" }, urn: { type: "string" }, old: { anyOf: [{ type: "null" }, stateSchema] }, new: { anyOf: [{ type: "null" }, stateSchema] } } } },
};
const checkEvent = shapeCheck("a preview event", {
  type: "object",
  properties: {
    resourcePreEvent: metadata,
    resOutputsEvent: metadata,
    policyEvent: { type: "object", required: ["policyName", "policyPackName", "enforcementLevel"], properties: { policyName: { type: "string" }, policyPackName: { type: "string" }, enforcementLevel: { type: "string" }, message: { type: "string" }, resourceUrn: { type: "string" } } },
    diagnosticEvent: { type: "object", required: ["severity"], properties: { severity: { type: "string" }, message: { type: "string" } } },
    summaryEvent: { type: "object", properties: { isPreview: { type: "boolean" }, result: { type: "string" }, PolicyPacks: { type: "object" } } },
  },
}, "the event");

interface StepEvent {
  metadata: { op: string; urn: string; old?: State | null; new?: State | null };
  planning?: boolean;
}
interface EngineEvent {
  resourcePreEvent?: StepEvent;
  resOutputsEvent?: StepEvent;
  policyEvent?: { policyName: string; policyPackName: string; policyPackVersion?: string; enforcementLevel: string; message?: string; resourceUrn?: string; severity?: string };
  diagnosticEvent?: { severity: string; message?: string };
  summaryEvent?: { isPreview?: boolean; result?: string; PolicyPacks?: Record<string, string> };
}

const EVENT_KEYS = ['"sequence":', '"timestamp":'];

/**
 * Where the first line that starts an engine event begins, or -1: Go writes the struct's fields in
 * order, sequence first. Lines that open an object are searched for as text; a multi-line regular
 * expression tries every offset, which is a tenth of a second on a 150 MiB stack export.
 */
export function firstEventLine(text: string): number {
  for (let line = text.startsWith("{") ? 0 : objectLineAfter(text, 0); line !== -1; line = objectLineAfter(text, line + 1)) {
    if (EVENT_KEYS.some((key) => text.startsWith(key, line + 1))) return line;
  }
  return -1;
}

function objectLineAfter(text: string, from: number): number {
  const at = text.indexOf("\n{", from);
  return at === -1 ? -1 : at + 1;
}

function stepOf(event: StepEvent): Step {
  const { op, urn, old, new: next } = event.metadata;
  return { op, urn, ...(old ? { old: resource(old) } : {}), ...(next ? { new: resource(next) } : {}) };
}

function policyEventOf(e: NonNullable<EngineEvent["policyEvent"]>): PolicyEvent {
  return {
    pack: e.policyPackName,
    packVersion: e.policyPackVersion ?? "",
    policy: e.policyName,
    enforcementLevel: e.enforcementLevel,
    urn: e.resourceUrn ?? "",
    message: uncoloured(e.message ?? ""),
    ...(e.severity ? { severity: e.severity } : {}),
  };
}

/** `lines` are the file's from line `first` (1-based) on. */
export function readEvents(lines: readonly string[], first: number, what: string): Run {
  const steps: Step[] = [];
  const policyEvents: PolicyEvent[] = [];
  const errors: string[] = [];
  let summary: EngineEvent["summaryEvent"];
  let planning = false;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${what} line ${first + i}`;
    const event = parseJson(line, where);
    checkEvent(event, where);
    const { resourcePreEvent, resOutputsEvent, policyEvent, diagnosticEvent, summaryEvent } = event as EngineEvent;
    if (resourcePreEvent) planning ||= resourcePreEvent.planning === true;
    for (const e of [resourcePreEvent, resOutputsEvent]) if (e) steps.push(stepOf(e));
    if (policyEvent) policyEvents.push(policyEventOf(policyEvent));
    if (diagnosticEvent?.severity === "error") errors.push(uncoloured(diagnosticEvent.message ?? ""));
    if (summaryEvent) summary = summaryEvent;
  });
  const incomplete = incompleteness(summary, errors, policyEvents);
  return { preview: summary?.isPreview ?? planning, steps, policyEvents, packs: Object.keys(summary?.PolicyPacks ?? {}), ...(incomplete ? { incomplete } : {}) };
}

/** The error the engine adds to any failed run (deploymentExecutor.reportExecResult). */
const RUN_FAILED = /^(error: )?(preview|update) failed$/;

/**
 * A run is whole when it reached its summary and succeeded. One exception: at preview a mandatory
 * policy violation fails the run but plans every step (analyzeResource marks the resource invalid
 * only outside a dry run), so a failure whose only error is the engine's "preview failed" and that
 * has mandatory policy events is a whole plan.
 */
function incompleteness(summary: EngineEvent["summaryEvent"], errors: readonly string[], policyEvents: readonly PolicyEvent[]): string | undefined {
  if (!summary) return "it ends before the engine's summaryEvent (the run was cut short, or the file is truncated)";
  const own = errors.filter((e) => !RUN_FAILED.test(e));
  const policyFailure = summary.isPreview === true && own.length === 0 && policyEvents.some((e) => e.enforcementLevel === "mandatory");
  if (own.length > 0) return `the run reported an error: ${JSON.stringify(own[0])}`;
  if (summary.result === "canceled") return "the run was cancelled";
  if ((summary.result === "failed" || errors.length > 0) && !policyFailure) return "the run failed";
  return undefined;
}
