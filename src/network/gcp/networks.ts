import { cached } from "../../cached";
import type { Doubt } from "../../model/rule";
import type { Field } from "../../shapes/fields";
import { lastSegment, NETWORK, projectOf, referencedProject, SUBNETWORK, subnetworkNetwork } from "../../shapes/gcp/compute";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { Ancestor } from "./hierarchy";
import type { GcpIndex } from "./index";

/** A VPC network, managed in this stack (view) or only named (the "default" network, another stack's). */
export interface NetworkRef {
  /** The network resource's URN; outside the stack `network <project>/<name>`, or `network <name>` when no project is known. */
  readonly key: string;
  readonly label: string;
  readonly view?: ResourceView;
  /** A network outside the stack as GCP identifies it: by project and name. */
  readonly outside?: { readonly project?: string; readonly name: string };
  /** Any network the stack does not show under a node of the hierarchy: the node and those above it, nearest first. */
  readonly under?: readonly Ancestor[];
}

/** The networks a field names; what cannot be told yet is a doubt. */
export interface NetworkLink {
  readonly networks: readonly NetworkRef[];
  readonly doubt?: Doubt;
}

const refsOfViews = new WeakMap<ResourceView, NetworkRef>();

/** One ref per network resource, however many rules and interfaces name it. */
export function networkOfView(view: ResourceView): NetworkRef {
  return cached(refsOfViews, view, () => ({ key: view.urn, label: resourceLabel(view), view }));
}

/** A network outside the stack a reference names; a bare name is in the project of the resource that holds it. */
export function outsideNetwork(reference: string, owner: ResourceView): NetworkRef {
  const name = lastSegment(reference);
  const project = referencedProject(reference) ?? projectOf(owner);
  return { key: project ? `network ${project}/${name}` : `network ${name}`, label: `network "${name}"`, outside: { project, name } };
}

/**
 * Whether two refs are one network. A network outside the stack named without a project, by a
 * resource without one (hand-written shapes: the provider writes `project` on every resource), may
 * be the network of that name in any project.
 */
export function sameNetwork(a: NetworkRef, b: NetworkRef): boolean {
  if (a.key === b.key) return true;
  return a.outside !== undefined && b.outside !== undefined && a.outside.name === b.outside.name && (a.outside.project === undefined || b.outside.project === undefined);
}

/** Where refs that may be one network meet in an index: by URN, or by name outside the stack. */
export const networkBucket = (network: NetworkRef): string => (network.outside ? `network ${network.outside.name}` : network.key);

function unknownLink(owner: ResourceView, f: Field): Doubt {
  return { kind: "unknown", field: `${owner.name} ${f.path}`, detail: `the network of ${resourceLabel(owner)} (${f.path}) is not known at preview and no dependency names it (set it from the network resource's selfLink or id output so the engine records the link)` };
}

/** The network a network field names, directly or through a subnetwork. */
export function networkLink(index: GcpIndex, owner: ResourceView, f: Field, subnetwork?: Field): NetworkLink {
  const direct = index.refs(owner, f, [NETWORK]);
  const named = [...direct.targets.map(networkOfView), ...direct.outside.map((s) => outsideNetwork(s, owner))];
  if (named.length > 0) return { networks: named };
  if (subnetwork) {
    const subnets = index.refs(owner, subnetwork, [SUBNETWORK]);
    const through = subnets.targets.map((s) => networkLink(index, s, subnetworkNetwork(s)));
    if (through.some((l) => l.networks.length > 0)) return { networks: through.flatMap((l) => l.networks) };
    if (subnets.unknown || through.some((l) => l.doubt)) return { networks: [], doubt: unknownLink(owner, subnetwork) };
  }
  return { networks: [], doubt: direct.unknown ? unknownLink(owner, f) : undefined };
}
