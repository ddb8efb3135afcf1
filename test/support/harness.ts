import type { EnforcementLevel, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { clsGuardPolicies, type PackOptions } from "../../policies/pack";
import type { EngineResource } from "../../harness/engine";
import { UnknownValueError, unknownCheckingProxy } from "../../src/shapes/resource";

/**
 * Runs the pack's real @pulumi/policy policy objects the way the policy server does: props behind
 * unknownCheckingProxy, getConfig per policy, notApplicable throwing, stack tags, and an escaping
 * UnknownValueError turned into an advisory. Engine-protocol tests cover the server itself.
 */
export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Property name -> names of resources (in the same list) that feed it. */
  readonly propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly message: string;
  readonly urn?: string;
}

export type PolicyConfig = Record<string, Record<string, unknown> & { enforcementLevel?: EnforcementLevel }>;

export const TODAY = new Date("2026-11-21T12:00:00Z");

export function urnOf(r: Pick<TestResource, "type" | "name">): string {
  return `urn:pulumi:test::cls-guard::${r.type}::${r.name}`;
}

/** The same resources as the engine would send them: URNs, and dependencies by URN. */
export function toEngine(resources: readonly TestResource[]): EngineResource[] {
  const urns = new Map(resources.map((r) => [r.name, urnOf(r)]));
  return resources.map((r) => ({
    urn: urnOf(r),
    type: r.type,
    name: r.name,
    props: r.props,
    propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, names]) => [k, names.map((n) => urns.get(n)!)])),
  }));
}

class NotApplicable extends Error {}

/** The engine fills a policy's config from its schema defaults, then the user's settings. */
function argsCommon(policy: ResourceValidationPolicy | StackValidationPolicy, config: PolicyConfig) {
  const { enforcementLevel: _level, ...properties } = config[policy.name] ?? {};
  const schema = (policy.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
  const defaults = Object.fromEntries(Object.entries(schema).map(([k, s]) => [k, s.default]));
  return {
    getConfig: <T>() => ({ ...defaults, ...properties }) as T,
    stackTags: new Map<string, string>([["env", "test"]]),
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

function toPolicyResources(resources: readonly TestResource[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const out = resources.map((r) => {
    // A JSON copy, not structuredClone: under jest that returns objects of another realm, which the
    // proxy (an `instanceof Object` check) would not wrap.
    const props = unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)));
    const resource = {
      type: r.type,
      name: r.name,
      urn: urnOf(r),
      props,
      opts: {} as PolicyResource["opts"],
      dependencies: [],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byName.set(r.name, resource);
    return resource;
  });
  resources.forEach((r, i) => {
    for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
      out[i].propertyDependencies[key] = names.map((n) => byName.get(n)!).filter(Boolean);
    }
  });
  return out;
}

async function runOne(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: readonly TestResource[],
  config: PolicyConfig,
  level: EnforcementLevel,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const report = (message: string, urn?: string) => diagnostics.push({ policy: policy.name, level, message, urn });
  const attempt = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof UnknownValueError) diagnostics.push({ policy: policy.name, level: "advisory", message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}` });
      else if (!(e instanceof NotApplicable)) throw e;
    }
  };
  if ("validateStack" in policy) {
    await attempt(() => policy.validateStack({ resources: toPolicyResources(resources), ...argsCommon(policy, config) }, report));
  } else {
    for (const r of toPolicyResources(resources)) {
      const validate = policy.validateResource as Exclude<ResourceValidationPolicy["validateResource"], unknown[] | undefined>;
      await attempt(() => validate({ type: r.type, name: r.name, urn: r.urn, props: r.props, opts: {} as never, isType: r.isType, asType: r.asType, ...argsCommon(policy, config) } as never, report));
    }
  }
  return diagnostics;
}

/** Every diagnostic the whole pack produces for these resources. */
export async function runPack(resources: readonly TestResource[], config: PolicyConfig = {}, options: PackOptions = {}): Promise<Diagnostic[]> {
  const policies = clsGuardPolicies({ clock: () => TODAY, ...options }) as (ResourceValidationPolicy | StackValidationPolicy)[];
  const results: Diagnostic[] = [];
  for (const policy of policies) {
    const level = (config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory") as EnforcementLevel;
    if (level === "disabled") continue;
    results.push(...(await runOne(policy, resources, config, level)));
  }
  return results;
}

/**
 * What one policy reported, for table rows: one finding per expected level when fragments are
 * expected (none otherwise), whose messages hold every fragment.
 */
export function expectReported(diagnostics: readonly Diagnostic[], policy: string, fragments: readonly string[], levels: readonly EnforcementLevel[]): Diagnostic[] {
  const reported = diagnostics.filter((d) => d.policy === policy);
  expect(reported.map((d) => d.level)).toEqual(fragments.length > 0 ? levels : []);
  const text = reported.map((d) => d.message).join("\n");
  for (const fragment of fragments) expect(text).toContain(fragment);
  return reported;
}
