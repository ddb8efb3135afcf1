import { providerOutputs } from "../../harness/providerSchema";
import { isUnknown, UNKNOWN } from "../../src/model/values";
import { identities, nameOf, projectOf, readMachine } from "../../src/shapes/gcp/compute";
import type { ResourceView } from "../../src/shapes/resource";
import { GT, SELF_LINK } from "../support/gcp";

/**
 * How other resources name a compute resource: each row is the props as the provider writes them
 * after an update (every field; unset "", [], null) or as they stand at preview (unknowns), and
 * the strings a reference may use for it, the name a bare reference matches, and its project. A
 * project's `name` is its display name, which no reference uses.
 */
const view = (type: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "it", props, propertyDependencies: {} });
const written = (type: string, props: Record<string, unknown>) => view(type, providerOutputs(type, props));

const rows: [string, ResourceView, { identities: string[]; name: unknown; project: string | undefined }][] = [
  [
    "a project after an update: by its id, never by its display name",
    written(GT.project, { id: "projects/edge-prod-3f2a", projectId: "edge-prod-3f2a", name: "edge-prod", folderId: "111" }),
    { identities: ["projects/edge-prod-3f2a", "edge-prod-3f2a"], name: "edge-prod-3f2a", project: "edge-prod-3f2a" },
  ],
  ["a project at preview: its id not yet known, its projectId (an input) is", view(GT.project, { id: UNKNOWN, projectId: "edge-prod", name: "Edge production", folderId: UNKNOWN }), { identities: ["edge-prod", "projects/edge-prod"], name: "edge-prod", project: "edge-prod" }],
  ["a project whose projectId is unknown too: named by nothing", view(GT.project, { id: UNKNOWN, projectId: UNKNOWN, name: "edge-prod" }), { identities: [], name: undefined, project: undefined }],
  ["a project written with only its id: its projectId is in it", written(GT.project, { id: "projects/edge-prod" }), { identities: ["projects/edge-prod", "edge-prod"], name: "edge-prod", project: "edge-prod" }],
  [
    "a network after an update: id, self link and name; its project written",
    written(GT.network, { id: "projects/edge-proj/global/networks/edge-net", selfLink: SELF_LINK, name: "edge-net", project: "edge-proj" }),
    { identities: ["projects/edge-proj/global/networks/edge-net", SELF_LINK, "edge-net"], name: "edge-net", project: "edge-proj" },
  ],
  ["a network without project: the one its id names", view(GT.network, { id: "projects/edge-proj/global/networks/edge-net", name: "edge-net" }), { identities: ["projects/edge-proj/global/networks/edge-net", "edge-net"], name: "edge-net", project: "edge-proj" }],
];

test.each(rows)("%s", (_name, resource, expected) => {
  expect({ identities: identities(resource), name: nameOf(resource), project: projectOf(resource) }).toEqual(expected);
});

/** A VM made from a template or machine image is read as an Instance: its interfaces, tags and service account. */
const machines: [string, ResourceView, ReturnType<typeof machineText>][] = [
  [
    "an InstanceFromTemplate after an update",
    written(GT.instanceFromTemplate, { zone: "europe-west1-b", tags: ["edge"], serviceAccount: { email: "edge@edge-proj.iam.gserviceaccount.com", scopes: [] }, networkInterfaces: [{ network: SELF_LINK, subnetwork: "", accessConfigs: [{ natIp: "34.1.1.2", networkTier: "PREMIUM" }], ipv6AccessConfigs: [] }] }),
    { interfaces: [[SELF_LINK, "", "yes", "no"]], tags: ["edge"], serviceAccount: "edge@edge-proj.iam.gserviceaccount.com" },
  ],
  ["an InstanceFromMachineImage after an update, untagged, without a service account", written(GT.instanceFromMachineImage, { networkInterfaces: [{ network: SELF_LINK, accessConfigs: [] }] }), { interfaces: [[SELF_LINK, "", "no", "no"]], tags: [], serviceAccount: undefined }],
  ["an InstanceFromTemplate at preview, its interfaces taken from the template", view(GT.instanceFromTemplate, { networkInterfaces: UNKNOWN, tags: UNKNOWN, serviceAccount: UNKNOWN }), { interfaces: "unknown", tags: ["unknown"], serviceAccount: "unknown" }],
  // At preview only the program's inputs are known: what it leaves out comes from the template or image.
  ["an InstanceFromTemplate at preview, as a program writes it", view(GT.instanceFromTemplate, { name: "edge-2", zone: "europe-west1-b", sourceInstanceTemplate: UNKNOWN }), { interfaces: "unknown", tags: ["unknown"], serviceAccount: "unknown" }],
  ["an InstanceFromMachineImage at preview, its tags given", view(GT.instanceFromMachineImage, { name: "edge-3", sourceMachineImage: "projects/p/global/machineImages/edge", tags: ["edge"] }), { interfaces: "unknown", tags: ["edge"], serviceAccount: "unknown" }],
  ["an Instance at preview leaves out nothing it inherits", view(GT.instance, { name: "edge-1", tags: ["edge"] }), { interfaces: [], tags: ["edge"], serviceAccount: undefined }],
];

function machineText(resource: ResourceView) {
  const m = readMachine(resource);
  const text = (v: unknown) => (isUnknown(v) ? "unknown" : v);
  return {
    interfaces: m.interfaces === "unknown" ? ("unknown" as const) : m.interfaces.map((n) => [n.network.value, n.subnetwork.value, n.externalIpv4, n.externalIpv6]),
    tags: m.tags.map((f) => text(f.value)),
    serviceAccount: text(m.serviceAccount.value),
  };
}

test.each(machines)("%s", (_name, resource, expected) => {
  expect(machineText(resource)).toEqual(expected);
});
