// The module @pulumi/policy's index re-exports these from; importing it alone spares the CLI
// loading all of @pulumi/pulumi (half a second per run).
import * as policy from "@pulumi/policy/proxy";
import { reveal, Secret, UNKNOWN } from "../model/values";

/**
 * @pulumi/policy exports these at runtime (1.21+) but strips them from its typings as internal.
 * The proxy throws UnknownValueError when a policy reads a value unknown at preview; the policy
 * server turns an escaping UnknownValueError into an advisory "can't run ... during preview".
 */
type UnknownValueErrorClass = new (sentinel: string, path: string[]) => Error;
export const UnknownValueError: UnknownValueErrorClass = (policy as unknown as { UnknownValueError: UnknownValueErrorClass }).UnknownValueError;
export const unknownCheckingProxy: <T>(value: T) => T = (policy as unknown as { unknownCheckingProxy: <T>(value: T) => T }).unknownCheckingProxy;
/** The engine's sentinel for an unknown value (the string form, also in preview JSON). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every value the proxy treats as unknown (one sentinel per kind of value), read from the proxy module itself. */
export const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set(
  Object.entries(policy as unknown as Record<string, unknown>)
    .filter(([name]) => /^unknown[A-Z]\w*Value$/.test(name))
    .map(([, value]) => value),
);

/**
 * A resource as the shape readers see it, whoever delivered it (the engine, a stack export, a
 * preview file): plain data in `props`, unknowns as UNKNOWN, secrets as Secret.
 */
export interface ResourceView {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Property name -> URNs of the resources whose outputs flowed into it. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export type Props = Record<string, unknown>;

/** Keys @pulumi/policy's proxy answers itself: "am I a proxy?" and "the object I wrap" (its serializer reads props so). */
const { isSpecialProxy: IS_PROXY, getSpecialProxyTarget: PROXY_TARGET } = policy as unknown as { isSpecialProxy: string; getSpecialProxyTarget: string };

/**
 * Whether these are props behind @pulumi/policy's proxy, which then hands out the object it wraps.
 * Reading through the proxy instead allocates a proxy and a path per value read, which made reading
 * the stack the largest cost of AnalyzeStack. Only the props object itself is asked (the policy
 * server always hands it over behind the proxy), so those keys deeper in the data stay data.
 */
const isProxy = (props: unknown): props is Props => props !== null && typeof props === "object" && (props as Props)[IS_PROXY] === true;

/**
 * Copies props, behind @pulumi/policy's unknown-checking proxy or not, into plain data, with each
 * value the proxy would refuse to read (UNKNOWN_SENTINELS: unknown at preview) as UNKNOWN. Objects
 * get no prototype, so keys such as "__proto__" or "constructor" stay ordinary keys.
 */
export function snapshot(props: unknown): unknown {
  return plainCopy(isProxy(props) ? props[PROXY_TARGET] : props);
}

/**
 * The props @pulumi/policy hands a policy, in reader form. The object behind the proxy is the
 * call's own decoding (a policy's alone, or shared by the ready pack's policies: a form already read
 * reads the same again), so it is put in reader form where it is (each unknown sentinel becomes
 * UNKNOWN), not copied. At 100k
 * resources a copy was a second stack in the heap, which every scavenge moved. An object that
 * inherits from anything but the plain prototypes (the deserializer sets a prototype where the data
 * has a "__proto__" key) is copied without one; props that are no proxy are copied by snapshot().
 */
export function ownedProps(props: unknown): unknown {
  return isProxy(props) ? readerFormInPlace(props[PROXY_TARGET]) : snapshot(props);
}

function readerFormInPlace(value: unknown): unknown {
  if (UNKNOWN_SENTINELS.has(value)) return UNKNOWN;
  if (value === null || typeof value !== "object") return value;
  if (Object.getPrototypeOf(value) !== (Array.isArray(value) ? Array.prototype : Object.prototype)) return plainCopy(value);
  const container = value as Props;
  for (const key in container) {
    const v = container[key];
    if (v === null || (typeof v !== "object" && typeof v !== "string")) continue;
    const read = readerFormInPlace(v);
    if (read !== v) container[key] = read;
  }
  return container;
}

function plainCopy(value: unknown): unknown {
  if (value instanceof Secret) return new Secret(plainCopy(value.value));
  if (UNKNOWN_SENTINELS.has(value)) return UNKNOWN;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => readSafely(value, i));
  const copy: Props = Object.create(null);
  for (const key of Object.keys(value)) copy[key] = readSafely(value as Props, key);
  return copy;
}

/** Data from a proxy that hands out no target is read through it, and what it refuses is UNKNOWN. */
function readSafely(container: Props | unknown[], key: string | number): unknown {
  try {
    return plainCopy((container as Record<string | number, unknown>)[key]);
  } catch (e) {
    if (e instanceof UnknownValueError) return UNKNOWN;
    throw e;
  }
}

/** An own property of a props object, or undefined; never something inherited. */
export function own(object: unknown, key: string): unknown {
  if (object === null || typeof object !== "object" || object instanceof Secret) return undefined;
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Props)[key] : undefined;
}

/** A list-valued prop as its items; anything else (absent, unknown, not a list) as none. */
export function listOf(value: unknown): unknown[] {
  const v = reveal(value);
  return Array.isArray(v) ? v : [];
}

/** A props object: not an array, a secret or an unknown. */
export function isRecord(value: unknown): value is Props {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Secret);
}

/** How a reviewer knows a resource: `Subnet "edge-public"`. */
export function resourceLabel(view: Pick<ResourceView, "type" | "name">): string {
  // Every rule's label starts with it: the kind is the type's last segment, taken without a split.
  return `${view.type.slice(view.type.lastIndexOf(":") + 1)} "${view.name}"`;
}
