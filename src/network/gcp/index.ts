import { cached } from "../../cached";
import { isUnknown, reveal } from "../../model/values";
import { isUnset, type Field } from "../../shapes/fields";
import { identities, inLocation, nameOf, lastSegment, projectOf, referencedLocation, referencedProject } from "../../shapes/gcp/compute";
import type { ResourceView } from "../../shapes/resource";

/** What a reference property names: resources of the stack, names of resources outside it, or unknown. */
export interface Refs {
  readonly targets: readonly ResourceView[];
  /** Names it holds that match nothing in the stack (a network managed elsewhere, "default"). */
  readonly outside: readonly string[];
  /** Some value is unknown at preview and no dependency names its target. */
  readonly unknown: boolean;
}

/** The resources of some types, by every identity and by name: what a reference to those types looks up. */
interface Named {
  readonly byIdentity: Map<string, ResourceView[]>;
  readonly byName: Map<string, ResourceView[]>;
}

/**
 * The resources of a stack, indexed so that a GCP reference (a name, an id, a self link) or, at
 * preview, the engine's property dependencies lead to the resource it names.
 */
export class GcpIndex {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  /** By the types a reference may name, indexed when first asked: most resources (firewall rules) are named by none. */
  private readonly namedMemo = new Map<string, Named>();

  constructor(private readonly views: readonly ResourceView[]) {
    for (const view of views) {
      this.byUrn.set(view.urn, view);
      cached(this.byType, view.type, () => []).push(view);
    }
  }

  ofType(...types: string[]): ResourceView[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /**
   * The resources of these types a string names: exactly (an id, a self link), or by name in the
   * same project. GCP names a network (a subnetwork, a policy...) by project and name, so
   * `projects/other/global/networks/edge-net` is not the edge-net of this project; a bare name is
   * in the project of the resource that holds it (`ownerProject`). Where either project is not
   * known (hand-written shapes without `project`), the name alone decides. A reference that places
   * a zonal or regional resource (an instance, an instance group) names it only in that place.
   */
  named(reference: string, types: readonly string[], ownerProject?: string): ResourceView[] {
    const { byIdentity, byName } = cached(this.namedMemo, types.join(" "), () => this.index(types));
    const exact = byIdentity.get(reference);
    if (exact) return exact;
    const project = referencedProject(reference) ?? ownerProject;
    const byItsName = byName.get(reference) ?? byName.get(lastSegment(reference)) ?? [];
    const location = referencedLocation(reference);
    return byItsName.filter((view) => {
      const viewProject = projectOf(view);
      return (project === undefined || viewProject === undefined || viewProject === project) && inLocation(view, location);
    });
  }

  /** In stack order, as a reference that names several resources lists them. */
  private index(types: readonly string[]): Named {
    const named: Named = { byIdentity: new Map(), byName: new Map() };
    for (const view of this.views.filter((v) => types.includes(v.type))) {
      const name = nameOf(view);
      for (const id of identities(view)) if (id !== name) cached(named.byIdentity, id, () => []).push(view);
      if (typeof name === "string") cached(named.byName, name, () => []).push(view);
    }
    return named;
  }

  /** Where a field points: by the dependencies the engine recorded for its top-level property, and by its values. */
  refs(view: ResourceView, f: Field, types: readonly string[]): Refs {
    const found = new Set<ResourceView>();
    for (const urn of view.propertyDependencies[topLevelKey(f.path)] ?? []) {
      const dependency = this.byUrn.get(urn);
      if (dependency && types.includes(dependency.type)) found.add(dependency);
    }
    const linked = found.size > 0;
    const raw = reveal(f.value);
    const values = Array.isArray(raw) ? raw.map(reveal) : isUnset(f.value) ? [] : [raw];
    const outside: string[] = [];
    for (const value of values) {
      if (typeof value !== "string" || value === "") continue;
      const named = this.named(value, types, projectOf(view));
      for (const target of named) found.add(target);
      if (named.length === 0 && !linked) outside.push(value);
    }
    return { targets: [...found], outside, unknown: (isUnknown(f.value) || values.some(isUnknown)) && !linked };
  }
}

/** "allows[0].ports" -> "allows": the property the engine records dependencies for. */
function topLevelKey(path: string): string {
  const end = path.search(/[.[]/);
  return end < 0 ? path : path.slice(0, end);
}
