import { cached, once } from "../../cached";
import { isUnknown, reveal } from "../../model/values";
import { asgAssociation, type Link } from "../../shapes/azure/links";
import type { GroupLinks, Membership } from "../../shapes/azure/nsgRules";
import { ASG_TYPES, CLASSIC, NIC_TYPES } from "../../shapes/azure/types";
import { own, type ResourceView } from "../../shapes/resource";
import type { AzureIndex } from "./azureIndex";
import type { AzureHost } from "./hosts";

/**
 * An application security group as the stack names it: its id, lower-cased (Azure compares ids
 * case-insensitively), or, while that id is unknown at preview, the resource itself. A group
 * named by id cannot be the resource of an unknown id: that group does not exist yet.
 */
type Group = string | ResourceView;

/** The groups of one IP configuration; undefined where they cannot be told at preview. */
type Groups = ReadonlySet<Group> | undefined;

const lower = (value: unknown) => {
  const v = reveal(value);
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
};

/**
 * Which hosts an NSG rule's destination groups hold ("Application security groups"): a rule naming
 * groups applies to the IP configurations that are members of one of them. A host is held where
 * every IP configuration is, left out where none is, and otherwise (some are, or what they join is
 * unknown at preview) the rule is judged both ways, failing closed.
 */
export class AsgMembership {
  private readonly byHost = new Map<AzureHost, readonly Groups[]>();
  private readonly named = new Map<GroupLinks, Groups>();
  /** Classic associations, by the network interface they put in a group. */
  private readonly associated = once(() => this.readAssociations());

  constructor(private readonly index: AzureIndex) {}

  of(host: AzureHost, groups: GroupLinks): Membership {
    const configs = this.configsOf(host);
    // An association whose interface is unknown at preview may put any classic interface in a group.
    const mayJoinMore = this.associated().unlinked && host.view.type === CLASSIC.nic;
    const outside: Membership = mayJoinMore ? { holds: "unsure", why: "an association whose network interface is not known until the update may make it a member" } : { holds: "none" };
    if (configs.length === 0) return { holds: "unsure", why: `the stack does not show the IP configurations of ${host.name}` };
    if (configs.every((c) => c?.size === 0)) return outside;
    const wanted = cached(this.named, groups, () => this.groupsNamed(groups.owner, groups.links, groups.exclusive));
    if (!wanted) return { holds: "unsure", why: "the groups it names cannot be told until the update" };
    const each = configs.map((c) => (c === undefined ? "unknown" : [...c].some((g) => wanted.has(g)) ? "in" : "out"));
    if (each.every((e) => e === "in")) return { holds: "all" };
    if (each.every((e) => e === "out")) return outside;
    if (each.includes("unknown")) return { holds: "unsure", why: "the groups its IP configurations join cannot be told until the update" };
    return { holds: "unsure", why: "only some of its IP configurations are members" };
  }

  /** The classic associations that put the host in groups: resources whose change changes what its rules admit. */
  associationsOf(host: AzureHost): readonly ResourceView[] {
    return this.associated().views.get(host.view) ?? [];
  }

  private configsOf(host: AzureHost): readonly Groups[] {
    return cached(this.byHost, host, () => {
      // azurerm's association adds its group to every IP configuration of the interface.
      const joined = this.associated().byNic.get(host.view) ?? [];
      // A NIC's dependencies under ipConfigurations are its groups only where one IP configuration names any.
      const exclusive = NIC_TYPES.includes(host.view.type) && host.shape.groups.filter((links) => links.length > 0).length <= 1;
      return host.shape.groups.map((links) => {
        const named = this.groupsNamed(host.view, links, exclusive);
        return named && joined.every((g) => g !== undefined) ? new Set([...named, ...(joined as Group[])]) : undefined;
      });
    });
  }

  /** The groups links name; undefined where one is unknown at preview and the engine's dependencies do not tell which. */
  private groupsNamed(owner: ResourceView, links: readonly Link[], exclusive: boolean): Groups {
    const found = new Set<Group>();
    for (const link of links) {
      const named = this.groupOf(owner, link, exclusive);
      if (named === undefined) return undefined;
      for (const g of named) found.add(g);
    }
    return found;
  }

  /**
   * The engine records dependencies per top-level property, so an unknown link names the groups
   * under its property only where they are all its list's (`exclusive`), or there is one: other
   * rules of an NSG, or other IP configurations, may name the rest.
   */
  private groupOf(owner: ResourceView, link: Link, exclusive: boolean): Group[] | undefined {
    if (!isUnknown(link.value)) {
      const id = lower(link.value);
      return id === undefined ? undefined : [id];
    }
    const targets = this.index.stack.targets(owner, link.key, null, ASG_TYPES);
    return targets.length === 1 || (exclusive && targets.length > 0) ? targets.map((t) => lower(own(t.props, "id")) ?? t) : undefined;
  }

  private readAssociations() {
    const byNic = new Map<ResourceView, (Group | undefined)[]>();
    const views = new Map<ResourceView, ResourceView[]>();
    let unlinked = false;
    for (const view of this.index.stack.ofType(CLASSIC.asgAssociation)) {
      const association = asgAssociation(view)!;
      const nics = this.index.resolve(view, association.nic, NIC_TYPES, "the network interface");
      if (nics.doubt) unlinked = true;
      const groups = this.groupOf(view, association.group, true);
      for (const nic of nics.targets) {
        cached(byNic, nic, () => []).push(...(groups ?? [undefined]));
        cached(views, nic, () => []).push(view);
      }
    }
    return { byNic, views, unlinked };
  }
}
