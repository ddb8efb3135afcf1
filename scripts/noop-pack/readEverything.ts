import { PolicyPack, type StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError } from "../../src/shapes/resource";

/**
 * The benchmark's baselines for AnalyzeStack: packs whose stack policies do the least any stack
 * policy pays, reading every resource's props through @pulumi/policy's proxy, key by key, as a
 * policy that looked at everything would. Nothing is reported.
 */
function readEverything(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    try {
      readEverything((value as Record<string, unknown>)[key]);
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
    }
  }
}

const reader = (name: string, reads: boolean): StackValidationPolicy => ({
  name,
  description: reads ? "reads every prop, reports nothing" : "reads nothing, reports nothing",
  enforcementLevel: "advisory",
  validateStack: (args) => {
    if (reads) args.resources.forEach((r) => readEverything(r.props));
  },
});

/** Starts the pack's gRPC server, as a pack's entry module does; the first `readers` policies read every prop. */
export function startNoopPack(name: string, stackPolicies: number, readers = stackPolicies): void {
  new PolicyPack(name, { policies: Array.from({ length: stackPolicies }, (_, i) => reader(`noop-${i + 1}`, i < readers)) });
}
