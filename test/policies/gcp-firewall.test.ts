import { expectReported, runPack, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";
import { UNKNOWN } from "../support/fixtures";
import { CLS, edgeTemplate, endpoint, endpointGroup, firewall, forwardingRule, gcpEdge, GT, hierarchy, instance, instanceFrom, JUSTIFIED, l4, LINK, managedGroup, match, MEDIA, networkPolicy, regionBackendService, SELF_LINK, targetPool, tcp, udp } from "../support/gcp";

/**
 * Google Cloud firewall rules and policies in front of the Edge, through the real pack, each case
 * after an update (ids, self links, bridge-shaped unset values) and at preview (unknowns linked by
 * property dependencies). `cls` is what cls-ports-closed says (one finding, on `on`, or none),
 * `media` what media-range-inbound-justified says.
 */
interface Row {
  readonly name: string;
  readonly resources: TestResource[];
  readonly cls: string[];
  readonly on?: string;
  readonly media?: string[];
  /** A row that only one of them can show (an unknown without a dependency is preview's). */
  readonly only?: "update" | "preview";
  /** cls-ports-closed's level where it is not mandatory: a finding that waits on values unknown at preview ("cannot verify") is advisory. */
  readonly level?: "advisory";
}

const WORLD_CLS = "lets TCP 50001-50003 in from 0.0.0.0/0";
const denyCls = (name: string, fields: Record<string, unknown> = {}) => firewall(name, { denies: CLS, sourceRanges: ["0.0.0.0/0"], priority: 900, ...fields });
const edgeWithout = (drop: string) => gcpEdge().filter((r) => r.name !== drop);
const clsMatch = match(["0.0.0.0/0"], [l4("tcp", "50001-50003")]);
const mediaMatch = match(["0.0.0.0/0"], [l4("tcp", "50000-59999")]);
const OTHER_PROJECT_NET = "https://www.googleapis.com/compute/v1/projects/other-proj/global/networks/edge-net";
const unaddressed = () => [...edgeWithout("edge-1"), instance("edge-1", {}, { accessConfigs: [] })];
const pooled = (fields: Record<string, unknown>, instances: unknown[] = [ref("edge-1", LINK.instance("edge-1"))]) => [
  targetPool("edge-pool", instances),
  forwardingRule("edge-fr", { target: ref("edge-pool", LINK.pool("edge-pool")), ...fields }),
];
const THROUGH_FR = 'Reachable now: Instance "edge-1" through ForwardingRule "edge-fr": ForwardingRule "edge-fr" (scheme EXTERNAL: an external passthrough Network Load Balancer, with an external address) forwards TCP 50000-59999 from any IPv4 address through TargetPool "edge-pool" to it';
const NOT_REACHABLE = "Not reachable from the internet as the stack stands";
const EDGE_ACCOUNT = "edge@edge-proj.iam.gserviceaccount.com";
const OTHER_ACCOUNT = "other@edge-proj.iam.gserviceaccount.com";
/** Policy rules (hierarchy's) with a target service account. */
const withAccount = (resources: TestResource[], name: string, account: string) => resources.map((r) => (r.name === name ? { ...r, props: { ...r.props, targetServiceAccounts: [account] } } : r));
const NET_2 = SELF_LINK.replace("edge-net", "net-2");
/** A policy of organisation 99, above the folder hierarchy() makes, that denies the CLS ports. */
const organisationDeny = () => [
  res(GT.hierPolicy, "top-fw", { shortName: "top-fw", parent: "organizations/99", name: ref("top-fw", "9999") }),
  res(GT.hierAssociation, "top-fw-assoc", { name: "top-fw-assoc", firewallPolicy: ref("top-fw", "9999"), attachmentTarget: "organizations/99" }),
  res(GT.hierRule, "top-deny-cls", { firewallPolicy: ref("top-fw", "9999"), priority: 100, action: "deny", direction: "INGRESS", disabled: false, match: clsMatch, targetResources: [], targetServiceAccounts: [], description: "" }),
];
const OUTSIDE_EDGE_HOST = 'an instance of Network "edge-net" that this stack does not show (network tag edge)';
/** An instance of the network outside the stack with the tag edge-media targets, on whose path a narrower deny earns no credit. */
const OUTSIDE_EDGE = 'Not reachable from the internet as the stack stands: an instance of Network "edge-net" that this stack does not show (network tag edge): none is in the stack, so none has an external address of it; Firewall "edge-media" (priority 1000) reaches such instances all the same, and on their way only the rules sure to apply to each of them were credited';
/** A justified allow of the media range before edge-media (priority 900); `fields` narrow it. */
const federation = (fields: Record<string, unknown>) => firewall("federation", { allows: MEDIA, sourceRanges: ["0.0.0.0/0"], priority: 900, description: JUSTIFIED, ...fields });
const NOT_TAKEN = "was not credited with taking the traffic it allows before the rules GCP evaluates after it";
/** A justified policy allow of the media range before an unjustified one of the CLS ports. */
const partner = (m: Record<string, unknown>) => ({ name: "partner", priority: 100, action: "allow", match: m, extra: { description: JUSTIFIED } });
const everyone = { name: "everyone", priority: 200, action: "allow", match: clsMatch };
/** A folder's hierarchical deny of the CLS ports, above the project edge-proj as `project` (Project fields) shows it. */
const folderDenyWithProject = (project: Record<string, unknown>) =>
  hierarchy([{ name: "org-deny-cls", priority: 100, action: "deny", match: clsMatch }]).map((r) => (r.type === GT.project ? { ...r, props: { ...r.props, ...project } } : r));
const defaultNetwork = (project: string) => `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/default`;

const rows: Row[] = [
  { name: "the media range open to 0.0.0.0/0", resources: gcpEdge(), cls: [WORLD_CLS, 'Firewall "edge-media" allows[0] (tcp 50000-59999)', 'Reachable now: Instance "edge-1": networkInterfaces[0] has an access config', 'as the rule\'s description "cls-guard: reason=...; ticket=...; approved-by=...; expires=YYYY-MM-DD"'], media: ["lets TCP 50000-59999 in from 0.0.0.0/0"] },
  { name: "the media range open to ::/0", resources: gcpEdge({ sourceRanges: ["::/0"] }), cls: ["lets TCP 50001-50003 in from ::/0."] },
  { name: "a rule with no ports opens every port", resources: gcpEdge({ allows: [{ protocol: "tcp", ports: [] }] }), cls: ["(tcp 0-65535) lets TCP 50001-50003 in"] },
  { name: "protocol all", resources: gcpEdge({ allows: [{ protocol: "all", ports: [] }] }), cls: ["(all protocols and ports)"] },
  { name: "UDP only misses the CLS ports", resources: gcpEdge({ allows: [udp("50000-59999")] }), cls: [], media: ["lets UDP 50000-59999 in"] },
  { name: "source tags only: internal, passes", resources: gcpEdge({ sourceRanges: [], sourceTags: ["edge-lb"] }), cls: [], media: [] },
  { name: "source tags with source ranges: either matches", resources: gcpEdge({ sourceTags: ["edge-lb"] }), cls: [WORLD_CLS] },
  { name: "a deny with a lower priority number", resources: [...gcpEdge(), denyCls("deny-cls")], cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "a deny with a higher priority number comes too late", resources: [...gcpEdge(), denyCls("deny-cls", { priority: 1100 })], cls: [WORLD_CLS] },
  { name: "a deny wins a tie at equal priority", resources: [...gcpEdge(), denyCls("deny-cls", { priority: 1000 })], cls: [] },
  { name: "a deny left at the default priority (unset before the update) ties and wins", resources: [...gcpEdge({ priority: 1000 }), denyCls("deny-cls", { priority: 1000 })], cls: [] },
  { name: "a disabled deny earns no credit", resources: [...gcpEdge(), denyCls("deny-cls", { disabled: true })], cls: [WORLD_CLS, 'Firewall "deny-cls" (priority 900) is disabled, so it earned no credit'] },
  { name: "a deny whose target tags miss the host earns no credit", resources: [...gcpEdge(), denyCls("deny-cls", { targetTags: ["other"] })], cls: [WORLD_CLS] },
  { name: "a deny whose target tags include the host", resources: [...gcpEdge(), denyCls("deny-cls", { targetTags: ["edge", "other"] })], cls: [] },
  { name: "a deny targeting the host's service account, the allow its tag: an instance outside the stack may run as another", resources: [...gcpEdge(), denyCls("deny-cls", { targetServiceAccounts: ["edge@edge-proj.iam.gserviceaccount.com"] })], cls: [WORLD_CLS, OUTSIDE_EDGE] },
  { name: "a deny targeting the service account the allow targets", resources: [...gcpEdge({ targetTags: [], targetServiceAccounts: ["edge@edge-proj.iam.gserviceaccount.com"] }), denyCls("deny-cls", { targetServiceAccounts: ["edge@edge-proj.iam.gserviceaccount.com"] })], cls: [] },
  { name: "an IPv4 deny leaves ::/0 open", resources: [...gcpEdge({ sourceRanges: ["0.0.0.0/0", "::/0"] }), denyCls("deny-cls")], cls: ["lets TCP 50001-50003 in from ::/0."] },
  { name: "a deny of a narrow range does not cover the world", resources: [...gcpEdge(), denyCls("deny-cls", { sourceRanges: ["203.0.113.0/24"] })], cls: [WORLD_CLS] },
  { name: "a deny with an unreadable port earns no credit", resources: [...gcpEdge(), denyCls("deny-cls", { denies: [tcp("50001-50003x")] })], cls: [WORLD_CLS, 'Firewall "deny-cls" (priority 900) was not credited', 'not a port or range'] },
  {
    name: "a deny limited by destinationRanges earns no credit",
    resources: [...gcpEdge(), denyCls("deny-cls", { destinationRanges: ["10.99.0.0/16"] })],
    cls: [WORLD_CLS, 'Firewall "deny-cls" (priority 900) was not credited: its destinationRanges 10.99.0.0/16 limit it to traffic addressed to those ranges'],
  },
  {
    name: "an allow limited by destinationRanges is judged as reaching the host, and says it may not",
    resources: gcpEdge({ destinationRanges: ["10.0.1.5/32"] }),
    cls: [WORLD_CLS, 'Firewall "edge-media" (priority 1000) was judged as reaching Instance "edge-1", though its destinationRanges 10.0.1.5/32 limit it'],
  },
  { name: "a deny on the same-named network of another project earns no credit", resources: [...gcpEdge(), denyCls("deny-cls", { network: OTHER_PROJECT_NET, project: "other-proj" })], cls: [WORLD_CLS] },
  { name: "a deny naming the network by bare name from another project earns no credit", resources: [...gcpEdge(), denyCls("deny-cls", { network: "edge-net", project: "other-proj" })], cls: [WORLD_CLS] },
  {
    name: "the default networks of two projects are two networks",
    resources: [
      instance("edge-1", {}, { network: defaultNetwork("edge-proj") }),
      firewall("edge-media", { network: defaultNetwork("edge-proj"), project: "edge-proj", allows: MEDIA, sourceRanges: ["0.0.0.0/0"], targetTags: ["edge"] }),
      denyCls("deny-cls", { network: defaultNetwork("other-proj"), project: "other-proj" }),
    ],
    cls: [WORLD_CLS],
  },
  { name: "an egress deny does not count", resources: [...gcpEdge(), denyCls("deny-cls", { direction: "EGRESS" })], cls: [WORLD_CLS] },
  { name: "an earlier allow claims the traffic: its own opening reports it", resources: [...gcpEdge(), firewall("edge-cls", { allows: CLS, sourceRanges: ["0.0.0.0/0"], priority: 900 })], cls: ['Firewall "edge-cls" allows[0] (tcp 50001-50003)'], on: "edge-cls" },
  {
    name: "a justified earlier allow that surely applies and matches all it names takes the traffic: the later allow decides none of it",
    resources: [...gcpEdge(), federation({})],
    cls: [],
    media: [],
  },
  {
    name: "an earlier allow limited by destinationRanges is not credited with taking the traffic from the later allow",
    resources: [...gcpEdge(), federation({ destinationRanges: ["10.0.1.5/32"] })],
    cls: [WORLD_CLS, `Firewall "federation" (priority 900) ${NOT_TAKEN}: its destinationRanges 10.0.1.5/32 limit it`],
  },
  {
    name: "an earlier allow targeting the default compute account of a host without one is not credited with taking the traffic",
    resources: [...edgeWithout("edge-1"), instance("edge-1", { serviceAccount: null }), federation({ targetServiceAccounts: ["1234-compute@developer.gserviceaccount.com"] })],
    cls: [WORLD_CLS, `Firewall "federation" (priority 900) ${NOT_TAKEN}: Instance "edge-1" has no service account set`],
  },
  { name: "an earlier allow targeting the host's own service account takes its traffic, not that of an instance outside the stack", resources: [...gcpEdge(), federation({ targetServiceAccounts: ["edge@edge-proj.iam.gserviceaccount.com"] })], cls: [WORLD_CLS, OUTSIDE_EDGE] },
  { name: "an earlier allow targeting the allow's own tag takes the traffic", resources: [...gcpEdge(), federation({ targetTags: ["edge"] })], cls: [] },
  {
    name: "an earlier allow whose target tags are not known at preview: the later allow's exposure waits on them",
    resources: [...gcpEdge(), federation({ targetTags: [ref("tag-source", "edge")] }), res(GT.network, "tag-source", {})],
    cls: [WORLD_CLS, "Cannot verify at preview", `Firewall "federation" (priority 900) ${NOT_TAKEN}: whether Firewall "federation" (priority 900) applies to Instance "edge-1" is not known at preview (network tags unknown)`],
    level: "advisory",
    only: "preview",
  },
  { name: "that earlier allow after the update takes the traffic", resources: [...gcpEdge(), federation({ targetTags: [ref("tag-source", "edge")] }), res(GT.network, "tag-source", {})], cls: [], only: "update" },
  {
    name: "an earlier allow whose priority is not known at preview: the later allow's exposure waits on it",
    resources: [...gcpEdge(), federation({ priority: ref("priority-source", 900) }), res(GT.network, "priority-source", {})],
    cls: [WORLD_CLS, "Cannot verify at preview", `Firewall "federation" (priority an unknown value) ${NOT_TAKEN}: priority is not known until the resources it depends on exist`],
    level: "advisory",
    only: "preview",
  },
  {
    name: "an earlier allow whether disabled is not known at preview: the later allow's exposure waits on it",
    resources: [...gcpEdge(), federation({ disabled: ref("switch-source", false) }), res(GT.network, "switch-source", {})],
    cls: [WORLD_CLS, "Cannot verify at preview", `Firewall "federation" (priority 900) ${NOT_TAKEN}: disabled is not known`],
    level: "advisory",
    only: "preview",
  },
  ...(["srcFqdns", "srcRegionCodes", "srcAddressGroups"] as const).map(
    (key): Row => ({
      name: `a policy allow from ${key} is not credited with taking the traffic from the policy's later allow`,
      resources: [...edgeWithout("edge-media"), ...networkPolicy([partner(match([], [l4("tcp", "50000-59999")], { [key]: ["partner.example.com"] })), everyone])],
      cls: [WORLD_CLS, `NetworkFirewallPolicyRule "partner" (priority 100) ${NOT_TAKEN}: its match.${key}[0] partner.example.com stands for addresses cls-guard cannot list`],
      on: "everyone",
    }),
  ),
  {
    name: "a policy allow of VPC_NETWORKS sources is not credited with taking the internet's traffic from the later allow",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([partner({ ...mediaMatch, srcNetworkScope: "VPC_NETWORKS" }), everyone])],
    cls: [WORLD_CLS, `NetworkFirewallPolicyRule "partner" (priority 100) ${NOT_TAKEN}: its match.srcNetworkScope VPC_NETWORKS narrows it`],
    on: "everyone",
  },
  {
    name: "a policy allow targeting secure tags is not credited with taking the traffic from the later allow",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([{ ...partner(mediaMatch), extra: { description: JUSTIFIED, targetSecureTags: [{ name: "tagValues/123456", state: "EFFECTIVE" }] } }, everyone])],
    cls: [WORLD_CLS, `NetworkFirewallPolicyRule "partner" (priority 100) ${NOT_TAKEN}: NetworkFirewallPolicyRule "partner" (priority 100) targets secure tags (tagValues/123456)`],
    on: "everyone",
  },
  { name: "a justified policy allow that surely matches all it names takes the traffic from the later allow", resources: [...edgeWithout("edge-media"), ...networkPolicy([partner(mediaMatch), everyone])], cls: [] },
  { name: "a disabled allow opens nothing", resources: [...edgeWithout("edge-media"), firewall("edge-media", { allows: MEDIA, sourceRanges: ["0.0.0.0/0"], disabled: true })], cls: [], media: [] },
  { name: "an instance without an access config", resources: [...edgeWithout("edge-1"), instance("edge-1", {}, { accessConfigs: [] })], cls: [WORLD_CLS, "Not reachable from the internet as the stack stands", "has no access config (external IPv4) and no IPv6 access config"] },
  { name: "an instance without an access config behind an external forwarding rule of the media range", resources: [...unaddressed(), ...pooled({ portRange: "50000-59999" })], cls: [WORLD_CLS, THROUGH_FR] },
  { name: "a target pool naming the instance by zone/name", resources: [...unaddressed(), ...pooled({ portRange: "50000-59999" }, ["europe-west1-b/edge-1"])], cls: [WORLD_CLS, THROUGH_FR] },
  {
    name: "a forwarding rule of 443 only: reachability as before",
    resources: [...unaddressed(), ...pooled({ portRange: "443" })],
    cls: [WORLD_CLS, `${NOT_REACHABLE}: Instance "edge-1": networkInterfaces[0] has no access config (external IPv4) and no IPv6 access config; what ForwardingRule "edge-fr" forwards to it takes a path of its own`],
  },
  {
    name: "an INTERNAL forwarding rule is no way in from the internet",
    resources: [...unaddressed(), ...pooled({ portRange: "50000-59999", loadBalancingScheme: "INTERNAL" })],
    cls: [WORLD_CLS, `${NOT_REACHABLE}: Instance "edge-1": networkInterfaces[0] has no access config (external IPv4) and no IPv6 access config, and no external forwarding rule of this stack sends to it`],
  },
  {
    name: "a deny of the CLS ports before the allow holds on the balancer's path too",
    resources: [...unaddressed(), ...pooled({ portRange: "50000-59999" }), denyCls("deny-cls", { targetTags: ["edge"] })],
    cls: [],
    media: ["lets TCP 50000, 50004-59999 in", THROUGH_FR],
  },
  {
    name: "a managed instance group behind a regional backend service",
    resources: [...edgeWithout("edge-1"), edgeTemplate(), managedGroup("edge-mig"), regionBackendService("edge-bs", [ref("edge-mig", LINK.group("edge-mig"))]), forwardingRule("edge-fr", { ports: ["50001", "50002", "50003"], backendService: ref("edge-bs", LINK.service("edge-bs")) })],
    cls: [WORLD_CLS, 'Reachable now: InstanceGroupManager "edge-mig" (template InstanceTemplate "edge-tpl") through ForwardingRule "edge-fr"', "forwards TCP 50001, 50002, 50003 from any IPv4 address through RegionBackendService \"edge-bs\" to it"],
  },
  {
    name: "an instance without an access config in a GCE_VM_IP network endpoint group behind a regional backend service",
    resources: [...unaddressed(), endpointGroup("edge-neg"), endpoint("edge-ep", "edge-neg", "edge-1"), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), forwardingRule("edge-fr", { allPorts: true, backendService: ref("edge-bs", LINK.service("edge-bs")) })],
    cls: [WORLD_CLS, 'Reachable now: Instance "edge-1" through ForwardingRule "edge-fr"', 'through RegionBackendService "edge-bs" and NetworkEndpointGroup "edge-neg" to it'],
  },
  {
    name: "preview: a forwarding rule whose target is unknown and unlinked may reach the host",
    resources: [...unaddressed(), forwardingRule("edge-fr", { portRange: "50000-59999", target: UNKNOWN })],
    cls: [WORLD_CLS, 'Reachability from the internet cannot be told: Instance "edge-1" through ForwardingRule "edge-fr": which instances ForwardingRule "edge-fr" forwards to is not known until the update'],
    only: "preview",
  },
  {
    name: "a managed instance group's template, behind a deny",
    resources: [
      ...edgeWithout("edge-1"),
      res(GT.template, "edge-tpl", { name: "edge-tpl", tags: ["edge"], networkInterfaces: [{ network: ref("edge-net", SELF_LINK), accessConfigs: [{}] }], serviceAccount: null }),
      res(GT.igm, "edge-mig", { name: "edge-mig", zone: "europe-west1-b", versions: [{ name: "", instanceTemplate: ref("edge-tpl", "https://www.googleapis.com/compute/v1/projects/edge-proj/global/instanceTemplates/edge-tpl") }] }),
      denyCls("deny-cls"),
    ],
    cls: [],
  },
  ...[GT.instanceFromTemplate, GT.instanceFromMachineImage].map(
    (type): Row => ({
      name: `an allow for every instance, denied only on tagged ones, reaches an untagged ${type.split(":").pop()}`,
      resources: [...gcpEdge({ targetTags: [] }), denyCls("deny-cls", { targetTags: ["edge"] }), instanceFrom(type, "edge-2")],
      cls: [WORLD_CLS, `Reachable now: ${type.split(":").pop()} "edge-2": networkInterfaces[0] has an access config`],
    }),
  ),
  { name: "a deny for every instance covers an InstanceFromTemplate too", resources: [...gcpEdge({ targetTags: [] }), denyCls("deny-cls"), instanceFrom(GT.instanceFromTemplate, "edge-2")], cls: [] },
  {
    name: "preview: an InstanceFromTemplate whose interfaces come from its template is not known to be outside the deny's reach",
    resources: [...gcpEdge(), denyCls("deny-cls", { targetTags: ["edge"] }), instanceFrom(GT.instanceFromTemplate, "edge-2", { networkInterfaces: UNKNOWN })],
    cls: [WORLD_CLS, "Cannot verify at preview", 'the network interfaces of InstanceFromTemplate "edge-2" are not known at preview'],
    level: "advisory",
    only: "preview",
  },
  {
    name: "preview: an InstanceFromTemplate as a program writes it, its interfaces and tags left to the template",
    resources: [...gcpEdge(), denyCls("deny-cls", { targetTags: ["edge"] }), res(GT.instanceFromTemplate, "edge-2", { name: "edge-2", zone: "europe-west1-b", sourceInstanceTemplate: ref("bare-tpl") })],
    cls: [WORLD_CLS, "Cannot verify at preview", 'the network interfaces of InstanceFromTemplate "edge-2" are not known at preview'],
    level: "advisory",
    only: "preview",
  },
  { name: "no host of the stack the rule applies to: a deny for every instance of the network still covers those outside it", resources: [...edgeWithout("edge-1"), instance("edge-1", { tags: [] }), denyCls("deny-cls")], cls: [] },
  { name: "no host of the stack the rule applies to: instances outside it are exposed, and said why", resources: [...edgeWithout("edge-1"), instance("edge-1", { tags: [] })], cls: [WORLD_CLS, OUTSIDE_EDGE] },
  { name: "an untargeted allow with a deny for tagged instances only: untagged instances outside the stack are exposed", resources: [...gcpEdge({ targetTags: [] }), denyCls("deny-cls", { targetTags: ["edge"] })], cls: [WORLD_CLS, 'an instance of Network "edge-net" that this stack does not show: none is in the stack'] },
  { name: "a deny for the allow's tag and another covers every instance the allow reaches", resources: [...gcpEdge(), denyCls("deny-cls", { targetTags: ["other", "edge"] })], cls: [] },
  { name: "an allow of two tags, a deny for one of them: instances outside the stack with the other are exposed", resources: [...gcpEdge({ targetTags: ["edge", "media"] }), denyCls("deny-cls", { targetTags: ["edge"] })], cls: [WORLD_CLS, 'that this stack does not show (network tag media)'] },
  { name: "an allow of two tags, a deny for each: every instance it reaches is covered", resources: [...gcpEdge({ targetTags: ["edge", "media"] }), denyCls("deny-cls", { targetTags: ["edge"] }), denyCls("deny-media", { targetTags: ["media"] })], cls: [] },
  {
    name: "a hierarchical goto_next for another service account before a deny: an instance outside the stack with the allow's tag may run as it and skip the deny",
    resources: [...gcpEdge(), ...withAccount(hierarchy([{ name: "org-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "org-deny-cls", priority: 20, action: "deny", match: clsMatch }]), "org-next", OTHER_ACCOUNT)],
    cls: [WORLD_CLS, OUTSIDE_EDGE, `FirewallPolicyRule "org-next" (priority 10) was read as handing on what it matches, past the rules after it in hierarchical firewall policy "org-fw": ${OUTSIDE_EDGE_HOST} may run as any service account`],
  },
  {
    name: "the same with no host of the stack the allow reaches",
    resources: [...edgeWithout("edge-1"), instance("edge-1", { tags: [] }), ...withAccount(hierarchy([{ name: "org-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "org-deny-cls", priority: 20, action: "deny", match: clsMatch }]), "org-next", OTHER_ACCOUNT)],
    cls: [WORLD_CLS, OUTSIDE_EDGE],
  },
  {
    name: "a network policy's goto_next for another service account before its deny, the policy first",
    resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), ...networkPolicy([{ name: "p-next", priority: 10, action: "goto_next", match: clsMatch, extra: { targetServiceAccounts: [OTHER_ACCOUNT] } }, { name: "p-deny", priority: 20, action: "deny", match: clsMatch }])],
    cls: [WORLD_CLS, OUTSIDE_EDGE],
  },
  {
    name: "a goto_next for the service account the allow targets: the outside instance runs as it, the deny after it is not credited",
    resources: [...gcpEdge({ targetTags: [], targetServiceAccounts: [EDGE_ACCOUNT] }), ...withAccount(hierarchy([{ name: "org-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "org-deny-cls", priority: 20, action: "deny", match: clsMatch }]), "org-next", EDGE_ACCOUNT)],
    cls: [WORLD_CLS],
  },
  {
    name: "a goto_next for another service account than the one the allow targets: the deny after it covers every instance the allow reaches",
    resources: [...gcpEdge({ targetTags: [], targetServiceAccounts: [EDGE_ACCOUNT] }), ...withAccount(hierarchy([{ name: "org-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "org-deny-cls", priority: 20, action: "deny", match: clsMatch }]), "org-next", OTHER_ACCOUNT)],
    cls: [],
  },
  {
    name: "a policy deny for the stack host's service account only, before a policy allow for every instance",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([{ name: "p-deny", priority: 10, action: "deny", match: clsMatch, extra: { targetServiceAccounts: [EDGE_ACCOUNT] } }, { name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])],
    cls: [WORLD_CLS, 'NetworkFirewallPolicyRule "p-deny" (priority 10) was not credited: an instance of Network "edge-net" that this stack does not show may run as any service account'],
    on: "policy-media",
  },
  {
    name: "a policy attached to two networks, a VPC deny before it in one of them only",
    resources: [
      ...edgeWithout("edge-media"),
      denyCls("deny-cls"),
      res(GT.network, "net-2", { name: "net-2", project: "edge-proj", networkFirewallPolicyEnforcementOrder: "AFTER_CLASSIC_FIREWALL", selfLink: NET_2 }),
      ...networkPolicy([{ name: "policy-media", priority: 100, action: "allow", match: mediaMatch }]),
      res(GT.netPolicyAssociation, "assoc-2", { name: "assoc-2", firewallPolicy: ref("edge-policy", "edge-policy"), attachmentTarget: ref("net-2", NET_2) }),
    ],
    cls: [WORLD_CLS, 'an instance of Network "net-2" that this stack does not show'],
    on: "policy-media",
  },
  {
    name: "a hierarchical deny for one network before the policy's allow: the other networks under the folder, which the stack does not show, are open",
    resources: [...edgeWithout("edge-media"), ...hierarchy([{ name: "org-deny-cls", priority: 10, action: "deny", match: clsMatch }, { name: "org-allow", priority: 20, action: "allow", match: clsMatch }]).map((r) => (r.name === "org-deny-cls" ? { ...r, props: { ...r.props, targetResources: [ref("edge-net", SELF_LINK)] } } : r))],
    cls: [WORLD_CLS, 'Not reachable from the internet as the stack stands: an instance of a network under Folder "edge-folder" that this stack does not show'],
    on: "org-allow",
  },
  {
    name: "a hierarchical deny for every network before the policy's allow covers those the stack does not show",
    resources: [...edgeWithout("edge-media"), ...hierarchy([{ name: "org-deny-cls", priority: 10, action: "deny", match: clsMatch }, { name: "org-allow", priority: 20, action: "allow", match: clsMatch }])],
    cls: [],
  },
  { name: "an organisation's deny above a folder's allow covers every network under the folder", resources: [...edgeWithout("edge-media"), ...hierarchy([{ name: "org-allow", priority: 20, action: "allow", match: clsMatch }]), ...organisationDeny()], cls: [] },
  {
    name: "an organisation's deny where the stack cannot show the folder under it: the networks under the folder are open",
    resources: [...edgeWithout("edge-media"), ...hierarchy([{ name: "org-allow", priority: 20, action: "allow", match: clsMatch }]).map((r) => (r.type === GT.folder ? { ...r, props: { ...r.props, parent: "organizations/77" } } : r)), ...organisationDeny()],
    cls: [WORLD_CLS, 'hierarchical firewall policy "top-fw" was not credited: nothing in this stack ties its attachment (organizations/99) to a network under Folder "edge-folder"'],
    on: "org-allow",
  },
  { name: "a hierarchical deny before a VPC allow", resources: [...gcpEdge(), ...hierarchy([{ name: "org-deny-cls", priority: 100, action: "deny", match: clsMatch }])], cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  {
    name: "a hierarchical deny attached where the stack cannot place the network",
    resources: [...gcpEdge(), ...hierarchy([{ name: "org-deny-cls", priority: 100, action: "deny", match: clsMatch }], "folders/999")],
    cls: [WORLD_CLS, 'hierarchical firewall policy "org-fw" was not credited: nothing in this stack ties its attachment (folders/999) to Network "edge-net"'],
  },
  {
    name: "a project whose display name is the network's project is not its project: the folder's deny earns no credit",
    resources: [...gcpEdge(), ...folderDenyWithProject({ projectId: "edge-proj-3f2a", name: "edge-proj" })],
    cls: [WORLD_CLS, 'hierarchical firewall policy "org-fw" was not credited: nothing in this stack ties its attachment', "the network's project by its project id"],
  },
  { name: "a project is named by its projectId, whatever its display name", resources: [...gcpEdge(), ...folderDenyWithProject({ name: "Edge production" })], cls: [] },
  {
    name: "two projects answering to the network's project: which folders are above it cannot be told",
    resources: [...gcpEdge(), ...folderDenyWithProject({}), res(GT.project, "edge-project-copy", { projectId: "edge-proj", name: "edge-proj", folderId: "999", orgId: "" })],
    cls: [WORLD_CLS, 'hierarchical firewall policy "org-fw" was not credited: the project of Network "edge-net" answers to Project "edge-project" and Project "edge-project-copy", so which folders are above it cannot be told'],
  },
  {
    name: "a hierarchical deny targeting the same-named network of another project earns no credit",
    resources: [...gcpEdge(), ...hierarchy([{ name: "org-deny-cls", priority: 100, action: "deny", match: clsMatch }]).map((r) => (r.type === GT.hierRule ? { ...r, props: { ...r.props, targetResources: [OTHER_PROJECT_NET] } } : r))],
    cls: [WORLD_CLS],
  },
  {
    name: "goto_next hands on past a later hierarchical deny",
    resources: [...gcpEdge(), ...hierarchy([{ name: "org-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "org-deny-cls", priority: 20, action: "deny", match: clsMatch }])],
    cls: [WORLD_CLS],
  },
  {
    name: "a hierarchical allow is an opening and claims the traffic before the VPC rules",
    resources: [...gcpEdge(), ...hierarchy([{ name: "org-allow-cls", priority: 10, action: "allow", match: clsMatch }])],
    cls: ['FirewallPolicyRule "org-allow-cls" match.layer4Configs[0] (tcp 50001-50003) lets TCP 50001-50003 in from 0.0.0.0/0'],
    on: "org-allow-cls",
  },
  { name: "BEFORE_CLASSIC_FIREWALL: a network policy deny comes before the VPC allow", resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: clsMatch }])], cls: [] },
  {
    name: "a network policy deny of NON_INTERNET sources leaves the internet out",
    resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: { ...clsMatch, srcNetworkScope: "NON_INTERNET" } }])],
    cls: [WORLD_CLS, 'NetworkFirewallPolicyRule "policy-deny-cls" (priority 100) was not credited: its match.srcNetworkScope NON_INTERNET narrows it to part of the traffic its sources send'],
  },
  {
    name: "a network policy deny towards a NON_INTERNET destination earns no credit",
    resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: { ...clsMatch, destNetworkScope: "NON_INTERNET" } }])],
    cls: [WORLD_CLS, 'NetworkFirewallPolicyRule "policy-deny-cls" (priority 100) was not credited: its match.destNetworkScope NON_INTERNET narrows it'],
  },
  {
    name: "a hierarchical deny of VPC_NETWORKS sources leaves the internet out",
    resources: [...gcpEdge(), ...hierarchy([{ name: "org-deny-cls", priority: 100, action: "deny", match: { ...clsMatch, srcNetworkScope: "VPC_NETWORKS" } }])],
    cls: [WORLD_CLS, 'FirewallPolicyRule "org-deny-cls" (priority 100) was not credited: its match.srcNetworkScope VPC_NETWORKS narrows it'],
  },
  {
    name: "a network policy attached to the same-named network of another project earns no credit",
    resources: [
      ...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }),
      ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: clsMatch }]).map((r) => (r.type === GT.netPolicyAssociation ? { ...r, props: { ...r.props, attachmentTarget: OTHER_PROJECT_NET } } : r)),
    ],
    cls: [WORLD_CLS],
  },
  { name: "AFTER_CLASSIC_FIREWALL: the network policy deny comes too late", resources: [...gcpEdge(), ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: clsMatch }])], cls: [WORLD_CLS] },
  { name: "an unset enforcement order is AFTER_CLASSIC_FIREWALL", resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "" }), ...networkPolicy([{ name: "policy-deny-cls", priority: 100, action: "deny", match: clsMatch }])], cls: [WORLD_CLS] },
  {
    name: "an allow in a network policy is an opening",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([{ name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])],
    cls: ['NetworkFirewallPolicyRule "policy-media" match.layer4Configs[0] (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0'],
    on: "policy-media",
  },
  {
    name: "an allow in a network policy towards destIpRanges is judged as reaching the host, and says it may not",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([{ name: "policy-media", priority: 100, action: "allow", match: { ...mediaMatch, destIpRanges: ["10.0.1.5/32"] } }])],
    cls: [WORLD_CLS, 'NetworkFirewallPolicyRule "policy-media" (priority 100) was judged as reaching Instance "edge-1", though its match.destIpRanges 10.0.1.5/32 narrows it'],
    on: "policy-media",
  },
  {
    name: "a goto_next earlier in the same policy takes the CLS ports away from the policy's allow",
    resources: [...edgeWithout("edge-media"), ...networkPolicy([{ name: "policy-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])],
    cls: [],
    media: ["lets TCP 50000, 50004-59999 in"],
  },
  {
    name: "what that goto_next hands on meets the next step: a VPC allow after the policy exposes it",
    resources: [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), ...networkPolicy([{ name: "policy-next", priority: 10, action: "goto_next", match: clsMatch }, { name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])],
    cls: [WORLD_CLS],
  },
  {
    name: "a goto_next that targets secure tags is not credited with taking traffic from the allow after it",
    resources: [
      ...edgeWithout("edge-media"),
      ...networkPolicy([{ name: "policy-next", priority: 10, action: "goto_next", match: clsMatch, extra: { targetSecureTags: [{ name: "tagValues/1", state: "EFFECTIVE" }] } }, { name: "policy-media", priority: 100, action: "allow", match: mediaMatch }]),
    ],
    cls: [WORLD_CLS, 'NetworkFirewallPolicyRule "policy-next" (priority 10) was not credited with handing traffic on before the rules after it in network firewall policy "edge-policy": NetworkFirewallPolicyRule "policy-next" (priority 10) targets secure tags'],
    on: "policy-media",
  },
  { name: "AFTER_CLASSIC_FIREWALL: a VPC deny comes before a network policy allow", resources: [...edgeWithout("edge-media"), denyCls("deny-cls"), ...networkPolicy([{ name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])], cls: [] },
  {
    name: "BEFORE_CLASSIC_FIREWALL: a VPC deny comes after a network policy allow",
    resources: [...edgeWithout("edge-media").map((r) => (r.type === GT.network ? { ...r, props: { ...r.props, networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" } } : r)), denyCls("deny-cls"), ...networkPolicy([{ name: "policy-media", priority: 100, action: "allow", match: mediaMatch }])],
    cls: [WORLD_CLS],
    on: "policy-media",
  },
  { name: "a valid justification in the description", resources: gcpEdge({ description: JUSTIFIED }), cls: [], media: [] },
  {
    name: "a justification pair without '=' is reported",
    resources: gcpEdge({ description: JUSTIFIED.replace("ticket=SEC-1234", "ticket SEC-1234") }),
    cls: [WORLD_CLS, 'Its justification does not count: description of "edge-media" (its cls-guard: text is broken: "ticket SEC-1234" has no "=") has no ticket'],
    media: ["has no ticket"],
  },
  {
    name: "an unknown justification key spoils the record",
    resources: gcpEdge({ description: `${JUSTIFIED}; owner=bob` }),
    cls: [WORLD_CLS, 'key "owner" is unknown', "gives reason \"[broken cls-guard: text]\", which is not accepted"],
  },
  { name: "an expired justification in the description", resources: gcpEdge({ description: JUSTIFIED.replace("2027-03-01", "2026-01-01") }), cls: [WORLD_CLS, "expired on 2026-01-01"], media: ["expired on 2026-01-01"] },
];

describe.each(["update", "preview"] as const)("GCP firewall rules and policies (%s)", (mode) => {
  test.each(rows.filter((r) => (r.only ?? mode) === mode).map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const diagnostics = await runPack(materialise(row.resources, mode));
    const [cls] = expectReported(diagnostics, "cls-ports-closed", row.cls, [row.level ?? "mandatory"]);
    // What cannot be verified at preview is reported once for the stack, naming the rule in its text.
    if (cls && !row.level) expect(cls.urn).toBe(`urn:pulumi:test::cls-guard::${row.resources.find((r) => r.name === (row.on ?? "edge-media"))!.type}::${row.on ?? "edge-media"}`);
    if (row.media) expectReported(diagnostics, "media-range-inbound-justified", row.media, ["advisory"]);
  });
});
