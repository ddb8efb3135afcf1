import { cached } from "../../cached";
import { isUnknown, reveal } from "../../model/values";
import { isUnset, type Field } from "../../shapes/fields";
import { identities, lastSegment } from "../../shapes/gcp/compute";
import { own, type ResourceView } from "../../shapes/resource";

/** What a reference property names: resources of the stack, names of resources outside it, or unknown. */
export interface Refs {
  readonly targets: readonly ResourceView[];
  /** Names it holds that match nothing in the stack (a network managed elsewhere, "default"). */
  readonly outside: readonly string[];
  /** Some value is unknown at preview and no dependency names its target. */
  readonly unknown: boolean;
}

/**
 * The resources of a stack, indexed so that a GCP reference (a name, an id, a self link) or, at
 * preview, the engine's property dependencies lead to the resource it names.
 */
export class GcpIndex {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  private readonly byIdentity = new Map<string, ResourceView[]>();

  constructor(views: readonly ResourceView[]) {
    for (const view of views) {
      this.byUrn.set(view.urn, view);
      cached(this.byType, view.type, () => []).push(view);
      for (const id of identities(view)) cached(this.byIdentity, id, () => []).push(view);
    }
  }

  ofType(...types: string[]): ResourceView[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /** The resources of these types a string names: exactly, or by a self link's last segment against the name. */
  named(reference: string, types: readonly string[]): ResourceView[] {
    const exact = (this.byIdentity.get(reference) ?? []).filter((v) => types.includes(v.type));
    if (exact.length > 0) return exact;
    const name = lastSegment(reference);
    return this.ofType(...types).filter((v) => reveal(own(v.props, "name")) === name);
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
      const named = this.named(value, types);
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
