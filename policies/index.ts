import { PolicyPack } from "@pulumi/policy";
import { clsGuardPolicies } from "./pack";

// The pack's entry: the engine runs this module, and constructing the PolicyPack starts the
// gRPC server the engine talks to. Everything else lives in modules that are safe to import.
new PolicyPack("cls-guard", { policies: clsGuardPolicies() });
