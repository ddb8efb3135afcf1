import { reveal } from "../../model/values";
import type { Field } from "../../shapes/fields";
import { FOLDER, folderParent, identities, lastSegment, networkProject, PROJECT, projectParents } from "../../shapes/gcp/compute";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GcpIndex } from "./index";
import type { NetworkRef } from "./networks";

/** A folder or organisation above a project: the names that may denote it, and its resource when managed here. */
export interface Ancestor {
  readonly names: ReadonlySet<string>;
  readonly view?: ResourceView;
}

const MAX_DEPTH = 12;

function folderNames(view: ResourceView): Set<string> {
  return new Set(identities(view).map((id) => (id.startsWith("folders/") ? id : `folders/${lastSegment(id)}`)));
}

/** A parent reference ("folders/1", "organizations/2", a folder id, or a Folder resource) as an ancestor. */
function ancestorOf(index: GcpIndex, owner: ResourceView, f: Field, kind: "folders" | "organizations"): Ancestor | undefined {
  const view = sole(index.refs(owner, f, [FOLDER]).targets);
  if (view) return { names: folderNames(view), view };
  const text = reveal(f.value);
  if (typeof text !== "string" || text === "") return undefined;
  const name = text.includes("/") ? text : `${kind}/${text}`;
  const known = name.startsWith("folders/") ? sole(index.named(name, [FOLDER])) : undefined;
  return known ? { names: folderNames(known), view: known } : { names: new Set([name]) };
}

/** The resource a reference names when it names exactly one: of several, none is surely the one, so none is followed. */
function sole(views: readonly ResourceView[]): ResourceView | undefined {
  return views.length === 1 ? views[0] : undefined;
}

/**
 * The folders and organisation above a network's project, nearest first, as far as the stack
 * shows them (Project folderId/orgId, Folder parent). Empty when the network or project is not
 * here, or when several projects of the stack answer to the network's project (`ambiguous` says
 * which): one of them may sit elsewhere in the tree.
 */
export function ancestorsOf(index: GcpIndex, network: NetworkRef): { chain: Ancestor[]; ambiguous?: string } {
  const projects = network.view ? index.refs(network.view, networkProject(network.view), [PROJECT]).targets : [];
  if (projects.length > 1) return { chain: [], ambiguous: `the project of ${network.label} answers to ${projects.map(resourceLabel).join(" and ")}, so which folders are above it cannot be told` };
  const [project] = projects;
  if (!project) return { chain: [] };
  const { folder, org } = projectParents(project);
  const chain = chainFrom(index, ancestorOf(index, project, folder, "folders"));
  const organisation = ancestorOf(index, project, org, "organizations");
  if (organisation && !chain.some((a) => [...organisation.names].some((n) => a.names.has(n)))) chain.push(organisation);
  return { chain };
}

/** The node a hierarchical policy is attached to, then the folders and organisation above it as far as the stack shows them. */
export function ancestorsFrom(index: GcpIndex, association: ResourceView, target: Field): Ancestor[] {
  return chainFrom(index, ancestorOf(index, association, target, "folders"));
}

/** An ancestor and those above it, by each Folder's parent. */
function chainFrom(index: GcpIndex, first: Ancestor | undefined): Ancestor[] {
  const chain: Ancestor[] = [];
  let next = first;
  while (next && chain.length < MAX_DEPTH) {
    chain.push(next);
    next = next.view ? ancestorOf(index, next.view, folderParent(next.view), "folders") : undefined;
  }
  return chain;
}

/** Which ancestor an association's target names, by resource or by name; -1 when none. */
export function ancestorIndex(index: GcpIndex, ancestors: readonly Ancestor[], association: ResourceView, target: Field): number {
  const views = index.refs(association, target, [FOLDER]).targets;
  const text = reveal(target.value);
  return ancestors.findIndex((a) => (a.view && views.includes(a.view)) || (typeof text === "string" && a.names.has(text)));
}
