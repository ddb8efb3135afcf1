import { PolicyPack } from "@pulumi/policy";
import { clsGuardPolicies } from "./pack";
import { sharePolicyServerDecoding } from "./sharedDecoding";

// cls-guard's stack policies read one decoding of each AnalyzeStack between them.
sharePolicyServerDecoding();
// Constructing the PolicyPack starts the gRPC server the engine talks to, and prints its port.
new PolicyPack("cls-guard", { policies: clsGuardPolicies() });
