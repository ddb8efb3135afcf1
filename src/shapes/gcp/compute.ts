import { isUnknown, reveal, UNKNOWN } from "../../model/values";
import { field, listField, type Field } from "../fields";
import { isRecord, listOf, own, type Props, type ResourceView } from "../resource";
import { isBlank } from "./rules";

/** Compute shapes the GCP path builder follows: networks, the machines in them, and the project tree above. */
export const NETWORK = "gcp:compute/network:Network";
export const SUBNETWORK = "gcp:compute/subnetwork:Subnetwork";
export const INSTANCE = "gcp:compute/instance:Instance";
export const INSTANCE_FROM_TEMPLATE = "gcp:compute/instanceFromTemplate:InstanceFromTemplate";
export const INSTANCE_FROM_MACHINE_IMAGE = "gcp:compute/instanceFromMachineImage:InstanceFromMachineImage";
export const INSTANCE_TEMPLATE = "gcp:compute/instanceTemplate:InstanceTemplate";
export const REGION_INSTANCE_TEMPLATE = "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate";
export const INSTANCE_GROUP_MANAGER = "gcp:compute/instanceGroupManager:InstanceGroupManager";
export const REGION_INSTANCE_GROUP_MANAGER = "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager";
export const PROJECT = "gcp:organizations/project:Project";
export const FOLDER = "gcp:organizations/folder:Folder";

/** Resources that are one VM each, written in the Instance's shape (networkInterfaces, tags, serviceAccount, zone) and named by its self link. */
export const INSTANCES = [INSTANCE, INSTANCE_FROM_TEMPLATE, INSTANCE_FROM_MACHINE_IMAGE];
export const TEMPLATES = [INSTANCE_TEMPLATE, REGION_INSTANCE_TEMPLATE];
export const MANAGERS = [INSTANCE_GROUP_MANAGER, REGION_INSTANCE_GROUP_MANAGER];

export type Answer = "yes" | "no" | "unknown";

/** Present (even empty) access configs give an external address; an unknown list may. */
function presence(value: unknown): Answer {
  if (isUnknown(value)) return "unknown";
  return isBlank(value) ? "no" : "yes";
}

export interface NetworkInterface {
  /** `networkInterfaces[0]` */
  readonly path: string;
  readonly network: Field;
  readonly subnetwork: Field;
  readonly externalIpv4: Answer;
  readonly externalIpv6: Answer;
}

export interface Machine {
  /** Unknown at preview: the whole list, and so which networks the machine is in. */
  readonly interfaces: readonly NetworkInterface[] | "unknown";
  readonly tags: readonly Field[];
  readonly serviceAccount: Field;
}

/**
 * A VM made from a template or a machine image takes from it what its program leaves out: at
 * preview, where only the program's inputs are known, a field it leaves out is unknown until the
 * update (the provider then writes every field).
 */
const FROM_SOURCE = new Set([INSTANCE_FROM_TEMPLATE, INSTANCE_FROM_MACHINE_IMAGE]);

/** An instance or instance template: its interfaces, network tags and service account. */
export function readMachine(view: ResourceView): Machine {
  const props = FROM_SOURCE.has(view.type) ? withInherited(view.props, ["networkInterfaces", "tags", "serviceAccount"]) : view.props;
  const nics = own(props, "networkInterfaces");
  const interfaces = isUnknown(nics)
    ? "unknown"
    : listOf(nics).map((nic, i): NetworkInterface => {
        const prefix = `networkInterfaces[${i}].`;
        const item = isRecord(nic) ? nic : {};
        return { path: `networkInterfaces[${i}]`, network: field(item, "network", prefix), subnetwork: field(item, "subnetwork", prefix), externalIpv4: presence(own(item, "accessConfigs")), externalIpv6: presence(own(item, "ipv6AccessConfigs")) };
      });
  const account = own(props, "serviceAccount");
  return { interfaces, tags: listField(props, "tags"), serviceAccount: { path: "serviceAccount.email", value: isUnknown(account) ? account : own(account, "email") } };
}

function withInherited(props: Props, keys: readonly string[]): Props {
  const absent = keys.filter((k) => own(props, k) === undefined);
  return absent.length === 0 ? props : { ...props, ...Object.fromEntries(absent.map((k) => [k, UNKNOWN])) };
}

/** The templates a managed instance group's versions launch. */
export function managedTemplates(view: ResourceView): Field[] {
  return listOf(own(view.props, "versions")).map((v, i) => field(v, "instanceTemplate", `versions[${i}].`));
}

/** Where GCP evaluates network firewall policies against the network's VPC firewall rules. */
export function enforcementOrder(network: ResourceView): Field {
  return field(network.props, "networkFirewallPolicyEnforcementOrder");
}

