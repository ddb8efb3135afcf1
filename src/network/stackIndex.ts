import { cached } from "../cached";
import { canonicalAddress } from "../model/addresses";
import { isUnknown, reveal } from "../model/values";
import { own, type ResourceView } from "../shapes/resource";

/** How withValue compares values: as written (ids, names), or as IP addresses, which have several spellings. */
export type Spelling = "as written" | "address";

/** A resource that names another, and the top-level properties that do. */
export interface Mention {
  readonly view: ResourceView;
  readonly keys: readonly string[];
}

/** Every string in a value, secrets revealed, however deep. */
function* strings(value: unknown): Generator<string> {
  const v = reveal(value);
  if (typeof v === "string") yield v;
  else if (Array.isArray(v)) for (const item of v) yield* strings(item);
  else if (v !== null && typeof v === "object") for (const item of Object.values(v)) yield* strings(item);
}

/**
 * The resources of one stack, indexed so that following a link costs a lookup, not a scan
 * (stacks of 100k resources stay linear). Resources are linked by id once ids exist and, at
 * preview, by the engine's property dependencies.
 */
export class StackIndex {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly byId = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  private readonly reverses = new Map<string, Map<ResourceView, ResourceView[]>>();
  private readonly byValue = new Map<string, Map<unknown, ResourceView[]>>();
  private readonly mentionIndexes = new Map<string, Map<ResourceView, Mention[]>>();

  constructor(views: readonly ResourceView[]) {
    for (const view of views) {
      this.byUrn.set(view.urn, view);
      cached(this.byType, view.type, () => []).push(view);
      for (const key of ["id", "arn"]) {
        const value = reveal(own(view.props, key));
        if (typeof value === "string" && value !== "") this.byId.set(value, view);
      }
    }
  }

  ofType(type: string): ResourceView[] {
    return this.byType.get(type) ?? [];
  }

  withId(id: unknown): ResourceView | undefined {
    const value = reveal(id);
    return typeof value === "string" ? this.byId.get(value) : undefined;
  }

  /**
   * The resources a property refers to: by the URNs the engine recorded for it and by the ids it
   * holds. `unknown` is set when some reference is unknown and no dependency names its target.
   */
  refs(view: ResourceView, key: string, value: unknown = own(view.props, key), types?: readonly string[]): { targets: ResourceView[]; unknown: boolean } {
    const raw = reveal(value);
    const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    const found = new Set<ResourceView>();
    let linked = false;
    for (const urn of view.propertyDependencies[key] ?? []) {
      const dependency = this.byUrn.get(urn);
      linked ||= dependency !== undefined;
      this.collect(found, dependency, types);
    }
    let unknown = false;
    for (const v of values) {
      const id = reveal(v);
      if (isUnknown(id)) unknown = true;
      else this.collect(found, this.withId(id), types);
    }
    return { targets: [...found], unknown: unknown && !linked };
  }

  private collect(found: Set<ResourceView>, target: ResourceView | undefined, types: readonly string[] | undefined): void {
    if (target && (!types || types.includes(target.type))) found.add(target);
  }

  targets(view: ResourceView, key: string, value?: unknown, types?: readonly string[]): ResourceView[] {
    return this.refs(view, key, value, types).targets;
  }

  /** Who refers to a resource, by one relation: built once per relation. */
  referrers(relation: string, types: readonly string[], targetsOf: (view: ResourceView) => ResourceView[]): Map<ResourceView, ResourceView[]> {
    return cached(this.reverses, relation, () => {
      const index = new Map<ResourceView, ResourceView[]>();
      for (const view of types.flatMap((t) => this.ofType(t))) {
        for (const target of new Set(targetsOf(view))) cached(index, target, () => []).push(view);
      }
      return index;
    });
  }

  referring(relation: string, types: readonly string[], to: ResourceView, targetsOf: (view: ResourceView) => ResourceView[]): ResourceView[] {
    return this.referrers(relation, types, targetsOf).get(to) ?? [];
  }

  /**
   * Resources of some types whose prop `key` holds a value, or lists it (an instance by its primary
   * network interface id, an interface by one of its private IPs): indexed once per key.
   */
  withValue(key: string, types: readonly string[], value: unknown, spelling: Spelling = "as written"): ResourceView[] {
    const canonical = spelling === "address" ? (v: unknown) => (typeof v === "string" ? canonicalAddress(v) : v) : (v: unknown) => v;
    const index = cached(this.byValue, `${key} ${types.join(" ")} ${spelling}`, () => {
      const byKey = new Map<unknown, ResourceView[]>();
      for (const view of types.flatMap((t) => this.ofType(t))) {
        const held = reveal(own(view.props, key));
        for (const item of new Set((Array.isArray(held) ? held : [held]).map((v) => canonical(reveal(v))))) cached(byKey, item, () => []).push(view);
      }
      return byKey;
    });
    const wanted = reveal(value);
    return typeof wanted === "string" && wanted !== "" ? (index.get(canonical(wanted)) ?? []) : [];
  }

  /**
   * Who names a resource anywhere in their props - by its id or ARN, or at preview by a property
   * dependency - among the types `include` accepts, with the top-level keys that do. Built once per
   * relation, walking only the props of those types.
   */
  mentions(relation: string, include: (type: string) => boolean, to: ResourceView): readonly Mention[] {
    return cached(this.mentionIndexes, relation, () => this.buildMentions(include)).get(to) ?? [];
  }

  private buildMentions(include: (type: string) => boolean): Map<ResourceView, Mention[]> {
    const index = new Map<ResourceView, Mention[]>();
    for (const [type, views] of this.byType) {
      if (!include(type)) continue;
      for (const view of views) {
        const named = new Map<ResourceView, Set<string>>();
        const note = (target: ResourceView | undefined, key: string) => target && target !== view && cached(named, target, () => new Set()).add(key);
        for (const [key, urns] of Object.entries(view.propertyDependencies)) for (const urn of urns) note(this.byUrn.get(urn), key);
        for (const [key, value] of Object.entries(view.props)) for (const text of strings(value)) note(this.byId.get(text), key);
        for (const [target, keys] of named) cached(index, target, () => []).push({ view, keys: [...keys] });
      }
    }
    return index;
  }
}
