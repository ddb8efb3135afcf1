import { InputError, shapeCheck, uncoloured } from "./json";
import type { Step } from "./plan";
import { resource, stateSchema, type State } from "./states";

/**
 * `pulumi preview --json`: the digest pkg/backend/display/json.go (ShowPreviewDigest) prints once
 * the preview ends. It lists a step only where display.go's shouldShow lets it: `same` steps only
 * with --show-sames (the root stack's always), and the create-replacement and delete-replaced
 * steps of a replacement only with --show-replacement-steps (the logical `replace` step, which has
 * both states, always). changeSummary counts every logical step (pkg/engine/update.go), shown or
 * not; diagnostics keep the errors of a preview that failed.
 */
export interface Preview {
  readonly steps: readonly Step[];
  /** How many unchanged resources the plan has and the document leaves out. */
  readonly unlistedSames: number;
  /** The first error the preview reported, if it failed. */
  readonly error?: string;
}

interface Digest {
  steps: { op: string; urn: string; oldState?: State; newState?: State }[];
  changeSummary?: Record<string, number>;
  diagnostics?: { severity?: string; message?: string }[];
}

const checkPreview = shapeCheck("a preview", {
  type: "object",
  required: ["steps"],
  properties: {
    steps: { type: "array", items: { type: "object", required: ["op", "urn"], properties: { op: { type: "string" }, urn: { type: "string" }, oldState: stateSchema, newState: stateSchema } } },
    changeSummary: { type: "object", additionalProperties: { type: "number" } },
    diagnostics: { type: "array", items: { type: "object", properties: { severity: { type: "string" }, message: { type: "string" } } } },
  },
});

export function isPreview(doc: object): boolean {
  return "steps" in doc;
}

export function readPreview(doc: object, what: string): Preview {
  checkPreview(doc, what);
  const digest = doc as Digest;
  const steps = digest.steps.map((s) => ({ op: s.op, urn: s.urn, old: s.oldState && resource(s.oldState), new: s.newState && resource(s.newState) }));
  const error = digest.diagnostics?.find((d) => d.severity === "error");
  return { steps, unlistedSames: unlistedSames(digest, what), ...(error ? { error: uncoloured(error.message ?? "") } : {}) };
}

/** A refresh step of an unchanged resource counts as a same in a refresh's summary. */
function unlistedSames(digest: Digest, what: string): number {
  if (!digest.changeSummary) throw new InputError(`${what} has no changeSummary, which every pulumi preview --json has, so cls-guard cannot tell whether it lists the whole stack`);
  const listed = new Set(digest.steps.filter((s) => s.op === "same" || s.op === "refresh").map((s) => s.urn)).size;
  return Math.max(0, (digest.changeSummary.same ?? 0) - listed);
}
