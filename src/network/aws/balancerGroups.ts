import { ALL_ADDRESSES } from "../../model/addresses";
import type { FilterRule } from "../../model/filters";
import { IntervalSet } from "../../model/intervals";
import { ruleListLayer } from "../../model/layers";
import type { InboundRule, Source } from "../../model/rule";
import { ALL_PORTS, Traffic } from "../../model/traffic";
import { display, isUnknown } from "../../model/values";
import { DEFAULT_SECURITY_GROUP, SECURITY_GROUP } from "../../shapes/aws/securityGroups";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Hop } from "../paths";
import type { StackIndex } from "../stackIndex";
import type { Forwarding } from "./balancers";

const GROUP_TYPES = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP];

/** Every inbound rule of a security group of this stack, inline and standalone. */
export type GroupRules = (group: ResourceView) => readonly InboundRule[];

/** What a balancer's security groups do to the internet's traffic to its listener, as a hop on its path. */
export interface BalancerGuard {
  readonly hop?: Hop;
  /** Why they earn no credit, where they do not. */
  readonly notes: readonly string[];
  /** The groups and rules read, so a review names a change to them. */
  readonly resources: readonly string[];
}

/**
 * The balancer's groups, where the stack holds every one of them: each listed id found by id, and
 * those unknown at preview by the engine's dependencies. A group outside the stack may admit
 * anything, so then none is credited.
 */
function groupsOf(index: StackIndex, balancer: ResourceView): ResourceView[] | string {
  const listed = listOf(own(balancer.props, "securityGroups"));
  const byId = listed.filter((id) => !isUnknown(id)).map((id) => [id, index.withId(id)] as const);
  const missing = byId.filter(([, group]) => !group || !GROUP_TYPES.includes(group.type));
  if (missing.length > 0) return `its security group ${missing.map(([id]) => display(id)).join(", ")} is not in this stack`;
  const found = new Set(byId.map(([, group]) => group!));
  const linked = index.targets(balancer, "securityGroups", undefined, GROUP_TYPES).filter((g) => !found.has(g));
  if (linked.length < listed.filter(isUnknown).length) return "its security groups are not known at preview and no dependency names them";
  return [...found, ...linked];
}

/** The client addresses a source lets reach a listener: a group or tag names no internet client; what cannot be read may be any. */
function clientsOf(source: Source): IntervalSet {
  switch (source.kind) {
    case "cidr":
      return source.addresses;
    case "prefix-list":
    case "unresolved":
      return ALL_ADDRESSES;
    case "security-group":
    case "self":
    case "internal":
      return IntervalSet.EMPTY;
  }
}

/**
 * A balancer's security groups filter the clients of its listeners (ELB user guides, "security
 * groups"); a network balancer without one admits every client. They judge the listener's port
 * and the client's address, so each rule that admits that port becomes, on this path, a pass of
 * what the listener forwards to the host from the clients it admits; nothing else gets through.
 */
export function balancerGuard(index: StackIndex, f: Forwarding, rulesOf: GroupRules): BalancerGuard {
  if (!f.balancer || listOf(own(f.balancer.props, "securityGroups")).length === 0) return { notes: [], resources: [] };
  const label = resourceLabel(f.balancer);
  const groups = groupsOf(index, f.balancer);
  if (typeof groups === "string") return { notes: [`the security groups of ${label} earned no credit: ${groups}`], resources: [] };
  const rules = groups.flatMap(rulesOf);
  const resources = [...new Set([...groups.map((g) => g.urn), ...rules.map((r) => r.origin.urn)])];
  if (f.listenerPort === undefined) return { notes: [`the security groups of ${label} earned no credit: the port of ${f.via} cannot be read`], resources };
  const listenerPort = f.listenerPort;
  const hostPorts = f.hostPort === undefined ? ALL_PORTS : IntervalSet.range(f.hostPort, f.hostPort);
  const admitting = rules.filter((r) => r.protocol.numbers.overlaps(f.protocols) && (r.protocol.portless || r.ports.covers(IntervalSet.range(listenerPort, listenerPort))));
  const filterRules = admitting.map(
    (r): FilterRule => ({
      order: 0,
      verdict: "pass",
      traffic: Traffic.box(r.protocol.numbers.intersect(f.protocols), hostPorts, r.sources.reduce((all, s) => all.union(clientsOf(s)), IntervalSet.EMPTY)),
      exact: true,
      label: `${r.origin.name} ${r.origin.rule}`,
      doubts: [...r.doubts, ...r.sources.flatMap((s) => ("doubt" in s && s.doubt ? [s.doubt] : []))],
    }),
  );
  const names = groups.map(resourceLabel).join(", ");
  const layer = ruleListLayer({ name: `the security groups of ${label} (${names})`, rules: filterRules, stateless: false, passes: "through", unmatched: { block: `the implicit deny of the security groups of ${label} (no rule admits the client on listener port ${listenerPort})` } });
  return { hop: { layer, evidence: `${label} takes the internet's traffic through its security groups ${names}, on listener port ${listenerPort}`, cautions: [] }, notes: [], resources };
}
