import type { Doubt } from "../../model/rule";
import { describe, isUnknown, reveal } from "../../model/values";
import { isUnset } from "../../shapes/fields";
import { enforcementOrder } from "../../shapes/gcp/compute";
import type { NetworkRef } from "./networks";

/**
 * Where a network evaluates its network firewall policies against its VPC firewall rules
 * (networkFirewallPolicyEnforcementOrder). "unsure": neither can be credited before the other.
 */
export type EnforcementOrder = { readonly kind: "after" | "before"; readonly evidence: string } | { readonly kind: "unsure"; readonly why: string; readonly doubt?: Doubt };

export function enforcementOrderOf(network: NetworkRef): EnforcementOrder {
  if (!network.view) return { kind: "unsure", why: `${network.label} is not in this stack, so whether its network firewall policies come before or after its VPC firewall rules is not known` };
  const f = enforcementOrder(network.view);
  const value = reveal(f.value);
  const said = `${network.label} has networkFirewallPolicyEnforcementOrder`;
  if (isUnset(f.value) || value === "AFTER_CLASSIC_FIREWALL") return { kind: "after", evidence: `${said} ${isUnset(f.value) ? "unset (AFTER_CLASSIC_FIREWALL, the default)" : value}` };
  if (value === "BEFORE_CLASSIC_FIREWALL") return { kind: "before", evidence: `${said} BEFORE_CLASSIC_FIREWALL` };
  if (isUnknown(f.value)) {
    const detail = `the networkFirewallPolicyEnforcementOrder of ${network.label} is not known at preview, so neither its VPC firewall rules nor its network firewall policies were credited before the other`;
    return { kind: "unsure", why: detail, doubt: { kind: "unknown", field: `${network.view.name} ${f.path}`, detail } };
  }
  return { kind: "unsure", why: `${said} ${describe(f.value)}, not AFTER_CLASSIC_FIREWALL or BEFORE_CLASSIC_FIREWALL, so neither its VPC firewall rules nor its network firewall policies were credited before the other` };
}