export const subnetworkNetwork = (view: ResourceView): Field => field(view.props, "network");
export const networkProject = (view: ResourceView): Field => field(view.props, "project");

/** A project's place in the resource tree: its folder (a number) and organisation (a number). */
export function projectParents(view: ResourceView): { folder: Field; org: Field } {
  return { folder: field(view.props, "folderId"), org: field(view.props, "orgId") };
}

export const folderParent = (view: ResourceView): Field => field(view.props, "parent");

const IDENTITY_KEYS = ["id", "selfLink", "selfLinkWithId", "name", "projectId", "folderId", "firewallPolicyId", "networkFirewallPolicyId", "regionNetworkFirewallPolicyId"];

/** A project's `name` is its display name, which other resources never use for it: they name it by `projectId` (its `id` is `projects/<projectId>`). */
function projectId(view: ResourceView): string | undefined {
  const id = reveal(own(view.props, "projectId"));
  if (typeof id === "string" && id !== "") return id;
  const path = reveal(own(view.props, "id"));
  return typeof path === "string" ? referencedProject(path) : undefined;
}

/** The name by which resources of its project name it: a project's id, anything else's `name`. */
export function nameOf(view: ResourceView): unknown {
  return view.type === PROJECT ? projectId(view) : reveal(own(view.props, "name"));
}

function identityValues(view: ResourceView): unknown[] {
  if (view.type !== PROJECT) return IDENTITY_KEYS.map((key) => reveal(own(view.props, key)));
  const id = projectId(view);
  return [reveal(own(view.props, "id")), id, id && `projects/${id}`];
}

/**
 * Every string by which another resource may name this one, each once: id, self links, name, the
 * numeric ids of policies and folders; a project only by its id (`projects/<id>` and `<id>`).
 * References compare against these, or by name (their last path segment: a self link ends with
 * `/global/networks/<name>`) within the same project.
 */
export function identities(view: ResourceView): string[] {
  const found: string[] = [];
  for (const value of identityValues(view)) if (typeof value === "string" && value !== "" && !found.includes(value)) found.push(value);
  return found;
}

export function lastSegment(reference: string): string {
  return reference.split("/").filter(Boolean).pop() ?? reference;
}

/** The project a self link or relative id names (".../projects/<p>/global/networks/<n>", "projects/<p>"); undefined for a bare name. */
export function referencedProject(reference: string): string | undefined {
  return /(?:^|\/)projects\/([^/]+)(?:\/|$)/.exec(reference)?.[1];
}

/** A zone: "europe-west1-b". */
const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;

/** Where a reference places what it names: ".../zones/<z>/...", ".../regions/<r>/...", or a target pool's "<zone>/<name>". */
export function referencedLocation(reference: string): { zone?: string; region?: string } {
  const [, kind, place] = /(?:^|\/)(zones|regions)\/([^/]+)\//.exec(reference) ?? [];
  if (kind === "zones") return { zone: place };
  if (kind === "regions") return { region: place };
  const [first, ...rest] = reference.split("/");
  return rest.length === 1 && ZONE.test(first) ? { zone: first } : {};
}

/**
 * Whether a resource may be the one a reference places in a zone or region: GCP names zonal and
 * regional resources by project, location and name, so edge-1 of europe-west1-c is not edge-1 of
 * europe-west1-b. Where either side's location is not known, the name decides.
 */
export function inLocation(view: ResourceView, at: { zone?: string; region?: string }): boolean {
  const zone = reveal(own(view.props, "zone"));
  const region = reveal(hostRegion(view));
  if (at.zone && typeof zone === "string" && zone !== "") return zone === at.zone;
  const wanted = at.region ?? (at.zone ? at.zone.replace(/-[a-z]$/, "") : undefined);
  return !wanted || typeof region !== "string" || region === "" || region === wanted;
}

/** The project a resource is in: its `project` (the provider writes it on every project resource), or the one its self link or id names; a project is in itself. */
export function projectOf(view: ResourceView): string | undefined {
  if (view.type === PROJECT) return projectId(view);
  const project = reveal(own(view.props, "project"));
  if (typeof project === "string" && project !== "") return project;
  for (const key of ["selfLink", "id"]) {
    const link = reveal(own(view.props, key));
    const named = typeof link === "string" ? referencedProject(link) : undefined;
    if (named) return named;
  }
  return undefined;
}

/** The region a machine runs in: its zone without the zone letter, or a regional group's region. */
export function hostRegion(view: ResourceView): unknown {
  const zone = own(view.props, "zone");
  const text = reveal(zone);
  if (typeof text === "string" && ZONE.test(text)) return text.replace(/-[a-z]$/, "");
  return isUnknown(zone) ? zone : own(view.props, "region");
}
