import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Skype for Business Edge server on Google Cloud: a Windows Server instance tagged `edge` in a
 * custom-mode VPC, on a static external address, with VPC firewall rules targeting the tag.
 *
 * The stack's `variant` config picks the case (Pulumi.<stack>.yaml here):
 *   compliant   no inbound media range: SIP/TLS 443, SIP/MTLS 5061, STUN/TURN UDP 3478
 *   federation  media range opened for OCS 2007 federation, justified in the rule's description,
 *               and the CLS agent ports denied at the same priority (a deny wins a tie)
 *   denied      media range opened, CLS agent ports denied at a lower priority number
 *   exposed     media range opened, CLS agent reachable from the internet
 */
const VARIANTS = ["compliant", "federation", "denied", "exposed"] as const;
type Variant = (typeof VARIANTS)[number];

const config = new pulumi.Config();
const variant = (config.get("variant") ?? "exposed") as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(", ")}; got "${variant}"`);

const world = ["0.0.0.0/0"];
const edgeTag = "edge";

const net = new gcp.compute.Network("edge-net", { name: "sfb-edge", autoCreateSubnetworks: false });
const subnet = new gcp.compute.Subnetwork("edge-external", { name: "sfb-edge-external", network: net.id, region: "europe-west1", ipCidrRange: "10.40.1.0/24" });

// A static address: the Edge's external FQDNs and certificates point at it.
const address = new gcp.compute.Address("edge-1-ip", { name: "sfb-edge-1", region: "europe-west1" });

new gcp.compute.Instance("edge-1", {
  name: "sfb-edge-1",
  zone: "europe-west1-b",
  machineType: "n2-standard-4",
  tags: [edgeTag],
  bootDisk: { initializeParams: { image: "windows-cloud/windows-2019", size: 100 } },
  networkInterfaces: [{ subnetwork: subnet.id, accessConfigs: [{ natIp: address.address }] }],
});

/** An ingress rule from the internet to the Edge instances. */
function edgeFirewall(name: string, args: Omit<gcp.compute.FirewallArgs, "network" | "sourceRanges" | "targetTags">) {
  return new gcp.compute.Firewall(name, { name: `sfb-${name}`, network: net.id, direction: "INGRESS", sourceRanges: world, targetTags: [edgeTag], ...args });
}

edgeFirewall("edge-allow-sip", {
  allows: [
    { protocol: "tcp", ports: ["443", "5061"] },
    { protocol: "udp", ports: ["3478"] },
  ],
});

// A justification expires; the example computes its date so that it stays valid. GCP firewall
// rules carry no labels, so it goes in the description.
const inSixMonths = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
const federationJustification = `cls-guard: reason=ocs-2007-federation; ticket=CHG-20417; approved-by=secops@example.com; expires=${inSixMonths}`;

if (variant !== "compliant") {
  edgeFirewall("edge-allow-media", {
    description: variant === "federation" ? federationJustification : "A/V media range, inbound",
    // Left unset, the priority is 1000.
    priority: variant === "federation" ? 1000 : undefined,
    allows: [
      { protocol: "tcp", ports: ["50000-59999"] },
      { protocol: "udp", ports: ["50000-59999"] },
    ],
  });
}

// The lower priority number is evaluated first; at equal priority a deny wins over an allow.
if (variant === "denied" || variant === "federation") {
  edgeFirewall("edge-deny-cls-agent", { priority: variant === "denied" ? 900 : 1000, denies: [{ protocol: "tcp", ports: ["50001-50003"] }] });
}

export const edgeAddress = address.address;
export const stackVariant = variant;
