/**
 * cls-guard as a library: fold its policies into your own pack.
 *
 *   import { PolicyPack } from "@pulumi/policy";
 *   import { clsGuardPolicies } from "cls-guard";
 *   new PolicyPack("my-pack", { policies: [...clsGuardPolicies({ settings: { trustedCidrs: ["198.51.100.0/24"] } }), ...mine] });
 *
 * Importing it never starts a policy server: only policies/index.ts, the ready pack the engine
 * runs, constructs a PolicyPack.
 */
export * from "./policies/pack";
