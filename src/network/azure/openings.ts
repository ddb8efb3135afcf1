import type { ResourceView } from "../../shapes/resource";
import { taggedSubject } from "../../shapes/justifications";
import { OpeningWithPaths, type Opening } from "../paths";
import { AzureNetwork } from "./paths";
import { dnatForwards } from "./dnat";


/**
 * Every inbound allow of the stack's Azure NSGs (inline or standalone), each with the resources
 * whose tags may justify it (the rule resource, then its NSG) and the paths to the hosts it guards;
 * and every Azure Firewall DNAT rule, judged by the port and host it forwards to.
 */
export function azureOpenings(views: readonly ResourceView[]): Opening[] {
  const network = new AzureNetwork(views);
  const unlinked = network.unlinked
    .filter((u) => u.rule.allows)
    .map((u): Opening => ({ rule: u.rule.rule, subjects: [taggedSubject(u.view)], unlinked: u.why }));
  const linked = network.nsgs.flatMap((nsg) =>
    nsg.entries
      .filter((e) => network.isOpening(nsg, e))
      .map((e) => new OpeningWithPaths(network.openingRule(nsg, e), [...(e.view ? [taggedSubject(e.view)] : []), taggedSubject(nsg.view)], () => network.pathsFor(nsg, e))),
  );
  const dnat = dnatForwards(network).map((d): Opening => ({ rule: d.rule, subjects: d.subjects.map(taggedSubject), unlinked: d.unlinked, paths: d.paths }));
  return [...linked, ...unlinked, ...dnat];
}
