import { cached, once } from "../../cached";
import { isUnknown, reveal } from "../../model/values";
import { asgAssociation, configuredInterfaces, type Link } from "../../shapes/azure/links";
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
 * every IP configuration is, left out where none is and nothing outside the stack can add it, and
 * otherwise the rule is judged both ways, failing closed.
 */
export class AsgMembership {
  private readonly byHost = new Map<AzureHost, readonly Groups[]>();
  private readonly named = new Map<GroupLinks, Groups>();
  /** Classic associations, by the network interface they put in a group. */
  private readonly associated = once(() => this.readAssociations());

  constructor(private readonly index: AzureIndex) {}

  of(host: AzureHost, groups: GroupLinks): Membership {
    const configs = this.configsOf(host);
    const outside = this.outside(host);
    if (configs.length === 0) return { holds: "unsure", why: `the stack does not show the IP configurations of ${host.name}` };
    if (configs.every((c) => c?.size === 0)) return outside;
    const wanted = cached(this.named, groups, () => this.groupsNamed(groups.owner, groups.links, groups.scope));
    if (!wanted) return { holds: "unsure", why: unresolved(groups) };
    const each = configs.map((c) => (c === undefined ? "unknown" : [...c].some((g) => wanted.has(g)) ? "in" : "out"));
    if (each.every((e) => e === "in")) return { holds: "all" };
    if (each.every((e) => e === "out")) return outside;
    if (each.includes("unknown")) return { holds: "unsure", why: `the groups its IP configurations join cannot be told ${this.pending(host) ? "until the update" : "(one cannot be read)"}` };
    return { holds: "unsure", why: "only some of its IP configurations are members, which Azure refuses (every IP configuration of an interface must join the same groups)" };
  }

  /** The classic associations that put the host in groups: resources whose change changes what its rules admit. */
  associationsOf(host: AzureHost): readonly ResourceView[] {
    return this.associated().views.get(host.view) ?? [];
  }

  /**
   * What a host the stack shows in none of the groups is. A classic NIC records no groups of its
   * own: an association outside the stack may make it a member. So may one here whose interface
   * is unknown at preview, for any NIC.
   */
  private outside(host: AzureHost): Membership {
    if (host.view.type === CLASSIC.nic) return { holds: "unsure", why: "a classic network interface joins groups by association, and one outside this stack may make it a member" };
    if (this.associated().unlinked && NIC_TYPES.includes(host.view.type)) return { holds: "unsure", why: "an association whose network interface is not known until the update may make it a member" };
    return { holds: "none" };
  }

  /** Whether a group the host joins is unknown at preview (else one cannot be read). */
  private pending(host: AzureHost): boolean {
    return host.shape.groups.flat().some((l) => isUnknown(l.value)) || (this.associated().byNic.get(host.view) ?? []).includes(undefined);
  }

  private configsOf(host: AzureHost): readonly Groups[] {
    return cached(this.byHost, host, () => {
      // azurerm's association adds its group to every IP configuration of the interface.
      const joined = this.associated().byNic.get(host.view) ?? [];
      // A scale set's or VM's configurations share one property; a NIC's IP configurations are its own.
      const scope = (NIC_TYPES.includes(host.view.type) ? [host.shape] : configuredInterfaces(host.view)).flatMap((s) => s.groups.flat());
      return host.shape.groups.map((links) => {
        const named = this.groupsNamed(host.view, links, scope);
        return named && joined.every((g) => g !== undefined) ? new Set([...named, ...(joined as Group[])]) : undefined;
      });
    });
  }

  /**
   * The groups links name; undefined where that cannot be told. Ids are compared as they are. An
   * id unknown at preview is followed through the engine's dependencies, which it records for a
   * property as a whole: they name these links' groups only where no other link under the property
   * is unknown, and the groups among them whose ids are unknown are exactly as many as these
   * links (an id built some other way, or a group of a type not read here, leaves one over).
   */
  private groupsNamed(owner: ResourceView, links: readonly Link[], scope: readonly Link[]): Groups {
    const ids = links.filter((l) => !isUnknown(l.value)).map((l) => lower(l.value));
    if (ids.some((id) => id === undefined)) return undefined;
    const unknown = links.filter((l) => isUnknown(l.value));
    if (unknown.length === 0) return new Set(ids as string[]);
    if (scope.filter((l) => isUnknown(l.value)).length !== unknown.length) return undefined;
    const knownInScope = new Set(scope.filter((l) => !isUnknown(l.value)).map((l) => lower(l.value)));
    const pending = this.index.stack.targets(owner, unknown[0].key, null, ASG_TYPES).filter((t) => { const id = lower(own(t.props, "id")); return id === undefined || !knownInScope.has(id); });
    if (pending.length !== unknown.length) return undefined;
    return new Set([...(ids as string[]), ...pending.map((t) => lower(own(t.props, "id")) ?? t)]);
  }

  private readAssociations() {
    const byNic = new Map<ResourceView, (Group | undefined)[]>();
    const views = new Map<ResourceView, ResourceView[]>();
    let unlinked = false;
    for (const view of this.index.stack.ofType(CLASSIC.asgAssociation)) {
      const association = asgAssociation(view)!;
      const nics = this.index.resolve(view, association.nic, NIC_TYPES, "the network interface");
      if (nics.doubt) unlinked = true;
      const groups = this.groupsNamed(view, [association.group], [association.group]);
      for (const nic of nics.targets) {
        cached(byNic, nic, () => []).push(...(groups ?? [undefined]));
        cached(views, nic, () => []).push(view);
      }
    }
    return { byNic, views, unlinked };
  }
}

/** Why a rule's groups cannot be told, and how to make them tellable. */
function unresolved(groups: GroupLinks): string {
  const inline = groups.links[0].key === "securityRules";
  return inline
    ? "the groups it names cannot be told until the update (the engine records the dependencies of an NSG's securityRules as a whole; a standalone security rule's groups can be told)"
    : "the groups it names cannot be told until the update";
}
