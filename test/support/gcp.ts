import { providerOutputs } from "../../harness/providerSchema";
import type { TestResource } from "./harness";
import { ref, res } from "./network";

/**
 * Builders for GCP Edge stacks in tests, in the shape the bridged provider writes after an update:
 * unset strings "", unset lists [], disabled false, priority 1000. Resources point at each other
 * with ref("name"); `materialise` (test/support/network.ts) makes ids or preview unknowns of them.
 */
export const GT = {
  network: "gcp:compute/network:Network",
  subnetwork: "gcp:compute/subnetwork:Subnetwork",
  firewall: "gcp:compute/firewall:Firewall",
  instance: "gcp:compute/instance:Instance",
  instanceFromTemplate: "gcp:compute/instanceFromTemplate:InstanceFromTemplate",
  instanceFromMachineImage: "gcp:compute/instanceFromMachineImage:InstanceFromMachineImage",
  template: "gcp:compute/instanceTemplate:InstanceTemplate",
  igm: "gcp:compute/instanceGroupManager:InstanceGroupManager",
  netPolicy: "gcp:compute/networkFirewallPolicy:NetworkFirewallPolicy",
  netPolicyRule: "gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule",
  netPolicyAssociation: "gcp:compute/networkFirewallPolicyAssociation:NetworkFirewallPolicyAssociation",
  netPolicyWithRules: "gcp:compute/networkFirewallPolicyWithRules:NetworkFirewallPolicyWithRules",
  regionPolicy: "gcp:compute/regionNetworkFirewallPolicy:RegionNetworkFirewallPolicy",
  regionPolicyRule: "gcp:compute/regionNetworkFirewallPolicyRule:RegionNetworkFirewallPolicyRule",
  regionPolicyAssociation: "gcp:compute/regionNetworkFirewallPolicyAssociation:RegionNetworkFirewallPolicyAssociation",
  hierPolicy: "gcp:compute/firewallPolicy:FirewallPolicy",
  hierRule: "gcp:compute/firewallPolicyRule:FirewallPolicyRule",
  hierAssociation: "gcp:compute/firewallPolicyAssociation:FirewallPolicyAssociation",
  forwardingRule: "gcp:compute/forwardingRule:ForwardingRule",
  targetPool: "gcp:compute/targetPool:TargetPool",
  targetInstance: "gcp:compute/targetInstance:TargetInstance",
  regionBackendService: "gcp:compute/regionBackendService:RegionBackendService",
  backendService: "gcp:compute/backendService:BackendService",
  instanceGroup: "gcp:compute/instanceGroup:InstanceGroup",
  endpointGroup: "gcp:compute/networkEndpointGroup:NetworkEndpointGroup",
  endpoint: "gcp:compute/networkEndpoint:NetworkEndpoint",
  endpointList: "gcp:compute/networkEndpointList:NetworkEndpointList",
  project: "gcp:organizations/project:Project",
  folder: "gcp:organizations/folder:Folder",
} as const;

export const SELF_LINK = "https://www.googleapis.com/compute/v1/projects/edge-proj/global/networks/edge-net";

type Props = Record<string, unknown>;

/** A VPC firewall rule as the provider writes it; `fields` override. */
export function firewall(name: string, fields: Props): TestResource {
  const blank = { description: "", direction: "INGRESS", priority: 1000, disabled: false, sourceRanges: [], sourceTags: [], sourceServiceAccounts: [], targetTags: [], targetServiceAccounts: [], allows: [], denies: [], destinationRanges: [] };
  return res(GT.firewall, name, { name, network: ref("edge-net", SELF_LINK), ...blank, ...fields });
}

export const tcp = (...ports: string[]) => ({ protocol: "tcp", ports });
export const udp = (...ports: string[]) => ({ protocol: "udp", ports });
export const MEDIA = [tcp("50000-59999")];
export const CLS = [tcp("50001-50003")];

/** The Edge: a network in project edge-proj, one tagged instance with an external address, the media range open to the world. */
export function gcpEdge(media: Props = {}, network: Props = {}): TestResource[] {
  return [
    res(GT.network, "edge-net", { name: "edge-net", project: "edge-proj", networkFirewallPolicyEnforcementOrder: "AFTER_CLASSIC_FIREWALL", selfLink: SELF_LINK, ...network }),
    instance("edge-1"),
    firewall("edge-media", { allows: MEDIA, sourceRanges: ["0.0.0.0/0"], targetTags: ["edge"], ...media }),
  ];
}

