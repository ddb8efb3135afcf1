import { RULES } from "../../../policies/rules";
import { sharePolicyServerDecoding } from "../../../policies/sharedDecoding";
import { startNoopPack } from "../readEverything";

// Served as cls-guard's stack policies are: one decoding of the request and one reading of the
// props between them (cls-guard's first policy reads, the others share its reading), so that what
// cls-guard takes beyond this pack is its judging and nothing else.
sharePolicyServerDecoding();
startNoopPack("noop-served-as-cls-guard", RULES.filter((rule) => rule.scope === "stack").length, 1);
