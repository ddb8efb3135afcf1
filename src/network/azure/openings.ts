import { ADMIN_RULE_TYPES, alwaysAllowRule } from "../../shapes/azure/adminRules";
import type { ResourceView } from "../../shapes/resource";
import { taggedSubject } from "../../shapes/justifications";
import { OpeningWithPaths, type Opening } from "../paths";
import { AzureNetwork } from "./paths";
import { dnatForwards } from "./dnat";


const ALWAYS_ALLOWED =
  "Azure Virtual Network Manager applies an AlwaysAllow admin rule to the virtual networks of its network groups before their NSGs, and no NSG can deny what it allows; which networks those are is not followed, so no NSG or firewall was credited";

/**
 * Every inbound allow of the stack's Azure NSGs (inline or standalone), each with the resources
 * whose tags may justify it (the rule resource, then its NSG) and the paths to the hosts it guards;
 * every Azure Firewall DNAT rule, judged by the port and host it forwards to; and every inbound
 * AlwaysAllow security admin rule of Virtual Network Manager, which no NSG can stop.
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
  const admin = ADMIN_RULE_TYPES.flatMap((t) => network.index.stack.ofType(t)).flatMap((view): Opening[] => {
    const always = alwaysAllowRule(view);
    if (!always) return [];
    // Which networks it reaches is not followed: VirtualNetwork may hold what any subnet's routes add to it.
    const routed = always.fromVirtualNetwork ? network.routedAnywhere() : undefined;
    const sources = routed ? [...always.rule.sources, { kind: "cidr" as const, text: `VirtualNetwork (holding the route prefixes of the stack's subnets: ${routed.text})`, addresses: routed.addresses }] : always.rule.sources;
    return [{ rule: { ...always.rule, sources }, subjects: [taggedSubject(view)], paths: { paths: [], missing: ALWAYS_ALLOWED } }];
  });
  return [...linked, ...unlinked, ...dnat, ...admin];
}