export function instance(name: string, fields: Props = {}, nic: Props = {}): TestResource {
  return res(GT.instance, name, {
    name,
    zone: "europe-west1-b",
    tags: ["edge"],
    serviceAccount: { email: "edge@edge-proj.iam.gserviceaccount.com", scopes: [] },
    networkInterfaces: [{ network: ref("edge-net", SELF_LINK), subnetwork: "", accessConfigs: [{ natIp: "", networkTier: "PREMIUM" }], ipv6AccessConfigs: [], ...nic }],
    ...fields,
  });
}

/** A network firewall policy rule as the provider writes it. */
export function policyRule(type: string, name: string, policy: string, fields: Props): TestResource {
  return res(type, name, { firewallPolicy: ref(policy, policy), description: "", direction: "INGRESS", disabled: false, targetServiceAccounts: [], targetSecureTags: [], ...fields });
}

/** Every other field of a policy rule's match as the provider writes it unset. */
export const UNSET_MATCH = {
  destAddressGroups: [],
  destFqdns: [],
  destIpRanges: [],
  destNetworkContext: "",
  destNetworkScope: "",
  destRegionCodes: [],
  destThreatIntelligences: [],
  srcAddressGroups: [],
  srcFqdns: [],
  srcNetworkContext: "",
  srcNetworkScope: "",
  srcNetworks: [],
  srcRegionCodes: [],
  srcSecureTags: [],
  srcThreatIntelligences: [],
};
export const match = (srcIpRanges: string[], layer4Configs: Props[], fields: Props = {}) => ({ ...UNSET_MATCH, srcIpRanges, layer4Configs, ...fields });
export const l4 = (ipProtocol: string, ...ports: string[]) => ({ ipProtocol, ports });

/** A global network firewall policy attached to edge-net, with standalone rules. */
export function networkPolicy(rules: { name: string; priority: number; action: string; match: Props; extra?: Props }[]): TestResource[] {
  return [
    res(GT.netPolicy, "edge-policy", { name: "edge-policy", description: "" }),
    res(GT.netPolicyAssociation, "edge-policy-assoc", { name: "edge-policy-assoc", firewallPolicy: ref("edge-policy", "edge-policy"), attachmentTarget: ref("edge-net", SELF_LINK) }),
    ...rules.map((r) => policyRule(GT.netPolicyRule, r.name, "edge-policy", { priority: r.priority, action: r.action, match: r.match, ...r.extra })),
  ];
}

/** A folder above edge-proj with a hierarchical policy attached to it. */
export function hierarchy(rules: { name: string; priority: number; action: string; match: Props }[], attachedTo: unknown = ref("edge-folder", "folders/1234")): TestResource[] {
  return [
    res(GT.folder, "edge-folder", { displayName: "edge", parent: "organizations/99", name: ref("edge-folder", "folders/1234"), folderId: ref("edge-folder", "1234") }),
    res(GT.project, "edge-project", { projectId: "edge-proj", name: "edge-proj", folderId: ref("edge-folder", "1234"), orgId: "" }),
    res(GT.hierPolicy, "org-fw", { shortName: "org-fw", parent: ref("edge-folder", "folders/1234"), name: ref("org-fw", "5678") }),
    res(GT.hierAssociation, "org-fw-assoc", { name: "org-fw-assoc", firewallPolicy: ref("org-fw", "5678"), attachmentTarget: attachedTo }),
    ...rules.map((r) => res(GT.hierRule, r.name, { firewallPolicy: ref("org-fw", "5678"), priority: r.priority, action: r.action, direction: "INGRESS", disabled: false, match: r.match, targetResources: [], targetServiceAccounts: [], description: "" })),
  ];
}

/** A description justification that passes on TEST day (2026-11-21). */
export const JUSTIFIED = "Federation with a partner on OCS 2007. cls-guard: reason=ocs-2007-federation; ticket=SEC-1234; approved-by=alice@example.com; expires=2027-03-01";

