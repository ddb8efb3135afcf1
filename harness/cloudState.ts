import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "./programRun";
import { isPlainObject } from "./providerSchema";

/**
 * What the mock runner's clouds share: values only a cloud knows after an update (an id in the
 * provider's form, outputs other resources are linked by), looked up among the resources
 * registered before, and stable stand-ins for addresses and random identifiers.
 */
export type Props = Record<string, unknown>;
export type MockArgs = Parameters<pulumi.runtime.Mocks["newResource"]>[0];

/** What only the cloud knows after an update: a resource's id where it is not `<name>-id`, and outputs other resources are linked by. */
export interface Computed {
  readonly id?: unknown;
  readonly outputs?: Props;
}

/** Per type token, what the cloud computes for a resource created from `args`. */
export type ComputedTable = Record<string, (args: MockArgs, registered: Registered) => Computed>;

/** The resources registered so far: resources register after those whose outputs they take (a firewall after its subnets). */
export class Registered {
  constructor(private readonly resources: readonly RecordedResource[]) {}

  withOutput(key: string, value: unknown): RecordedResource | undefined {
    return value === undefined ? undefined : this.resources.find((r) => r.outputs[key] === value);
  }
}

function digest(name: string): Buffer {
  return createHash("sha256").update(name).digest();
}

/** A stable documentation address (RFC 5737) per resource name. */
export function publicIp(name: string): string {
  return `203.0.113.${1 + (digest(name)[0] % 254)}`;
}

/** A stable UUID-shaped identifier per name, where a cloud hands out a random one (Azure's etags, resource GUIDs). */
export function stableUuid(name: string): string {
  const hex = digest(name).toString("hex");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-");
}

/** The `n`th address of an IPv4 CIDR ("10.1.2.0/24", 4 -> "10.1.2.4"), as clouds hand out private addresses in order. */
export function hostOf(cidr: unknown, n: number): string | undefined {
  const match = typeof cidr === "string" ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(cidr) : null;
  if (!match) return undefined;
  const base = match.slice(1).reduce((acc, octet) => acc * 256 + Number(octet), 0) + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
}

/** A secret's value: the mock runner gets a secret input wrapped as the engine's `{ <sig>: <secret sig>, value }`, nested secrets lifted to the enclosing object. */
export function revealed(value: unknown): unknown {
  return isPlainObject(value) && value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? value.value : value;
}

/** A list input as the program gave it, each item an object (anything else is left to the provider's schema). */
export function items(value: unknown): Props[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}
