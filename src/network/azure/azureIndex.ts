import type { Doubt } from "../../model/rule";
import { isUnknown, reveal } from "../../model/values";
import { nsgAssociation, subnetShapes, type Link, type NameRef, type Prefixes } from "../../shapes/azure/links";
import { CLASSIC, isAssociation, NIC_TYPES, NSG_TYPES, SUBNET_TYPES, VNET_TYPES } from "../../shapes/azure/types";
import { own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { StackIndex } from "../stackIndex";

/** A subnet as hosts name it: a Subnet resource, or one inline subnet of a VirtualNetwork. */
export interface SubnetNode {
  readonly view: ResourceView;
  readonly label: string;
  readonly id: unknown;
  /** The NSGs it is associated with (one, in a valid stack). */
  readonly nsgs: readonly ResourceView[];
  readonly doubts: readonly Doubt[];
  readonly prefixes: () => Prefixes | undefined;
  /** The route table the subnet names itself (classic subnets take theirs through associations). */
  readonly routeTable?: Link;
}

export interface Resolved<T> {
  readonly targets: T[];
  /** The link is unknown at preview and no dependency of the engine names its target. */
  readonly doubt?: Doubt;
}

const lower = (value: unknown) => {
  const v = reveal(value);
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
};

export function unknownLink(owner: ResourceView, link: Link, what: string): Doubt {
  return { kind: "unknown", field: `${resourceLabel(owner)} ${link.path}`, detail: `${what} of ${resourceLabel(owner)} (${link.path}) is not known at preview and no dependency names it (set it from the resource's id output so the engine records the link)` };
}

/**
 * The Azure resources of one stack, linked by id once ids exist (Azure compares ids
 * case-insensitively) and, while an id is unknown at preview, by the engine's property
 * dependencies of the property that holds it.
 */
export class AzureIndex {
  readonly stack: StackIndex;
  private readonly byId = new Map<string, ResourceView>();
  private readonly subnetById = new Map<string, SubnetNode>();
  private readonly subnetsByView = new Map<ResourceView, SubnetNode[]>();
  /** NSGs attached to network interfaces by association. */
  readonly nicAssociations: Map<ResourceView, ResourceView[]>;
  /** Associations that could not be followed at preview: any host may be behind them. */
  readonly linkDoubts: Doubt[] = [];

  constructor(views: readonly ResourceView[]) {
    this.stack = new StackIndex(views);
    for (const view of views) {
      const id = lower(own(view.props, "id"));
      // An association sharing its subnet's id must not take the subnet's place, whatever the order.
      if (id && !isAssociation(view.type)) this.byId.set(id, view);
    }
    const associated = this.associations(CLASSIC.subnetAssociation, SUBNET_TYPES);
    this.nicAssociations = this.associations(CLASSIC.nicAssociation, NIC_TYPES);
    for (const view of SUBNET_TYPES.flatMap((t) => this.stack.ofType(t))) {
      const nodes = subnetShapes(view).map((shape): SubnetNode => {
        const set: Resolved<ResourceView> = shape.nsg ? this.resolve(view, shape.nsg, NSG_TYPES, "the NSG") : { targets: [] };
        const nsgs = [...new Set([...set.targets, ...(associated.get(view) ?? [])])];
        return { view, label: VNET_TYPES.includes(view.type) ? `subnet "${shape.name}"` : resourceLabel(view), id: shape.id, nsgs, doubts: set.doubt ? [set.doubt] : [], prefixes: shape.prefixes, routeTable: shape.routeTable };
      });
      this.subnetsByView.set(view, nodes);
      for (const node of nodes) if (lower(node.id)) this.subnetById.set(lower(node.id)!, node);
    }
  }

  /**
   * The resource of these types a resource names within a resource group (a standalone rule's NSG,
   * a route's table, a NAT collection's firewall): by the engine's dependency, else by name, compared
   * case-insensitively as Azure does, in the named group where both sides say one.
   */
  namedInGroup(owner: ResourceView, ref: NameRef, types: readonly string[], identity: (view: ResourceView) => { name?: string; resourceGroup?: string }): ResourceView | undefined {
    const byDependency = this.stack.targets(owner, ref.key, null, types);
    if (byDependency.length > 0) return byDependency[0];
    const [name, group] = [reveal(ref.name), reveal(ref.resourceGroup)];
    if (typeof name !== "string") return undefined;
    return types
      .flatMap((t) => this.stack.ofType(t))
      .find((view) => {
        const found = identity(view);
        return found.name === name.toLowerCase() && (typeof group !== "string" || found.resourceGroup === undefined || found.resourceGroup === group.toLowerCase());
      });
  }

  /** The resources a link names, of the given types. */
  resolve(owner: ResourceView, link: Link, types: readonly string[], what: string): Resolved<ResourceView> {
    if (isUnknown(link.value)) {
      const targets = this.stack.targets(owner, link.key, null, types);
      return targets.length > 0 ? { targets } : { targets, doubt: unknownLink(owner, link, what) };
    }
    const target = this.byId.get(lower(link.value) ?? "");
    return { targets: target && types.includes(target.type) ? [target] : [] };
  }

  /** The subnets a link names; at preview a VirtualNetwork dependency stands for its subnet only when it has one. */
  resolveSubnets(owner: ResourceView, link: Link): Resolved<SubnetNode> {
    if (!isUnknown(link.value)) {
      const node = this.subnetById.get(lower(link.value) ?? "");
      return { targets: node ? [node] : [] };
    }
    const views = this.stack.targets(owner, link.key, null, SUBNET_TYPES);
    const subnets = views.filter((v) => !VNET_TYPES.includes(v.type));
    const chosen = subnets.length > 0 ? subnets : views.filter((v) => (this.subnetsByView.get(v) ?? []).length === 1);
    const targets = chosen.flatMap((v) => this.subnetsByView.get(v) ?? []);
    return targets.length > 0 ? { targets } : { targets, doubt: unknownLink(owner, link, "the subnet") };
  }

  /** Classic associations of NSGs with subnets or network interfaces, by what they attach an NSG to. */
  private associations(type: string, targetTypes: readonly string[]): Map<ResourceView, ResourceView[]> {
    const byTarget = new Map<ResourceView, ResourceView[]>();
    for (const view of this.stack.ofType(type)) {
      const association = nsgAssociation(view)!;
      const targets = this.resolve(view, association.target, targetTypes, "the target");
      const nsgs = this.resolve(view, association.nsg, NSG_TYPES, "the NSG");
      this.linkDoubts.push(...[targets.doubt, nsgs.doubt].filter((d): d is Doubt => d !== undefined));
      for (const target of targets.targets) byTarget.set(target, [...(byTarget.get(target) ?? []), ...nsgs.targets]);
    }
    return byTarget;
  }
}
