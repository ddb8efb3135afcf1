import * as proxy from "@pulumi/policy/proxy";
import type {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { cached } from "../src/cached";
import { isUnknown, Secret } from "../src/model/values";
import { evaluate, remediate, type ClsGuardPolicy } from "../src/policy";
import { configSchemaFor, type Settings } from "../src/settings";
import { ownedProps, snapshot, UNKNOWN_SENTINEL, UnknownValueError, type Props, type ResourceView } from "../src/shapes/resource";
import { COMMON_MESSAGES, say, type Finding } from "../src/verdict/finding";

export interface PackOptions {
  /** Team-wide settings, applied as the defaults of every policy that reads them. */
  readonly settings?: Partial<Settings>;
  readonly enforcementLevels?: Readonly<Record<string, EnforcementLevel>>;
  /** For tests: the day justifications are judged against. */
  readonly clock?: () => Date;
}

/**
 * Thrown after the definite violations are reported, so that @pulumi/policy turns it into the
 * advisory it uses for values unknown at preview, under the policy's own name.
 */
class UnverifiedAtPreview extends UnknownValueError {
  constructor(findings: readonly Finding[]) {
    super(UNKNOWN_SENTINEL, []);
    this.message = `cls-guard cannot verify ${findings.length} finding(s) until the update, when it checks them again: ${findings.map((f) => f.message).join(" | ")}`;
  }
}

function viewOfArgs(args: ResourceValidationArgs): ResourceView {
  return { urn: args.urn, type: args.type, name: args.name, props: ownedProps(args.props) as ResourceView["props"], propertyDependencies: {} };
}

function viewOfResource(r: PolicyResource): ResourceView {
  const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]));
  return { urn: r.urn, type: r.type, name: r.name, props: ownedProps(r.props) as ResourceView["props"], propertyDependencies };
}

/**
 * One reading of the stack per AnalyzeStack, shared by a group of stack policies.
 *
 * @pulumi/policy gives each stack policy resources and props proxies of its own, but each
 * resource's `opts.ignoreChanges` is the list held by the request's protobuf message: the same
 * array for every stack policy of one call, and gone with the call. The first resource's list thus
 * keys the call's views, and the group's policies share them (and the readings memoised on them). A
 * list the last resource shares too would be a library constant that outlives the call, so then
 * every policy reads for itself.
 *
 * The reading is let go as soon as the last policy of the group has it, not with the request: the
 * policy server serializes the engine's response while the request is still alive, and at 100k
 * resources a reading held that long keeps some 700 MB of it, near node's default heap limit. A
 * policy that a config disables never reads, and then the reading goes with the request.
 */
class SharedReading {
  private readonly calls = new WeakMap<object, { readonly views: ResourceView[]; readonly waiting: Set<string> }>();

  constructor(private readonly readers: readonly string[]) {}

  viewsFor(policy: string, resources: readonly PolicyResource[]): ResourceView[] {
    const read = () => resources.map(viewOfResource);
    const key = resources[0]?.opts?.ignoreChanges;
    const perCall = typeof key === "object" && key !== null && key !== resources[resources.length - 1].opts?.ignoreChanges;
    if (!perCall) return read();
    const reading = cached(this.calls, key, () => ({ views: read(), waiting: new Set(this.readers) }));
    reading.waiting.delete(policy);
    if (reading.waiting.size === 0) this.calls.delete(key);
    return reading.views;
  }
}

/**
 * Remediate hands props over behind two proxies (unknown-checking, then secrets-preserving) with
 * the wire's values inside: @pulumi/policy's Secret and the engine's unknown sentinels. A rewrite
 * must give every value back as it came - a secret still a secret - so it reads the object under
 * the proxies, not through them (reading through them reveals secrets).
 */
const { isSpecialProxy: IS_PROXY, getSpecialProxyTarget: PROXY_TARGET } = proxy as unknown as { isSpecialProxy: string; getSpecialProxyTarget: string };

type WireSecretClass = new (value: unknown) => { value: unknown };

function underProxies(value: unknown): unknown {
  let v = value;
  while (v !== null && typeof v === "object" && (v as Props)[IS_PROXY] === true) v = (v as Props)[PROXY_TARGET];
  return v;
}

/** Copies plain data, turning each value `replace` answers for into its answer. */
function mapValues(value: unknown, replace: (v: unknown) => { to: unknown } | undefined): unknown {
  const replaced = replace(value);
  if (replaced) return replaced.to;
  if (Array.isArray(value)) return value.map((v) => mapValues(v, replace));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapValues(v, replace)]));
}

