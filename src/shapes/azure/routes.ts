import { ALL_ADDRESSES, parseAddressBlock } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { display, isUnknown, reveal } from "../../model/values";
import { isUnset } from "../fields";
import { listOf, own, type ResourceView } from "../resource";
import { parentRef, type Link, type NameRef } from "./links";
import { CLASSIC } from "./types";

/**
 * User-defined routes, read for what they add to the VirtualNetwork service tag, which holds the
 * "address prefixes used on user-defined routes" (Microsoft docs, "Virtual network service tags").
 * A prefix that is no address block (a service tag, a value unknown at preview) may hold any address.
 */
export interface RoutePrefix {
  readonly text: string;
  readonly addresses: IntervalSet;
  /** False where it was read as any address. */
  readonly exact: boolean;
}

const anyAddress = (what: string): RoutePrefix => ({ text: `${what} (read as any address)`, addresses: ALL_ADDRESSES, exact: false });

export function routePrefix(value: unknown): RoutePrefix {
  const v = reveal(value);
  const block = typeof v === "string" ? parseAddressBlock(v) : undefined;
  if (block) return { text: display(value), addresses: block, exact: true };
  return anyAddress(isUnknown(value) ? "a prefix unknown at preview" : display(value));
}

/** Several prefixes as one: their addresses, exact where every one is. */
export function joinedPrefixes(prefixes: readonly RoutePrefix[], separator: string): RoutePrefix {
  return { text: prefixes.map((p) => p.text).join(separator), addresses: prefixes.reduce((acc, p) => acc.union(p.addresses), IntervalSet.EMPTY), exact: prefixes.every((p) => p.exact) };
}

/** The prefixes of a route table's own routes, inline in both providers; a list that cannot be read may hold any. */
export function inlineRoutePrefixes(view: ResourceView): RoutePrefix[] {
  const routes = own(view.props, "routes");
  if (isUnset(routes)) return [];
  if (!Array.isArray(reveal(routes))) return [anyAddress(isUnknown(routes) ? "routes unknown at preview" : "routes that are not a list")];
  return listOf(routes).map((r) => routePrefix(own(r, "addressPrefix")));
}

/** A standalone route resource of either provider: its prefix and the route table it names within a resource group. */
export interface StandaloneRoute {
  readonly prefix: RoutePrefix;
  readonly table: NameRef;
}

export function standaloneRoute(view: ResourceView): StandaloneRoute {
  return { prefix: routePrefix(own(view.props, "addressPrefix")), table: parentRef(view, "routeTableName", "routeTables") };
}

/** A classic association of a route table with a subnet. */
export function routeTableAssociation(view: ResourceView): { subnet: Link; routeTable: Link } | undefined {
  if (view.type !== CLASSIC.routeTableAssociation) return undefined;
  return { subnet: { key: "subnetId", value: own(view.props, "subnetId"), path: "subnetId" }, routeTable: { key: "routeTableId", value: own(view.props, "routeTableId"), path: "routeTableId" } };
}
