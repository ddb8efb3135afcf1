/**
 * cls-guard as a library: fold its policies into your own pack.
 *
 *   import { PolicyPack } from "@pulumi/policy";
 *   import { clsGuardPolicies } from "cls-guard";
 *   new PolicyPack("my-pack", { policies: [...clsGuardPolicies({ settings: { trustedCidrs: ["198.51.100.0/24"] } }), ...mine] });
 *
 * Importing it never starts a policy server: only policies/serve.ts, which the ready pack's entry
 * (policies/index.ts, the module the engine runs) starts in a worker thread, constructs a PolicyPack.
 */
export * from "./policies/pack";
