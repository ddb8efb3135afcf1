import { InputError, type Props } from "./json";
import { hasKeys, type InputResource } from "./states";

/**
 * A run's steps, read from a preview's `steps` or from the engine's events, folded into the stack
 * before and after. Step kinds are Pulumi's (pkg/resource/deploy/step.go); a replacement shows up
 * as up to three steps of one URN (create-replacement, replace, delete-replaced), so the first old
 * state and the last new one count.
 */
export interface Step {
  readonly op: string;
  readonly urn: string;
  readonly old?: InputResource;
  readonly new?: InputResource;
}

/** Steps that take the resource out of the stack. The `-replaced` ones remove the old copy of a resource that lives on. */
const REMOVES = new Set(["delete", "discard"]);
/** Steps that keep the resource: its id, and the outputs its provider has not yet been asked to change. */
const KEEPS = new Set(["same", "update"]);

export interface Stack {
  readonly before: readonly InputResource[];
  readonly after: readonly InputResource[];
}

/**
 * The resource a step leaves. Known outputs are used as they are (an applied step, or a refresh,
 * whose new state is the stored one). Otherwise a same keeps its stored outputs, as SameStep.Apply
 * copies them; an update lays the planned inputs over the outputs the provider computed, as its
 * Update is asked to; anything else has its inputs alone, and an id only where the program names one
 * (read, import). Links the step does not carry stay those of an earlier step of the URN.
 */
function planned(step: Step, earlier: InputResource | undefined): InputResource {
  const next = step.new!;
  const links = {
    propertyDependencies: hasKeys(next.propertyDependencies) ? next.propertyDependencies : (earlier?.propertyDependencies ?? {}),
    sourcePosition: next.sourcePosition ?? earlier?.sourcePosition,
  };
  if (hasKeys(next.outputs)) return { ...next, ...links };
  const kept = KEEPS.has(step.op) ? step.old : undefined;
  if (step.op === "same" && kept) return { ...next, id: kept.id, outputs: kept.outputs, ...links };
  const id = next.id || kept?.id;
  return { ...next, id, outputs: { ...(kept && computed(kept)), ...next.inputs, ...(id ? { id } : {}) }, ...links };
}

/** The outputs the provider computed itself: those the stored inputs set are the plan's to change. */
function computed(r: InputResource): Props {
  return Object.fromEntries(Object.entries(r.outputs).filter(([key]) => !(key in r.inputs)));
}

export function fold(steps: readonly Step[]): { before: Map<string, InputResource>; after: Map<string, InputResource> } {
  const before = new Map<string, InputResource>();
  const after = new Map<string, InputResource>();
  for (const step of steps) {
    if (step.old && !before.has(step.urn)) before.set(step.urn, step.old);
    if (REMOVES.has(step.op)) after.delete(step.urn);
    else if (step.new) after.set(step.urn, planned(step, after.get(step.urn)));
  }
  return { before, after };
}

/** The steps alone: for a plan that lists every resource it keeps. */
export function stackOf(steps: readonly Step[]): Stack {
  const { before, after } = fold(steps);
  return { before: [...before.values()], after: [...after.values()] };
}

/**
 * The steps laid over the stored stack (`--state`, a `pulumi stack export`): what no step names
 * stays as stored, which is what Pulumi does with a resource it plans no change to. A step that
 * starts from a resource the export lacks means the export is of another stack, or out of date.
 */
export function overlay(steps: readonly Step[], stored: readonly InputResource[], what: string, stateFile: string): Stack {
  const storedUrns = new Set(stored.map((r) => r.urn));
  const strange = steps.find((s) => s.old && !storedUrns.has(s.urn));
  if (strange) throw new InputError(`--state ${stateFile} is not the stack ${what} was planned from: it has no ${strange.urn} (export the stack again, just before the preview)`);
  const { after } = fold(steps);
  const named = new Set(steps.map((s) => s.urn));
  const kept = stored.filter((r) => !named.has(r.urn));
  const changed = [...after.values()];
  return { before: stored, after: [...kept, ...changed] };
}

/**
 * Engine events carry no property dependencies or source positions (apitype.StepEventStateMetadata).
 * A stored copy of the resource supplies them for every input the plan leaves as stored: a link of
 * a changed input could point elsewhere now, so it is not taken.
 */
export function withStoredLinks(resources: readonly InputResource[], stored: ReadonlyMap<string, InputResource>): InputResource[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return resources.map((r) => {
    const s = stored.get(r.urn);
    if (!s || hasKeys(r.propertyDependencies)) return r;
    const propertyDependencies = Object.fromEntries(Object.entries(s.propertyDependencies).filter(([key]) => same(r.inputs[key], s.inputs[key])));
    return { ...r, propertyDependencies, sourcePosition: r.sourcePosition ?? s.sourcePosition };
  });
}