const COMPUTE = "https://www.googleapis.com/compute/v1/projects/edge-proj/";
/** Self links as the provider writes them, for resources of edge-proj in europe-west1(-b). */
export const LINK = {
  instance: (name: string, zone = "europe-west1-b") => `${COMPUTE}zones/${zone}/instances/${name}`,
  group: (name: string) => `${COMPUTE}zones/europe-west1-b/instanceGroups/${name}`,
  pool: (name: string) => `${COMPUTE}regions/europe-west1/targetPools/${name}`,
  service: (name: string) => `${COMPUTE}regions/europe-west1/backendServices/${name}`,
  globalService: (name: string) => `${COMPUTE}global/backendServices/${name}`,
  endpointGroup: (name: string) => `${COMPUTE}zones/europe-west1-b/networkEndpointGroups/${name}`,
};

/** A resource as the bridged provider writes it after an update: every field of its schema, unset ones "" / 0 / false / [] / null. */
export const written = (type: string, name: string, props: Props): TestResource => res(type, name, providerOutputs(type, { name, project: "edge-proj", ...props }));

/** A regional forwarding rule of edge-proj with an external address, the scheme and protocol as the provider writes them back. */
export function forwardingRule(name: string, fields: Props): TestResource {
  return written(GT.forwardingRule, name, { region: "europe-west1", loadBalancingScheme: "EXTERNAL", ipProtocol: "TCP", ipAddress: "203.0.113.10", networkTier: "PREMIUM", ...fields });
}

export const targetPool = (name: string, instances: unknown[], fields: Props = {}) => written(GT.targetPool, name, { region: "europe-west1", selfLink: LINK.pool(name), instances, ...fields });

/** A regional backend service of an external passthrough balancer, its backends the given instance groups. */
export const regionBackendService = (name: string, groups: unknown[], fields: Props = {}) =>
  written(GT.regionBackendService, name, { region: "europe-west1", selfLink: LINK.service(name), loadBalancingScheme: "EXTERNAL", protocol: "TCP", backends: groups.map((group) => ({ group, balancingMode: "CONNECTION" })), ...fields });

export const instanceGroup = (name: string, instances: unknown[]) => written(GT.instanceGroup, name, { zone: "europe-west1-b", selfLink: LINK.group(name), instances });

/** A zonal network endpoint group of VM interfaces in edge-net (`fields` override its type). */
export const endpointGroup = (name: string, fields: Props = {}) =>
  written(GT.endpointGroup, name, { zone: "europe-west1-b", selfLink: LINK.endpointGroup(name), networkEndpointType: "GCE_VM_IP", network: ref("edge-net", SELF_LINK), ...fields });

/** A NetworkEndpoint adding an instance (by name, as the provider writes it) to a group of europe-west1-b. */
export const endpoint = (name: string, group: string, instance: string) => written(GT.endpoint, name, { zone: "europe-west1-b", networkEndpointGroup: ref(group, group), instance: ref(instance, instance), ipAddress: "10.0.0.2" });

/** A managed instance group launching edge-tpl: the instance group it manages is its instanceGroup output. */
export const managedGroup = (name: string, fields: Props = {}) =>
  written(GT.igm, name, { zone: "europe-west1-b", instanceGroup: LINK.group(name), versions: [{ name: "", instanceTemplate: ref("edge-tpl", `${COMPUTE}global/instanceTemplates/edge-tpl`) }], ...fields });

/** The template managed groups launch: tagged edge, without an access config. */
export const edgeTemplate = () => res(GT.template, "edge-tpl", { name: "edge-tpl", tags: ["edge"], networkInterfaces: [{ network: ref("edge-net", SELF_LINK), accessConfigs: [] }], serviceAccount: null });

/** A VM made from a template or a machine image, as the provider writes it (the Instance's shape): untagged, in edge-net with an external address. */
export const instanceFrom = (type: string, name: string, fields: Props = {}) =>
  written(type, name, { zone: "europe-west1-b", selfLink: LINK.instance(name), networkInterfaces: [{ network: ref("edge-net", SELF_LINK), accessConfigs: [{ natIp: "", networkTier: "PREMIUM" }] }], ...fields });
