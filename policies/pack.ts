import type { Policies } from "@pulumi/policy";
import { toPulumiPolicies, toPulumiPolicy, type PackOptions } from "./adapter";
import { RULES } from "./rules";

/**
 * The library face of cls-guard: fold its policies into your own PolicyPack with your settings.
 * This module never constructs a PolicyPack (that starts the gRPC server); serve.ts does.
 *
 *   new PolicyPack("my-pack", { policies: [...clsGuardPolicies({ settings: { trustedCidrs: ["198.51.100.0/24"] } }), ...mine] });
 */
export function clsGuardPolicies(options: PackOptions = {}): Policies {
  return toPulumiPolicies(RULES, options);
}

export { RULES, toPulumiPolicies, toPulumiPolicy, type PackOptions };
export { sharePolicyServerDecoding } from "./sharedDecoding";
export { clsPortsClosed } from "./cls-ports-closed";
export { mediaRangeInboundJustified } from "./media-range-inbound-justified";
export { justificationValid } from "./justification-valid";
export { clsDenyExplicit } from "./cls-deny-explicit";
export { clsPortsCarved } from "./cls-ports-carved";
export type { Settings, CentralException } from "../src/settings";
export type { PortSpec } from "../src/verdict/exposure";
export type { ClsGuardPolicy, Severity } from "../src/policy";
