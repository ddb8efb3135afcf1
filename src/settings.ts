import Ajv from "ajv";
import type { PortSpec } from "./verdict/exposure";

/**
 * Every setting a cls-guard policy can take. Pulumi configures each policy on its own
 * (`--policy-pack-config {"<policy>": {...}}`), so each policy declares which of these it reads and
 * the schema below is assembled per policy from the same property definitions.
 */
export interface CentralException {
  /** URN or resource name; `*` matches any run of characters, `?` one. */
  readonly resource: string;
  readonly reason?: string;
  readonly ticket?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
}

export interface Settings {
  readonly protectedPorts: readonly PortSpec[];
  readonly watchedPorts: readonly PortSpec[];
  readonly trustedCidrs: readonly string[];
  readonly trustedPrefixLists: readonly string[];
  readonly acceptedReasons: readonly string[];
  readonly maxJustificationDays: number;
  readonly exceptions: readonly CentralException[];
  readonly centralExceptionsOnly: boolean;
}

export type SettingName = keyof Settings;

const portSpecs = (description: string, defaults: PortSpec[]) => ({
  type: "array",
  description,
  default: defaults,
  items: {
    type: "object",
    additionalProperties: false,
    required: ["protocol", "from", "to"],
    properties: {
      protocol: { type: "string", enum: ["tcp", "udp"] },
      from: { type: "integer", minimum: 0, maximum: 65535 },
      to: { type: "integer", minimum: 0, maximum: 65535 },
    },
  },
});

const stringList = (description: string) => ({ type: "array", description, default: [], items: { type: "string" } });

export const DEFAULT_REASONS = ["ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path"];

/** JSON Schema of each setting, with its default: the engine and cls-guard both apply these. */
export const SETTING_SCHEMAS: Record<SettingName, object> = {
  protectedPorts: portSpecs("Ports that no external inbound rule may reach. Default: the CLS agent, TCP 50001-50003.", [
    { protocol: "tcp", from: 50001, to: 50003 },
  ]),
  watchedPorts: portSpecs("Ports whose inbound opening needs a justification. Default: the Edge media range, TCP/UDP 50000-59999.", [
    { protocol: "tcp", from: 50000, to: 59999 },
    { protocol: "udp", from: 50000, to: 59999 },
  ]),
  trustedCidrs: stringList("CIDR blocks treated as internal, besides private and reserved space (e.g. a partner's VPN)."),
  trustedPrefixLists: stringList("Managed prefix list ids treated as internal; any other prefix list counts as external."),
  acceptedReasons: { type: "array", description: "Reasons a justification may give.", default: DEFAULT_REASONS, items: { type: "string" }, minItems: 1 },
  maxJustificationDays: { type: "integer", description: "Longest time from today to a justification's expiry.", default: 365, minimum: 1 },
  exceptions: {
    type: "array",
    description: "Central exceptions kept by the security team: resources named by URN or name pattern.",
    default: [],
    items: {
      type: "object",
      additionalProperties: false,
      required: ["resource"],
      properties: {
        resource: { type: "string", minLength: 1 },
        reason: { type: "string" },
        ticket: { type: "string" },
        approvedBy: { type: "string" },
        expires: { type: "string" },
      },
    },
  },
  centralExceptionsOnly: {
    type: "boolean",
    description: "Accept central exceptions only, never tags: those who edit the firewall code cannot approve their own exception.",
    default: false,
  },
};

export interface ConfigSchema {
  readonly properties: Record<string, object>;
}

export function configSchemaFor(names: readonly SettingName[]): ConfigSchema {
  return { properties: Object.fromEntries(names.map((n) => [n, SETTING_SCHEMAS[n]])) };
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function validatorFor(names: readonly SettingName[]) {
  const key = names.join(",");
  if (!validators.has(key)) {
    validators.set(key, ajv.compile({ type: "object", additionalProperties: false, properties: configSchemaFor(names).properties }));
  }
  return validators.get(key)!;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/**
 * Validates a policy's config against the settings it declares (an undeclared key is a typo, not
 * something to ignore) and applies defaults as the engine does, for every setting, so the decision
 * code always gets a whole Settings.
 */
export function resolveSettings(raw: unknown, names: readonly SettingName[]): SettingsResult {
  const config = JSON.parse(JSON.stringify(raw ?? {}));
  const validate = validatorFor(names);
  if (!validate(config)) {
    return { ok: false, errors: (validate.errors ?? []).map((e) => `${e.instancePath || "config"} ${e.message}${e.params && "additionalProperty" in e.params ? ` "${e.params.additionalProperty}"` : ""}`) };
  }
  fillDefaults(config);
  return { ok: true, settings: config as Settings };
}

/** Validated already; run only for the defaults it writes. */
const fillDefaults = ajv.compile({ type: "object", properties: SETTING_SCHEMAS });
