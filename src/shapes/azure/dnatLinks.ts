import { listOf, own, type ResourceView } from "../resource";
import { identityOf, linkAt, parentRef, type Link, type NameRef } from "./links";
import { CLASSIC, NATIVE } from "./types";

/**
 * How the resources that carry DNAT rules name the firewall that applies them: a firewall's own
 * collections, a classic collection by the firewall's name, a rule collection group by its
 * firewall policy (by name in azure-native, by id in the classic provider), which firewalls name
 * in turn.
 */
export type DnatCarrier =
  | { readonly kind: "firewall itself" }
  | { readonly kind: "firewall" | "policy"; readonly name: NameRef }
  | { readonly kind: "policy"; readonly link: Link };

const nameRef = (view: ResourceView, key: string): NameRef => ({ name: own(view.props, key), resourceGroup: own(view.props, "resourceGroupName"), key });

/** What applies the DNAT rules of a resource, or undefined for a resource that carries none. */
export function dnatCarrier(view: ResourceView): DnatCarrier | undefined {
  if (view.type === NATIVE.firewall) return { kind: "firewall itself" };
  if (view.type === CLASSIC.natRuleCollection) return { kind: "firewall", name: nameRef(view, "azureFirewallName") };
  if (view.type === NATIVE.policyGroup) return { kind: "policy", name: parentRef(view, "firewallPolicyName", "firewallPolicies") };
  if (view.type === CLASSIC.policyGroup) return { kind: "policy", link: { key: "firewallPolicyId", value: own(view.props, "firewallPolicyId"), path: "firewallPolicyId" } };
  return undefined;
}

/** A firewall's policy, its public IP addresses (the ones a DNAT rule is reached on) and its subnet (AzureFirewallSubnet, the source of what it forwards). */
export interface FirewallShape {
  readonly policy?: Link;
  readonly publicIps: readonly Link[];
  readonly subnets: readonly Link[];
}

/** The bridged provider writes "" and null for unset links. */

export function firewallShape(view: ResourceView): FirewallShape {
  const ipConfigs = listOf(own(view.props, "ipConfigurations"));
  const at = (i: number, rest: string) => `ipConfigurations[${i}].${rest}`;
  if (view.type === NATIVE.firewall) {
    return {
      policy: linkAt("firewallPolicy", own(own(view.props, "firewallPolicy"), "id"), "firewallPolicy.id")[0],
      publicIps: ipConfigs.flatMap((c, i) => linkAt("ipConfigurations", own(own(c, "publicIPAddress"), "id"), at(i, "publicIPAddress.id"))),
      subnets: ipConfigs.flatMap((c, i) => linkAt("ipConfigurations", own(own(c, "subnet"), "id"), at(i, "subnet.id"))),
    };
  }
  return {
    policy: linkAt("firewallPolicyId", own(view.props, "firewallPolicyId"), "firewallPolicyId")[0],
    publicIps: ipConfigs.flatMap((c, i) => linkAt("ipConfigurations", own(c, "publicIpAddressId"), at(i, "publicIpAddressId"))),
    subnets: ipConfigs.flatMap((c, i) => linkAt("ipConfigurations", own(c, "subnetId"), at(i, "subnetId"))),
  };
}

/** Name and resource group of a firewall or firewall policy (see identityOf). */
export function firewallIdentity(view: ResourceView): { name?: string; resourceGroup?: string } {
  return identityOf(view, ["azureFirewallName", "firewallPolicyName"]);
}
