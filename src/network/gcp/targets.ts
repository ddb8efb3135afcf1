import type { Doubt } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import type { Field } from "../../shapes/fields";
import { own } from "../../shapes/resource";
import { NETWORK } from "../../shapes/gcp/compute";
import type { GcpRule } from "../../shapes/gcp/rules";
import type { GcpHost } from "./hosts";
import type { GcpIndex } from "./index";
import { networkOfView, outsideNetwork, sameNetwork, type NetworkRef } from "./networks";

/**
 * Whether a rule applies to a host: "untraceable" when it targets secure tags, which cls-guard
 * does not follow to instances (an allow of it is read as applying, a deny earns no credit).
 */
export type Applies = { readonly state: "yes" | "no" } | { readonly state: "unknown"; readonly doubt: Doubt } | { readonly state: "untraceable"; readonly why: string };

const YES: Applies = { state: "yes" };
const NO: Applies = { state: "no" };

function unknownTarget(rule: GcpRule, host: GcpHost, what: string): Applies {
  return { state: "unknown", doubt: { kind: "unknown", field: `${rule.view.name} targets`, detail: `whether ${rule.label} applies to ${host.name} is not known at preview (${what} unknown)` } };
}

/** Whether any of the rule's values is among the host's; unknown on either side is unknown. */
function overlap(rule: GcpRule, host: GcpHost, wanted: readonly Field[], held: readonly unknown[], what: string): Applies {
  if (wanted.some((f) => isUnknown(f.value)) || held.some(isUnknown)) return unknownTarget(rule, host, what);
  const have = new Set(held.map(reveal));
  return wanted.some((f) => have.has(reveal(f.value))) ? YES : NO;
}

/** A host without a service account runs as the project's default compute account, whose email the stack does not hold. */
const DEFAULT_ACCOUNT = /-compute@developer\.gserviceaccount\.com$/;

function byAccount(rule: GcpRule, host: GcpHost): Applies {
  if (host.outside?.anyAccount) return { state: "untraceable", why: `${host.name} may run as any service account` };
  const email = host.machine.serviceAccount.value;
  if (isUnknown(email)) return unknownTarget(rule, host, "its service account");
  const own = reveal(email);
  if (typeof own === "string" && own !== "") return overlap(rule, host, rule.targets.serviceAccounts, [own], "target service accounts");
  const maybeDefault = rule.targets.serviceAccounts.some((f) => DEFAULT_ACCOUNT.test(String(reveal(f.value))));
  return maybeDefault ? { state: "untraceable", why: `${host.name} has no service account set, so it runs as the project's default compute account, which may be ${describe(rule.targets.serviceAccounts[0].value)}` } : NO;
}

function byNetwork(index: GcpIndex, rule: GcpRule, host: GcpHost, network: NetworkRef): Applies {
  const named = rule.targets.networks.map((f) => index.refs(rule.view, f, [NETWORK]));
  const networks = named.flatMap((r) => [...r.targets.map(networkOfView), ...r.outside.map((s) => outsideNetwork(s, rule.view))]);
  if (networks.some((n) => sameNetwork(n, network))) return YES;
  return named.some((r) => r.unknown) ? unknownTarget(rule, host, "targetResources") : NO;
}

/** GCP: no targets means every instance of the network; target tags and accounts each select instances. */
export function appliesTo(index: GcpIndex, rule: GcpRule, host: GcpHost, network: NetworkRef): Applies {
  const t = rule.targets;
  if (t.networks.length > 0) {
    const inNetwork = byNetwork(index, rule, host, network);
    if (inNetwork.state !== "yes") return inNetwork;
  }
  if (t.secureTags.length > 0) return { state: "untraceable", why: `${rule.label} targets secure tags (${t.secureTags.map((f) => display(own(f.value, "name") ?? f.value)).join(", ")}), which cls-guard does not follow to instances` };
  if (t.tags.length > 0) return overlap(rule, host, t.tags, host.machine.tags.map((f) => f.value), "network tags");
  if (t.serviceAccounts.length > 0) return byAccount(rule, host);
  return YES;
}
