import { PolicyPack } from "@pulumi/policy";
import { clsGuardPolicies } from "./pack";

// Constructing the PolicyPack starts the gRPC server the engine talks to, and prints its port.
new PolicyPack("cls-guard", { policies: clsGuardPolicies() });
