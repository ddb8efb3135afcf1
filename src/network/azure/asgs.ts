import { cached, once } from "../../cached";
import type { Doubt } from "../../model/rule";
import { isUnknown, reveal } from "../../model/values";
import { asgAssociation, type Link } from "../../shapes/azure/links";
import type { GroupLinks, Membership } from "../../shapes/azure/nsgRules";
import { ASG_TYPES, CLASSIC, NATIVE, NIC_TYPES } from "../../shapes/azure/types";
import { own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { AzureIndex } from "./azureIndex";
import type { AzureHost } from "./hosts";

/**
 * An application security group as the stack names it: its id, lower-cased (Azure compares ids
 * case-insensitively), or, while that id is unknown at preview, the resource itself.
 */
type Group = string | ResourceView;

/** The groups some links name, or, where that cannot be told, the value unknown at preview it waits on (none: one cannot be read). */
type Named = { readonly groups: ReadonlySet<Group> } | { readonly groups?: undefined; readonly doubt?: Doubt };

/** How one IP configuration stands to a rule's groups: where that cannot be told, what it waits on and, if it is not the configuration's groups, why. */
type Standing = "in" | "out" | { readonly doubt?: Doubt; readonly why?: string };

const lower = (value: unknown) => {
  const v = reveal(value);
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
};

const idOf = (view: ResourceView) => lower(own(view.props, "id"));

const pendingDoubt = (owner: ResourceView, link: Link): Doubt => ({
  kind: "unknown",
  field: `${resourceLabel(owner)} ${link.path}`,
  detail: `the application security group ${resourceLabel(owner)} names at ${link.path} is not known until the update`,
});

/**
 * Which hosts an NSG rule's destination groups hold ("Application security groups"): a rule naming
 * groups applies to the IP configurations that are members of one of them. A host is held where
 * every IP configuration is, left out where none is and nothing outside the stack can add it, and
 * otherwise the rule is judged both ways, failing closed; where that waits on a value unknown at
 * preview, the membership carries it, so the verdict waits for the update too.
 */
export class AsgMembership {
  private readonly byHost = new Map<AzureHost, readonly Named[]>();
  private readonly named = new Map<GroupLinks, Named>();
  /** Classic associations, by the network interface they put in a group. */
  private readonly associated = once(() => this.readAssociations());

  constructor(private readonly index: AzureIndex) {}

  of(host: AzureHost, groups: GroupLinks): Membership {
    const configs = this.configsOf(host);
    if (configs.length === 0) return { holds: "unsure", why: `the stack does not show the IP configurations of ${host.name}` };
    if (configs.every((c) => c.groups?.size === 0)) return this.outside(host);
    const wanted = cached(this.named, groups, () => this.groupsNamed(groups.owner, groups.links, groups.dedicated));
    if (!wanted.groups) return { holds: "unsure", why: unresolved(groups, wanted.doubt), ...doubtOf(wanted) };
    const each = configs.map((c) => standing(wanted.groups, c));
    if (each.every((e) => e === "in")) return { holds: "all" };
    if (each.every((e) => e === "out")) return this.outside(host);
    const unknown = each.find((e) => typeof e === "object");
    if (typeof unknown === "object") return { holds: "unsure", why: unknown.why ?? `the groups its IP configurations join cannot be told${unknown.doubt ? " until the update" : " (one cannot be read)"}`, ...doubtOf(unknown) };
    return { holds: "unsure", why: "only some of its IP configurations are members, which Azure refuses (every IP configuration of an interface must join the same groups)" };
  }

  /** The classic associations that put the host in groups: resources whose change changes what its rules admit. */
  associationsOf(host: AzureHost): readonly ResourceView[] {
    return this.associated().views.get(host.view) ?? [];
  }

  /**
   * What a host the stack shows in none of the groups is. A classic NIC records no groups of its
   * own: an association outside the stack may make it a member. An association here that names no
   * NIC of the stack may name any interface whose id cannot be matched: one whose id is unknown
   * at preview, one a VM creates from its configurations, or, where the association's own link
   * cannot be told, any.
   */
  private outside(host: AzureHost): Membership {
    if (host.view.type === CLASSIC.nic) return { holds: "unsure", why: "a classic network interface joins groups by association, and one outside this stack may make it a member" };
    const { unlinked, elsewhere } = this.associated();
    const vm = host.view.type === NATIVE.vm;
    if (!vm && !NIC_TYPES.includes(host.view.type)) return { holds: "none" };
    if (unlinked) return { holds: "unsure", why: "an association whose network interface cannot be told may make it a member", ...doubtOf(unlinked) };
    if (elsewhere && vm) return { holds: "unsure", why: `an association names a network interface this stack does not hold, which may be one ${resourceLabel(host.view)} creates` };
    if (elsewhere && idOf(host.view) === undefined) return { holds: "unsure", why: "an association names a network interface by an id it may have once it exists", doubt: { kind: "unknown", field: `${resourceLabel(host.view)} id`, detail: `the id of ${resourceLabel(host.view)} is not known until the update` } };
    return { holds: "none" };
  }

  private configsOf(host: AzureHost): readonly Named[] {
    return cached(this.byHost, host, () => {
      // azurerm's association adds its group to every IP configuration of the interface.
      const joined = this.associated().byNic.get(host.view) ?? [];
      // An IP configuration's groups share their property with everything else the host says.
      return host.shape.groups.map((links) => [this.groupsNamed(host.view, links, false), ...joined].reduce(joinedWith));
    });
  }

  /**
   * The groups links name. Ids are compared as they are. An id unknown at preview is followed
   * through the engine's dependencies, which it records per top-level property, so only where the
   * property holds nothing but these links, and then the groups among them whose ids are unknown
   * must be exactly as many as those links (an id built some other way leaves one over).
   */
  private groupsNamed(owner: ResourceView, links: readonly Link[], dedicated: boolean): Named {
    const found = new Set<Group>();
    const unknown = links.filter((l) => isUnknown(l.value));
    for (const link of links.filter((l) => !isUnknown(l.value))) {
      const id = lower(link.value);
      if (id === undefined) return {};
      found.add(id);
    }
    if (unknown.length === 0) return { groups: found };
    const doubt = pendingDoubt(owner, unknown[0]);
    if (!dedicated) return { doubt };
    const deps = this.index.stack.targets(owner, unknown[0].key, null, ASG_TYPES);
    // A group whose id is known yet named by none of the known links may be in an unknown one, built with other values.
    if (deps.some((t) => idOf(t) !== undefined && !found.has(idOf(t)!))) return { doubt };
    const pending = deps.filter((t) => idOf(t) === undefined);
    if (pending.length !== unknown.length) return { doubt };
    return { groups: new Set([...found, ...pending]) };
  }

  private readAssociations() {
    const byNic = new Map<ResourceView, Named[]>();
    const views = new Map<ResourceView, ResourceView[]>();
    /** An association whose interface cannot be told: it may name any. */
    let unlinked: { doubt?: Doubt } | undefined;
    /** An association naming, by id, no NIC of the stack. */
    let elsewhere = false;
    for (const view of this.index.stack.ofType(CLASSIC.asgAssociation)) {
      const association = asgAssociation(view)!;
      const nics = this.index.resolve(view, association.nic, NIC_TYPES, "the network interface");
      // An id that is no text cannot name a NIC outside the stack either.
      if (nics.doubt || (nics.targets.length === 0 && lower(association.nic.value) === undefined)) unlinked ??= doubtOf(nics);
      else if (nics.targets.length === 0) elsewhere = true;
      const groups = this.groupsNamed(view, [association.group], true);
      for (const nic of nics.targets) {
        cached(byNic, nic, () => []).push(groups);
        cached(views, nic, () => []).push(view);
      }
    }
    return { byNic, views, unlinked, elsewhere };
  }
}

const doubtOf = (x: { readonly doubt?: Doubt }) => (x.doubt ? { doubt: x.doubt } : {});

/** Groups from two sources; what cannot be told of either cannot be told of both. */
function joinedWith(a: Named, b: Named): Named {
  if (a.groups && b.groups) return { groups: new Set([...a.groups, ...b.groups]) };
  return a.groups ? b : a;
}

/**
 * An IP configuration against a rule's groups. A group named by id and one known only as a
 * resource (its id unknown at preview) may be the same group: Azure ids follow from subscription,
 * resource group and name, so a program can write one it creates.
 */
function standing(wanted: ReadonlySet<Group>, config: Named): Standing {
  if (!config.groups) return doubtOf(config);
  if ([...config.groups].some((g) => wanted.has(g))) return "in";
  const resourceIn = (set: ReadonlySet<Group>) => [...set].find((g): g is ResourceView => typeof g !== "string");
  const idIn = (set: ReadonlySet<Group>) => [...set].some((g) => typeof g === "string");
  const unmatched = (idIn(config.groups) ? resourceIn(wanted) : undefined) ?? (idIn(wanted) ? resourceIn(config.groups) : undefined);
  if (!unmatched) return "out";
  const why = `${resourceLabel(unmatched)} may be a group named by id, and its id is not known until the update`;
  return { why, doubt: { kind: "unknown", field: `${resourceLabel(unmatched)} id`, detail: why } };
}

/** Why a rule's groups cannot be told, and how to make them tellable. */
function unresolved(groups: GroupLinks, doubt: Doubt | undefined): string {
  if (!doubt) return "a group it names cannot be read";
  return groups.links[0].key === "securityRules"
    ? "the groups it names cannot be told until the update (the engine records the dependencies of an NSG's securityRules as a whole; a standalone security rule's groups can be told)"
    : "the groups it names cannot be told until the update";
}
