import { cached, once } from "../../cached";
import type { InboundRule } from "../../model/rule";
import { display, isUnknown, reveal } from "../../model/values";
import type { ResourceView } from "../../shapes/resource";
import { readSecurityGroupShape, type GroupLink, type SecurityGroupReading } from "../../shapes/aws/securityGroups";
import { taggedSubject } from "../../shapes/justifications";
import type { GroupRules } from "./balancerGroups";
import { AwsNetwork } from "./paths";
import { OpeningWithPaths, type GroupPaths, type Opening } from "../paths";


/** Indexes groups by URN and by id so a standalone rule finds its group at preview and after. */
class GroupIndex {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly byId = new Map<unknown, ResourceView>();

  constructor(readings: readonly (readonly [ResourceView, SecurityGroupReading | undefined])[]) {
    for (const [view, reading] of readings) {
      if (!reading || reading.group) continue;
      this.byUrn.set(view.urn, view);
      const id = reveal(view.props["id"]);
      if (typeof id === "string") this.byId.set(id, view);
    }
  }

  find(link: GroupLink): ResourceView | undefined {
    for (const urn of link.urns) {
      const group = this.byUrn.get(urn);
      if (group) return group;
    }
    return this.byId.get(reveal(link.id.value));
  }
}

function unlinkedReason(link: GroupLink): string {
  if (isUnknown(link.id.value)) {
    return "its security group could not be identified: securityGroupId is unknown at preview and no property dependency names the group, so the group's tags were not consulted (set securityGroupId from the group resource's id output so the engine records the link)";
  }
  return `its security group (${display(link.id.value)}) is not in this stack, so the group's tags were not consulted (justify the rule with its own tags or a central exception)`;
}

/** Each group's inbound rules, inline and standalone: what a balancer's groups admit, gathered only if one is asked for. */
function rulesByGroup(readings: readonly (readonly [ResourceView, SecurityGroupReading | undefined])[], groups: GroupIndex): GroupRules {
  const byGroup = once(() => {
    const found = new Map<ResourceView, InboundRule[]>();
    for (const [view, reading] of readings) {
      const group = reading && (reading.group ? groups.find(reading.group) : view);
      if (group) cached(found, group, () => []).push(...reading.rules);
    }
    return found;
  });
  return (group) => byGroup().get(group) ?? [];
}

/** Every inbound security-group rule of a stack, each with the subjects that may justify it and the filters in front of it. */
export function awsOpenings(views: readonly ResourceView[]): Opening[] {
  const readings = views.map((view) => [view, readSecurityGroupShape(view)] as const);
  const groups = new GroupIndex(readings);
  const network = new AwsNetwork(views, rulesByGroup(readings, groups));
  // One build of a group's paths for all its rules, run only if the verdict reads them.
  const pathsFor = (group: ResourceView) =>
    once((): GroupPaths => {
      const paths = network.pathsFor(group);
      // "Nothing uses this group" is worth saying only where something could have denied.
      return paths.missing && !network.hasUpstreamFilters() ? { paths: [] } : paths;
    });
  // A balancer that connects from its own address lets the internet in through rules that admit only that address.
  const forwarded = network.hasForwarders();
  return readings.flatMap(([view, reading]): Opening[] => {
    if (!reading) return [];
    const own = taggedSubject(view);
    if (!reading.group) {
      const paths = pathsFor(view);
      return reading.rules.map((rule) => new OpeningWithPaths(rule, [own], paths, forwarded));
    }
    const group = groups.find(reading.group);
    if (!group) return reading.rules.map((rule) => ({ rule, subjects: [own], unlinked: unlinkedReason(reading.group!) }));
    const paths = pathsFor(group);
    return reading.rules.map((rule) => new OpeningWithPaths(rule, [own, taggedSubject(group)], paths, forwarded));
  });
}