/** Wire values to reader form: secrets as cls-guard's Secret; snapshot() then makes sentinels UNKNOWN. */
function fromWire(value: unknown, WireSecret: WireSecretClass): unknown {
  const read = (v: unknown): { to: unknown } | undefined => (v instanceof WireSecret ? { to: new Secret(mapValues(v.value, read)) } : undefined);
  return snapshot(mapValues(value, read));
}

/** Reader form back to wire values: secrets as @pulumi/policy's Secret, UNKNOWN as the engine's sentinel. */
function toWire(value: unknown, WireSecret: WireSecretClass): unknown {
  const write = (v: unknown): { to: unknown } | undefined =>
    v instanceof Secret ? { to: new WireSecret(mapValues(v.value, write)) } : isUnknown(v) ? { to: UNKNOWN_SENTINEL } : undefined;
  return mapValues(value, write);
}

function pick<T extends object>(object: T | undefined, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([k]) => keys.includes(k))) as Partial<T>;
}

/**
 * A policy's remediate() as @pulumi/policy's remediateResource. It never throws into the engine: on
 * any failure the resource stays as it is (undefined), and validateResource, which the engine runs
 * on the result, reports what is left.
 */
function remediation(policy: ClsGuardPolicy, packDefaults: object, clock: () => Date) {
  return async (args: ResourceValidationArgs): Promise<Props | undefined> => {
    try {
      // Loaded here, not at the top: it loads all of @pulumi/pulumi, which the CLI does without.
      const { Secret: WireSecret } = await import("@pulumi/policy");
      const view: ResourceView = { urn: args.urn, type: args.type, name: args.name, props: fromWire(underProxies(args.props), WireSecret) as Props, propertyDependencies: {} };
      const props = remediate(policy, view, { ...packDefaults, ...args.getConfig() }, clock());
      return props && (toWire(props, WireSecret) as Props);
    } catch {
      return undefined;
    }
  };
}

const levelOf = (policy: ClsGuardPolicy, options: PackOptions) => options.enforcementLevels?.[policy.name] ?? policy.enforcementLevel;

/**
 * cls-guard policies as @pulumi/policy wants them; the engine and the cls-guard CLI both run
 * these. The stack policies among them share one reading of the stack per AnalyzeStack.
 */
export function toPulumiPolicies(policies: readonly ClsGuardPolicy[], options: PackOptions = {}): (ResourceValidationPolicy | StackValidationPolicy)[] {
  const readers = policies.filter((p) => p.scope === "stack" && levelOf(p, options) !== "disabled").map((p) => p.name);
  const shared = new SharedReading(readers);
  return policies.map((policy) => adapt(policy, options, shared));
}

/** One cls-guard policy as @pulumi/policy wants it (toPulumiPolicies for several that share a reading). */
export function toPulumiPolicy(policy: ClsGuardPolicy, options: PackOptions = {}): ResourceValidationPolicy | StackValidationPolicy {
  return toPulumiPolicies([policy], options)[0];
}

function adapt(policy: ClsGuardPolicy, options: PackOptions, shared: SharedReading): ResourceValidationPolicy | StackValidationPolicy {
  const packDefaults = pick(options.settings, policy.settings);
  const schema = configSchemaFor(policy.settings);
  for (const [key, value] of Object.entries(packDefaults)) schema.properties[key] = { ...schema.properties[key], default: value };
  const clock = options.clock ?? (() => new Date());

  const run = (views: () => ResourceView[], config: object, report: ReportViolation) => {
    let findings: Finding[];
    try {
      findings = evaluate(policy, views(), { ...packDefaults, ...config }, clock());
    } catch (e) {
      findings = [{ urn: "", certainty: "definite", ...say(COMMON_MESSAGES, "unreadable", { error: e instanceof Error ? e.message : "unknown error" }) }];
    }
    for (const f of findings.filter((f) => f.certainty === "definite")) report(f.message, f.urn || undefined);
    const unverified = findings.filter((f) => f.certainty === "unverified");
    if (unverified.length > 0) throw new UnverifiedAtPreview(unverified);
  };

  const common = {
    name: policy.name,
    description: policy.description,
    enforcementLevel: levelOf(policy, options),
    configSchema: schema as ResourceValidationPolicy["configSchema"],
  };
  if (policy.scope === "resource") {
    return {
      ...common,
      validateResource: (args, report) => run(() => [viewOfArgs(args)], args.getConfig(), report),
      ...(policy.remediate ? { remediateResource: remediation(policy, packDefaults, clock) } : {}),
    };
  }
  return { ...common, validateStack: (args, report) => run(() => shared.viewsFor(policy.name, args.resources), args.getConfig(), report) };
}
