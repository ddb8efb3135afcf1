import type { ClsGuardPolicy } from "../src/policy";
import { clsDenyExplicit } from "./cls-deny-explicit";
import { clsPortsCarved } from "./cls-ports-carved";
import { clsPortsClosed } from "./cls-ports-closed";
import { justificationValid } from "./justification-valid";
import { mediaRangeInboundJustified } from "./media-range-inbound-justified";

/** Every cls-guard policy, in the order reports list them. */
export const RULES: readonly ClsGuardPolicy[] = [clsPortsClosed, mediaRangeInboundJustified, justificationValid, clsDenyExplicit, clsPortsCarved];
