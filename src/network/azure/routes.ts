import { cached } from "../../cached";
import { ALL_ADDRESSES } from "../../model/addresses";
import { isUnknown } from "../../model/values";
import { identityOf, type Link } from "../../shapes/azure/links";
import { inlineRoutePrefixes, joinedPrefixes, routeTableAssociation, standaloneRoute, type RoutePrefix } from "../../shapes/azure/routes";
import { CLASSIC, ROUTE_TABLE_TYPES, ROUTE_TYPES } from "../../shapes/azure/types";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { AzureIndex, SubnetNode } from "./azureIndex";

/**
 * What the VirtualNetwork service tag holds, for the hosts of a subnet, beyond the network itself:
 * the "address prefixes used on user-defined routes" (Microsoft docs, "Virtual network service
 * tags"), read from the subnet's route table. A route table that cannot be read, and a route whose
 * table cannot be told, may hold 0.0.0.0/0.
 */
export class VnetRoutes {
  /** Standalone routes by the table they name; those whose table cannot be told may belong to any. */
  private readonly routes = new Map<ResourceView, RoutePrefix[]>();
  private readonly anyTableRoutes: RoutePrefix[] = [];
  /** Classic associations by the subnet they name; those whose subnet cannot be told may name any. */
  private readonly associations = new Map<ResourceView, { owner: ResourceView; link: Link }[]>();
  private readonly anySubnetTables: { owner: ResourceView; link: Link }[] = [];
  private readonly memo = new Map<SubnetNode, RoutePrefix | undefined>();

  constructor(private readonly index: AzureIndex) {
    for (const view of ROUTE_TYPES.flatMap((t) => index.stack.ofType(t))) {
      const route = standaloneRoute(view);
      const table = index.namedInGroup(view, route.table, ROUTE_TABLE_TYPES, (t) => identityOf(t, ["routeTableName"]));
      if (table) cached(this.routes, table, () => []).push(route.prefix);
      else if (isUnknown(route.table.name)) this.anyTableRoutes.push(route.prefix);
    }
    for (const view of index.stack.ofType(CLASSIC.routeTableAssociation)) {
      const association = routeTableAssociation(view)!;
      const subnets = index.resolve(view, association.subnet, [CLASSIC.subnet], "the subnet");
      const entry = { owner: view, link: association.routeTable };
      if (subnets.doubt) this.anySubnetTables.push(entry);
      for (const subnet of subnets.targets) cached(this.associations, subnet, () => []).push(entry);
    }
  }

  /** The route prefixes the VirtualNetwork tag gains for the hosts of a subnet; undefined where its route tables hold none. */
  of(subnet: SubnetNode): RoutePrefix | undefined {
    return cached(this.memo, subnet, () => {
      const links = [...(subnet.routeTable ? [{ owner: subnet.view, link: subnet.routeTable }] : []), ...(this.associations.get(subnet.view) ?? []), ...this.anySubnetTables];
      const prefixes = links.flatMap(({ owner, link }) => this.prefixesOf(owner, link));
      return prefixes.length > 0 ? joinedPrefixes(prefixes, "; ") : undefined;
    });
  }

  /** The prefixes of the route table a link names, as one entry; a table outside the stack or unknown may hold any. */
  private prefixesOf(owner: ResourceView, link: Link): RoutePrefix[] {
    const found = this.index.resolve(owner, link, ROUTE_TABLE_TYPES, "the route table");
    if (found.targets.length === 0) {
      const why = found.doubt ? "is not known until the update" : "is not in this stack";
      return [{ text: `the route table of ${resourceLabel(owner)} (${link.path}), which ${why} (read as any address)`, addresses: ALL_ADDRESSES, exact: false }];
    }
    return found.targets.flatMap((table) => {
      const prefixes = [...inlineRoutePrefixes(table), ...(this.routes.get(table) ?? []), ...this.anyTableRoutes];
      const joined = joinedPrefixes(prefixes, ", ");
      return prefixes.length > 0 ? [{ ...joined, text: `${resourceLabel(table)}: ${joined.text}` }] : [];
    });
  }
}
