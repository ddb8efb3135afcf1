import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { hostOf, items, publicIp, type ComputedTable, type MockArgs, type Props, type Registered } from "./cloudState";

/**
 * What the Google Cloud provider (a Terraform bridge: providerSchema.ts fills every other field)
 * writes after an update. Ids are Terraform's ("projects/<p>/global/networks/<name>"), while the
 * references a resource holds (`network`, `subnetwork`) are written back as full self links
 * ("https://www.googleapis.com/compute/v1/projects/<p>/global/networks/<name>"), whatever form
 * the program gave. Defaults the API applies (a firewall's priority 1000 and direction INGRESS)
 * are written, not left unset.
 */
const COMPUTE = "https://www.googleapis.com/compute/v1/";

/** A value the program gave, or else the provider's configuration (`gcp:project`, `gcp:region`, `gcp:zone` in the stack config). */
function setting(inputs: Props, key: "project" | "region" | "zone"): string {
  const given = inputs[key];
  return typeof given === "string" && given !== "" ? given : (pulumi.runtime.getConfig(`gcp:${key}`) ?? "");
}

/** Examples name their resources; an unnamed one keeps its logical name rather than a made-up autonaming suffix. */
function nameOf(args: MockArgs): string {
  return typeof args.inputs.name === "string" && args.inputs.name !== "" ? args.inputs.name : args.name;
}

/** A self link for a reference given as a self link, a relative id ("projects/..."), or a bare name in `collection`. */
function selfLink(ref: unknown, collection: string): unknown {
  if (typeof ref !== "string" || ref === "") return ref;
  if (ref.startsWith("https://")) return ref;
  return `${COMPUTE}${ref.startsWith("projects/") ? ref : `${collection}/${ref}`}`;
}

/** A resource at `path` (relative to its project): its id, name, project and self link. */
function located(args: MockArgs, path: string): { id: string; outputs: Props } {
  const id = `projects/${setting(args.inputs, "project")}/${path}/${nameOf(args)}`;
  return { id, outputs: { name: nameOf(args), project: setting(args.inputs, "project"), selfLink: `${COMPUTE}${id}` } };
}

const networks = (inputs: Props) => `projects/${setting(inputs, "project")}/global/networks`;

/** A numeric id as GCP hands them out, stable per name. */
function numericId(name: string): string {
  return BigInt(`0x${createHash("sha256").update(name).digest("hex").slice(0, 15)}`).toString();
}

/** An instance's interface as GCP writes it: named nic<i>, on self links, with a private address from its subnetwork and an external one per access config. */
function networkInterface(args: MockArgs, nic: Props, i: number, registered: Registered): Props {
  const subnet = registered.withOutput("id", nic.subnetwork)?.outputs;
  const region = setting(args.inputs, "zone").replace(/-[a-z]$/, "");
  return {
    ...nic,
    name: `nic${i}`,
    network: selfLink(nic.network ?? subnet?.network, networks(args.inputs)),
    subnetwork: selfLink(nic.subnetwork, `projects/${setting(args.inputs, "project")}/regions/${region}/subnetworks`),
    subnetworkProject: setting(args.inputs, "project"),
    networkIp: nic.networkIp ?? hostOf(subnet?.ipCidrRange, 2 + i),
    stackType: "IPV4_ONLY",
    accessConfigs: items(nic.accessConfigs).map((config) => ({ networkTier: "PREMIUM", natIp: publicIp(`${nameOf(args)}-nic${i}`), ...config })),
  };
}

export const GCP_COMPUTED: ComputedTable = {
  "gcp:compute/network:Network": (args) => {
    const { id, outputs } = located(args, "global/networks");
    const defaults = { autoCreateSubnetworks: true, routingMode: "REGIONAL", networkFirewallPolicyEnforcementOrder: "AFTER_CLASSIC_FIREWALL", mtu: 1460 };
    return { id, outputs: { ...defaults, ...args.inputs, ...outputs, numericId: numericId(id) } };
  },
  "gcp:compute/subnetwork:Subnetwork": (args) => {
    const { id, outputs } = located(args, `regions/${setting(args.inputs, "region")}/subnetworks`);
    const written = { region: setting(args.inputs, "region"), network: selfLink(args.inputs.network, networks(args.inputs)), gatewayAddress: hostOf(args.inputs.ipCidrRange, 1) };
    return { id, outputs: { purpose: "PRIVATE", stackType: "IPV4_ONLY", ...args.inputs, ...outputs, ...written } };
  },
  "gcp:compute/firewall:Firewall": (args) => {
    const { id, outputs } = located(args, "global/firewalls");
    return { id, outputs: { priority: 1000, direction: "INGRESS", ...args.inputs, ...outputs, network: selfLink(args.inputs.network, networks(args.inputs)) } };
  },
  "gcp:compute/address:Address": (args) => {
    const { id, outputs } = located(args, `regions/${setting(args.inputs, "region")}/addresses`);
    return { id, outputs: { address: publicIp(id), addressType: "EXTERNAL", networkTier: "PREMIUM", ...args.inputs, ...outputs, region: setting(args.inputs, "region") } };
  },
  "gcp:compute/instance:Instance": (args, registered) => {
    const { id, outputs } = located(args, `zones/${setting(args.inputs, "zone")}/instances`);
    const networkInterfaces = items(args.inputs.networkInterfaces).map((nic, i) => networkInterface(args, nic, i, registered));
    return { id, outputs: { ...outputs, zone: setting(args.inputs, "zone"), instanceId: numericId(id), currentStatus: "RUNNING", networkInterfaces } };
  },
};
