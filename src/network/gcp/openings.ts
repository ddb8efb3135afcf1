import { once } from "../../cached";
import { describedSubject } from "../../shapes/justifications";
import type { GcpRule } from "../../shapes/gcp/rules";
import type { ResourceView } from "../../shapes/resource";
import { OpeningWithPaths, type GroupPaths, type Opening } from "../paths";
import { GcpNetwork, unlinkedPath } from "./paths";
import type { OrphanRule, Policy } from "./policies";

/** GCP lets traffic in by enabled ingress allows only; disabled rules are not evaluated at all. */
const isOpening = (rule: GcpRule) => rule.action === "allow" && rule.ingress && !rule.disabled;

/** The rule's entries as openings; they share one build of the rule's paths, run only if the verdict reads them. */
function openingsOf(rule: GcpRule, paths: () => GroupPaths | undefined): Opening[] {
  if (!isOpening(rule)) return [];
  const subjects = [describedSubject(rule)];
  const shared = once(paths);
  return rule.entries.map((entry) => new OpeningWithPaths(entry, subjects, shared));
}

/** A policy rule whose policy could not be placed: nothing before it can be followed, and the opening says why. */
function orphanOpenings({ rule, why, doubt }: OrphanRule): Opening[] {
  if (!isOpening(rule)) return [];
  const subjects = [describedSubject(rule)];
  const paths = doubt ? { paths: [unlinkedPath(`the firewall policy of ${rule.label}`, doubt)] } : undefined;
  return rule.entries.map((entry) => ({ rule: entry, subjects, unlinked: why, paths }));
}

function policyOpenings(network: GcpNetwork, policy: Policy): Opening[] {
  return policy.rules.flatMap((rule) => openingsOf(rule, () => network.policyPaths(rule, policy)));
}

/** Every GCP ingress allow of a stack (VPC firewall rules and firewall policy rules), with its justification and the rules GCP evaluates before it. */
export function gcpOpenings(views: readonly ResourceView[]): Opening[] {
  const network = new GcpNetwork(views);
  return [
    ...network.firewalls.flatMap(({ rule, link }) => openingsOf(rule, () => network.vpcPaths(rule, link))),
    ...network.policies.flatMap((policy) => policyOpenings(network, policy)),
    ...network.orphans.flatMap(orphanOpenings),
  ];
}
