import { IntervalSet } from "../../src/model/intervals";
import { TCP } from "../../src/model/rule";
import { Traffic } from "../../src/model/traffic";
import { ALL_IPV4 } from "../../src/model/addresses";
import { UNKNOWN } from "../../src/model/values";
import { gcpOpenings } from "../../src/network/gcp/openings";
import { GcpIndex } from "../../src/network/gcp/index";
import { networkLink } from "../../src/network/gcp/networks";
import { GcpNetwork } from "../../src/network/gcp/paths";
import type { HostPath, Opening } from "../../src/network/paths";
import { snapshot, type ResourceView } from "../../src/shapes/resource";
import { toEngine, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";
import { CLS, edgeTemplate, endpoint, endpointGroup, firewall, forwardingRule, gcpEdge, GT, hierarchy, instance, instanceFrom, instanceGroup, l4, LINK, managedGroup, match, networkPolicy, regionBackendService, SELF_LINK, targetPool, tcp, udp, written } from "../support/gcp";
import { trafficText } from "../support/modelText";

/** The GCP path model itself: which rule lists sit before an opening on each host's path, and why. */
function views(resources: readonly TestResource[], mode: "update" | "preview" = "update"): ResourceView[] {
  return toEngine(materialise(resources, mode)).map((r) => ({ ...r, props: snapshot(r.props) as Record<string, unknown>, propertyDependencies: r.propertyDependencies ?? {} }));
}

const opening = (openings: Opening[], name: string) => openings.find((o) => o.rule.origin.name === name)!;
/** The paths to the stack's own hosts; those to instances it does not show have tests of their own. */
const inStack = (paths: readonly HostPath[]) => paths.filter((p) => !p.host.includes(" that this stack does not show"));
const CLS_TRAFFIC = Traffic.box(IntervalSet.range(TCP, TCP), IntervalSet.range(50001, 50003), ALL_IPV4);
const denyCls = (name: string, fields: Record<string, unknown> = {}) => firewall(name, { denies: CLS, sourceRanges: ["0.0.0.0/0"], priority: 900, ...fields });
const clsMatch = match(["0.0.0.0/0"], [l4("tcp", "50001-50003")]);

test.each(["update", "preview"] as const)("hops in GCP's order, with evidence (%s)", (mode) => {
  const stack = [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" }), denyCls("deny-cls"), ...networkPolicy([{ name: "policy-next", priority: 5, action: "goto_next", match: clsMatch }]), ...hierarchy([{ name: "org-deny", priority: 1, action: "deny", match: match(["198.51.100.0/24"], [l4("all")]) }])];
  const media = opening(gcpOpenings(views(stack, mode)), "edge-media");
  const [path] = media.paths!.paths;
  expect(path.host).toBe('Instance "edge-1"');
  expect(path.hops.map((h) => [h.layer.name, h.evidence])).toEqual([
    ['hierarchical firewall policy "org-fw"', 'hierarchical firewall policy "org-fw" is evaluated first: it is attached to ' + (mode === "update" ? "folders/1234" : "an unknown value") + ', above the project of Network "edge-net"'],
    ['network firewall policy "edge-policy"', 'network firewall policy "edge-policy" is evaluated before the VPC firewall rules: Network "edge-net" has networkFirewallPolicyEnforcementOrder BEFORE_CLASSIC_FIREWALL'],
    ['the VPC firewall rules of Network "edge-net"', 'rules of the VPC firewall rules of Network "edge-net" that GCP evaluates before Firewall "edge-media" (priority 1000): lower priority numbers, and denies at the same priority'],
  ]);
  expect(path.hops.every((h) => h.layer.doubts.length === 0)).toBe(true);
  expect(path.doubts).toEqual([]);
  expect(path.reachability.state).toBe("yes");
  // The goto_next hands on, the VPC deny stops the CLS ports.
  const afterPolicy = path.hops[1].layer.apply(CLS_TRAFFIC);
  expect(afterPolicy.blocks).toEqual([]);
  expect(path.hops[2].layer.apply(afterPolicy.passed).blocks.map((b) => b.by)).toEqual(['Firewall "deny-cls" (priority 900)']);
});

test("at equal priority in an earlier list the deny, not the allow, decides", () => {
  const stack = [...gcpEdge().filter((r) => r.name !== "edge-media"), denyCls("deny-cls", { priority: 1000 }), firewall("allow-cls", { allows: CLS, sourceRanges: ["0.0.0.0/0"] }), ...networkPolicy([{ name: "policy-media", priority: 5, action: "allow", match: clsMatch }])];
  const [path] = opening(gcpOpenings(views(stack)), "policy-media").paths!.paths;
  const result = path.hops[0].layer.apply(CLS_TRAFFIC);
  expect(result.blocks.map((b) => [b.by, b.kind, b.stateless])).toEqual([['Firewall "deny-cls" (priority 1000)', "explicit", false]]);
  expect(result.passed.isEmpty()).toBe(true);
});

test("a network is matched by name, self link or id", () => {
  for (const network of ["edge-net", SELF_LINK, "projects/edge-proj/global/networks/edge-net"]) {
    const stack = [...gcpEdge({ network }), denyCls("deny-cls", { network })];
    const [path] = opening(gcpOpenings(views(stack)), "edge-media").paths!.paths;
    expect([network, path.hops.map((h) => h.layer.name)]).toEqual([network, ['the VPC firewall rules of Network "edge-net"']]);
  }
});

test.each([
  ["a bare name is the network of its holder's project", "edge-net", "other-proj", ["Network \"edge-net-other\""]],
  ["in the other project too", "edge-net", "edge-proj", ["Network \"edge-net\""]],
  ["a self link of a third project names neither", "https://www.googleapis.com/compute/v1/projects/third/global/networks/edge-net", "edge-proj", ['network "edge-net" (network third/edge-net)']],
  ["a relative id of a third project names neither", "projects/third/global/networks/edge-net", "edge-proj", ['network "edge-net" (network third/edge-net)']],
])("networks are told apart by project and name: %s", (_name, reference, project, expected) => {
  const otherLink = "https://www.googleapis.com/compute/v1/projects/other-proj/global/networks/edge-net";
  const stack = [...gcpEdge(), res(GT.network, "edge-net-other", { name: "edge-net", project: "other-proj", selfLink: otherLink }), firewall("deny-cls", { network: reference, project })];
  const all = views(stack);
  const rule = all.find((v) => v.name === "deny-cls")!;
  const link = networkLink(new GcpIndex(all), rule, { path: "network", value: reference });
  expect(link.networks.map((n) => (n.view ? n.label : `${n.label} (${n.key})`))).toEqual(expected);
});

test("a network outside the stack is matched by name, and its order is not guessed", () => {
  const outside = "projects/host/global/networks/shared";
  const stack = [instance("edge-1", {}, { network: outside }), firewall("edge-media", { network: outside, allows: CLS, sourceRanges: ["0.0.0.0/0"] }), denyCls("deny-cls", { network: "shared" })];
  const [path] = opening(gcpOpenings(views(stack)), "edge-media").paths!.paths;
  expect(path.hops.map((h) => h.layer.name)).toEqual(['the VPC firewall rules of network "shared"']);
});

test("preview: a rule whose network is unknown and unlinked is a doubt, never a silent pass", () => {
  const stack = [...gcpEdge({ network: UNKNOWN })];
  const media = opening(gcpOpenings(views(stack, "preview")), "edge-media");
  expect(media.paths!.paths.map((p) => p.doubts.map((d) => [d.kind, d.detail]))).toEqual([[["unknown", expect.stringContaining('the network of Firewall "edge-media" (network) is not known at preview and no dependency names it')]]]);
});

test("preview: an unknown enforcement order credits neither side, as a doubt", () => {
  const stack = [...gcpEdge({}, { networkFirewallPolicyEnforcementOrder: ref("order-source", "BEFORE_CLASSIC_FIREWALL") }), res(GT.network, "order-source", {}), ...networkPolicy([{ name: "policy-deny", priority: 5, action: "deny", match: clsMatch }])];
  const [update] = opening(gcpOpenings(views(stack)), "edge-media").paths!.paths;
  expect(update.hops.map((h) => h.layer.name)).toEqual(['network firewall policy "edge-policy"']);
  const [preview] = opening(gcpOpenings(views(stack, "preview")), "edge-media").paths!.paths;
  expect(preview.hops).toEqual([]);
  expect(preview.doubts.map((d) => d.detail)).toEqual(['the networkFirewallPolicyEnforcementOrder of Network "edge-net" is not known at preview, so neither its VPC firewall rules nor its network firewall policies were credited before the other']);
});

test("a target tag unknown at preview makes the rule's reach a doubt", () => {
  const stack = [...gcpEdge({ targetTags: [ref("tag-source", "edge")] }), res(GT.network, "tag-source", {})];
  const [path] = opening(gcpOpenings(views(stack, "preview")), "edge-media").paths!.paths;
  expect(path.doubts.map((d) => d.detail)).toEqual(['whether Firewall "edge-media" (priority 1000) applies to Instance "edge-1" is not known at preview (network tags unknown)']);
});

test("subjects: the rule resource with its description, or the policy for an inline rule", () => {
  const inline = res(GT.netPolicyWithRules, "edge-inline", { rules: [{ priority: 10, action: "allow", direction: "INGRESS", match: clsMatch, description: "cls-guard: reason=ocs-2007-federation" }] });
  const stack = [...gcpEdge({ description: "cls-guard: ticket=SEC-1" }), inline, res(GT.netPolicyAssociation, "inline-assoc", { firewallPolicy: ref("edge-inline"), attachmentTarget: ref("edge-net", SELF_LINK) })];
  const openings = gcpOpenings(views(stack));
  expect(opening(openings, "edge-media").subjects.map((s) => [s.name, s.tags?.from, s.tags?.where, s.tags?.ticket])).toEqual([["edge-media", "description", 'description of "edge-media"', "SEC-1"]]);
  expect(opening(openings, "edge-inline").subjects.map((s) => [s.name, s.tags?.where, s.tags?.reason])).toEqual([["edge-inline", 'description of rules[0] of "edge-inline"', "ocs-2007-federation"]]);
});

test("a policy rule whose policy is elsewhere is unlinked, said why", () => {
  const stack = [...gcpEdge().filter((r) => r.name !== "edge-media"), res(GT.netPolicyRule, "stray", { firewallPolicy: "other-policy", priority: 1, action: "allow", direction: "INGRESS", match: clsMatch })];
  expect(opening(gcpOpenings(views(stack)), "stray").unlinked).toBe("its firewall policy (other-policy) is not in this stack, so what it is attached to and what comes before the rule could not be followed");
});

test("a rule's paths are built when first read, once for all its entries", () => {
  const build = jest.spyOn(GcpNetwork.prototype, "vpcPaths");
  try {
    const media = gcpOpenings(views(gcpEdge({ allows: [tcp("50000-59999"), udp("50000-59999")] }))).filter((o) => o.rule.origin.name === "edge-media");
    expect([media.length, build.mock.calls.length]).toEqual([2, 0]);
    const hosts = ['Instance "edge-1"', 'an instance of Network "edge-net" that this stack does not show (network tag edge)'];
    expect(media.map((o) => o.paths!.paths.map((p) => p.host))).toEqual([hosts, hosts]);
    expect(media[0].paths).toBe(media[1].paths);
    expect(build).toHaveBeenCalledTimes(1);
  } finally {
    build.mockRestore();
  }
});

/**
 * External passthrough Network Load Balancers: beside each host's direct path, one per forwarding
 * rule that sends to it, with the direct path's hops (GCP's firewall judges the client's address
 * and the rule's ports unchanged), carrying what the rule forwards, with its own reachability.
 */
describe("forwarding rules add a path to the hosts they send to", () => {
  const unaddressed = () => [...gcpEdge().filter((r) => r.name !== "edge-1"), instance("edge-1", { project: "edge-proj" }, { accessConfigs: [] })];
  const rule = (fields: Record<string, unknown>) => forwardingRule("edge-fr", { portRange: "50000-59999", ...fields });
  const toPool = rule({ target: ref("edge-pool", LINK.pool("edge-pool")) });
  const toService = rule({ backendService: ref("edge-bs", LINK.service("edge-bs")) });
  const mig = [...gcpEdge().filter((r) => r.name !== "edge-1"), edgeTemplate(), managedGroup("edge-mig")];
  const MIG = 'InstanceGroupManager "edge-mig" (template InstanceTemplate "edge-tpl")';
  const MEDIA_V4 = ["protocols 6 ports 50000-59999 from 0.0.0.0/0"];
  const NO_ADDRESS = "networkInterfaces[0] has no access config (external IPv4) and no IPv6 access config";
  const FOLLOWED = `${NO_ADDRESS}; what ForwardingRule "edge-fr" forwards to it takes a path of its own`;
  const NONE = `${NO_ADDRESS}, and no external forwarding rule of this stack sends to it (through a target pool, a target instance or a regional backend service)`;
  const through = (host: string, via: string) => [`${host} through ForwardingRule "edge-fr"`, MEDIA_V4, "yes", expect.stringContaining(`through ${via} to it`)];
  const direct = (host: string, how: string, state = "no") => [host, undefined, state, how];

  const rows: [string, TestResource[], unknown[][], ("update" | "preview")[]?][] = [
    ["a target pool naming the instance by self link", [...unaddressed(), targetPool("edge-pool", [ref("edge-1", LINK.instance("edge-1"))]), toPool], [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'TargetPool "edge-pool"')]],
    [
      "a target pool naming an InstanceFromTemplate by self link",
      [...gcpEdge().filter((r) => r.name !== "edge-1"), instanceFrom(GT.instanceFromTemplate, "edge-1", { tags: ["edge"], networkInterfaces: [{ network: ref("edge-net", SELF_LINK), accessConfigs: [] }] }), targetPool("edge-pool", [ref("edge-1", LINK.instance("edge-1"))]), toPool],
      [direct('InstanceFromTemplate "edge-1"', FOLLOWED), through('InstanceFromTemplate "edge-1"', 'TargetPool "edge-pool"')],
    ],
    ["a target pool naming it by zone/name", [...unaddressed(), targetPool("edge-pool", ["europe-west1-b/edge-1"]), toPool], [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'TargetPool "edge-pool"')]],
    ["a target pool naming a same-named instance of another zone", [...unaddressed(), targetPool("edge-pool", ["europe-west1-c/edge-1"]), toPool], [direct('Instance "edge-1"', NONE)]],
    ["a target pool naming one of another project", [...unaddressed(), targetPool("edge-pool", [LINK.instance("edge-1").replace("edge-proj", "other-proj")]), toPool], [direct('Instance "edge-1"', NONE)]],
    [
      "the backup pool takes the traffic when the pool fails",
      [...unaddressed(), targetPool("edge-pool", [], { backupPool: ref("edge-backup", LINK.pool("edge-backup")) }), targetPool("edge-backup", [ref("edge-1", LINK.instance("edge-1"))]), toPool],
      [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'TargetPool "edge-pool" and TargetPool "edge-backup"')],
    ],
    [
      "a target instance",
      [...unaddressed(), written(GT.targetInstance, "edge-ti", { zone: "europe-west1-b", instance: ref("edge-1", LINK.instance("edge-1")) }), rule({ target: ref("edge-ti", "projects/edge-proj/zones/europe-west1-b/targetInstances/edge-ti") })],
      [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'TargetInstance "edge-ti"')],
    ],
    ["a managed group adding its instances to the pool", [...mig.filter((r) => r.name !== "edge-mig"), managedGroup("edge-mig", { targetPools: [ref("edge-pool", LINK.pool("edge-pool"))] }), targetPool("edge-pool", []), toPool], [direct(MIG, FOLLOWED), through(MIG, 'TargetPool "edge-pool"')]],
    ["a managed group behind a regional backend service", [...mig, regionBackendService("edge-bs", [ref("edge-mig", LINK.group("edge-mig"))]), toService], [direct(MIG, FOLLOWED), through(MIG, 'RegionBackendService "edge-bs"')]],
    ["an unmanaged instance group behind a regional backend service", [...unaddressed(), instanceGroup("edge-ig", [ref("edge-1", LINK.instance("edge-1"))]), regionBackendService("edge-bs", [ref("edge-ig", LINK.group("edge-ig"))]), toService], [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'RegionBackendService "edge-bs" and InstanceGroup "edge-ig"')]],
    [
      "a GCE_VM_IP network endpoint group behind a regional backend service, by a NetworkEndpoint",
      [...unaddressed(), endpointGroup("edge-neg"), endpoint("edge-ep", "edge-neg", "edge-1"), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), toService],
      [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'RegionBackendService "edge-bs" and NetworkEndpointGroup "edge-neg"')],
    ],
    [
      "the same by a NetworkEndpointList",
      [...unaddressed(), endpointGroup("edge-neg"), written(GT.endpointList, "edge-eps", { zone: "europe-west1-b", networkEndpointGroup: ref("edge-neg", "edge-neg"), networkEndpoints: [{ instance: ref("edge-1", "edge-1"), ipAddress: "10.0.0.2", port: 0 }] }), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), toService],
      [direct('Instance "edge-1"', FOLLOWED), through('Instance "edge-1"', 'RegionBackendService "edge-bs" and NetworkEndpointGroup "edge-neg"')],
    ],
    [
      "an endpoint naming an instance of its zone, not the same-named one of another",
      [...unaddressed().filter((r) => r.name !== "edge-1"), instance("edge-1", { project: "edge-proj", zone: "europe-west1-c" }, { accessConfigs: [] }), endpointGroup("edge-neg"), endpoint("edge-ep", "edge-neg", "edge-1"), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), toService],
      [direct('Instance "edge-1"', NONE)],
    ],
    [
      "a network endpoint group whose endpoints the stack does not show: which instances it holds cannot be told",
      [...unaddressed(), endpointGroup("edge-neg"), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), toService],
      [direct('Instance "edge-1"', FOLLOWED), [`Instance "edge-1" through ForwardingRule "edge-fr"`, MEDIA_V4, "unknown", 'ForwardingRule "edge-fr" forwards through NetworkEndpointGroup "edge-neg", whose endpoints no NetworkEndpoint or NetworkEndpointList of this stack adds, so which instances it reaches cannot be told']],
    ],
    [
      "a network endpoint group of another kind is not followed",
      [...unaddressed(), endpointGroup("edge-neg", { networkEndpointType: "GCE_VM_IP_PORT" }), endpoint("edge-ep", "edge-neg", "edge-1"), regionBackendService("edge-bs", [ref("edge-neg", LINK.endpointGroup("edge-neg"))]), toService],
      [direct('Instance "edge-1"', FOLLOWED), [`Instance "edge-1" through ForwardingRule "edge-fr"`, MEDIA_V4, "unknown", expect.stringContaining('NetworkEndpointGroup "edge-neg", a network endpoint group of "GCE_VM_IP_PORT" endpoints, which cls-guard does not follow')]],
    ],
    ["an INTERNAL forwarding rule is no way in", [...unaddressed(), targetPool("edge-pool", [ref("edge-1", LINK.instance("edge-1"))]), rule({ loadBalancingScheme: "INTERNAL", target: ref("edge-pool", LINK.pool("edge-pool")) })], [direct('Instance "edge-1"', NONE)]],
    [
      "a proxy balancer's backend service is not followed, and says so",
      [...mig, written(GT.backendService, "edge-web", { selfLink: LINK.globalService("edge-web"), loadBalancingScheme: "EXTERNAL_MANAGED", portName: "http", backends: [{ group: ref("edge-mig", LINK.group("edge-mig")) }] })],
      [direct(MIG, expect.stringContaining('BackendService "edge-web" of a proxy load balancer sends to it, which cls-guard does not follow'), "unknown")],
    ],
    [
      "preview: a target unknown and unlinked may be any host",
      [...unaddressed(), rule({ target: UNKNOWN })],
      [direct('Instance "edge-1"', FOLLOWED), [`Instance "edge-1" through ForwardingRule "edge-fr"`, MEDIA_V4, "unknown", expect.stringContaining('which instances ForwardingRule "edge-fr" forwards to is not known until the update')]],
      ["preview"],
    ],
  ];
  const cases = (["update", "preview"] as const).flatMap((mode) => rows.filter((r) => (r[3] ?? ["update", "preview"]).includes(mode)).map(([name, stack, expected]) => [mode, name, stack, expected] as const));
  test.each(cases)("(%s) %s", (mode, _name, stack, expected) => {
    const paths = inStack(opening(gcpOpenings(views(stack, mode)), "edge-media").paths!.paths);
    expect(paths.map((p) => [p.host, p.carries && trafficText(p.carries), p.reachability.state, p.reachability.how])).toEqual(expected);
    for (const path of paths.slice(1)) expect([path.hops, path.doubts]).toEqual([paths[0].hops, paths[0].doubts]);
  });

  test("the balancer's path names, in order, the resources the internet's traffic crosses, and a review names them", () => {
    const stack = [...unaddressed(), targetPool("edge-pool", [ref("edge-1", LINK.instance("edge-1"))]), toPool, denyCls("deny-cls")];
    const [plain, balanced] = opening(gcpOpenings(views(stack)), "edge-media").paths!.paths;
    const urn = (type: string, name: string) => `urn:pulumi:test::cls-guard::${type}::${name}`;
    expect(balanced.hops).toBe(plain.hops);
    expect(balanced.reachability.path).toEqual([urn(GT.forwardingRule, "edge-fr"), urn(GT.targetPool, "edge-pool"), urn(GT.instance, "edge-1")]);
    expect(balanced.resources).toEqual(expect.arrayContaining([urn(GT.forwardingRule, "edge-fr"), urn(GT.targetPool, "edge-pool"), urn(GT.firewall, "deny-cls")]));
  });
});

/**
 * An allow GCP evaluates before the judged rule takes away what it decides only where it surely
 * applies to the host and surely matches all it names; otherwise the judged rule meets all of that
 * traffic, and the hop says why only where the allow could have matched it.
 */
describe("an earlier allow takes the judged rule's traffic only where it is sure to", () => {
  const earlier = (fields: Record<string, unknown>) => firewall("earlier", { allows: CLS, sourceRanges: ["0.0.0.0/0"], priority: 900, ...fields });
  const NOT_TAKEN = 'Firewall "earlier" (priority 900) was not credited with taking the traffic it allows before the rules GCP evaluates after it';
  const rows: [string, "update" | "preview", TestResource[], { taken: boolean; notes: string[]; doubts: string[] }][] = [
    ["it surely applies and matches all it names: it takes the CLS ports", "update", [earlier({})], { taken: true, notes: [], doubts: [] }],
    ["destinationRanges: left out, said why", "update", [earlier({ destinationRanges: ["10.0.1.5/32"] })], { taken: false, notes: [`${NOT_TAKEN}: its destinationRanges 10.0.1.5/32 limit it to traffic addressed to those ranges, and cls-guard does not check the host's addresses against them`], doubts: [] }],
    ["destinationRanges on a port the judged traffic does not use: left out, nothing to say", "update", [earlier({ allows: [tcp("443")], destinationRanges: ["10.0.1.5/32"] })], { taken: false, notes: [], doubts: [] }],
    [
      "target tags unknown at preview: left out, and what the judged rule lets in waits on them",
      "preview",
      [earlier({ targetTags: [ref("tag-source", "edge")] }), res(GT.network, "tag-source", {})],
      { taken: false, notes: [`${NOT_TAKEN}: whether Firewall "earlier" (priority 900) applies to Instance "edge-1" is not known at preview (network tags unknown)`], doubts: ['whether Firewall "earlier" (priority 900) applies to Instance "edge-1" is not known at preview (network tags unknown)'] },
    ],
  ];
  test.each(rows)("%s (%s)", (_name, mode, extra, expected) => {
    const [path] = opening(gcpOpenings(views([...gcpEdge(), ...extra], mode)), "edge-media").paths!.paths;
    const result = path.hops[0].layer.apply(CLS_TRAFFIC);
    expect({ taken: result.passed.isEmpty(), notes: result.notes, doubts: result.doubts.map((d) => d.detail) }).toEqual(expected);
  });
});

/**
 * GCP applies a rule to every instance of its network that its targets select, also instances the
 * stack does not show. One such instance per target tag (or service account), with nothing else,
 * stands for them: on its path only the rules that apply to it are credited.
 */
describe("instances outside the stack", () => {
  const SA = "edge@edge-proj.iam.gserviceaccount.com";
  const regional = (region: string): TestResource[] => [
    res(GT.regionPolicy, "edge-regional", { name: "edge-regional", region, description: "" }),
    res(GT.regionPolicyAssociation, "edge-regional-assoc", { name: "edge-regional-assoc", region, firewallPolicy: ref("edge-regional", "edge-regional"), attachmentTarget: ref("edge-net", SELF_LINK) }),
    res(GT.regionPolicyRule, "regional-deny", { firewallPolicy: ref("edge-regional", "edge-regional"), region, priority: 1, action: "deny", direction: "INGRESS", disabled: false, description: "", targetServiceAccounts: [], targetSecureTags: [], match: clsMatch }),
  ];
  const policiesFirst = () => gcpEdge({}, { networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL" });
  const outside = (paths: readonly HostPath[]) => paths.filter((p) => !inStack([p]).length);
  /** Each outside path's host, and whether the CLS ports get through it. */
  const through = (stack: TestResource[], mode: "update" | "preview" = "update") =>
    outside(opening(gcpOpenings(views(stack, mode)), "edge-media").paths!.paths).map((p) => {
      const passed = p.hops.reduce((t, h) => (h.layer.doubts.length > 0 ? t : h.layer.apply(t).passed), CLS_TRAFFIC);
      return [p.host, passed.isEmpty() ? "stopped" : "open", p.doubts.length > 0 ? "doubt" : "sure"];
    });
  const net = 'an instance of Network "edge-net" that this stack does not show';
  test.each<[string, TestResource[], string[][]]>([
    ["no targets: one instance with no tag, covered by a deny for every instance", [...gcpEdge({ targetTags: [] }), denyCls("deny-cls")], [[net, "stopped", "sure"]]],
    ["no targets: a deny for tagged instances does not cover it", [...gcpEdge({ targetTags: [] }), denyCls("deny-cls", { targetTags: ["edge"] })], [[net, "open", "sure"]]],
    ["one instance per target tag, each with the deny that applies to it", [...gcpEdge({ targetTags: ["edge", "media"] }), denyCls("deny-cls", { targetTags: ["edge"] })], [[`${net} (network tag edge)`, "stopped", "sure"], [`${net} (network tag media)`, "open", "sure"]]],
    ["a target service account: a deny for the same account covers it", [...gcpEdge({ targetTags: [], targetServiceAccounts: [SA] }), denyCls("deny-cls", { targetServiceAccounts: [SA] })], [[`${net} (service account ${SA})`, "stopped", "sure"]]],
    ["a target tag: a deny for an account does not cover it", [...gcpEdge(), denyCls("deny-cls", { targetServiceAccounts: [SA] })], [[`${net} (network tag edge)`, "open", "sure"]]],
    ["a regional policy's deny: the stack does not show the instance in its region", [...policiesFirst(), ...regional("europe-west1")], [[`${net} (network tag edge)`, "open", "sure"]]],
  ])("%s", (_name, stack, expected) => {
    expect(through(stack)).toEqual(expected);
  });

  test("the regional policy's deny still stands before the stack's own instance in its region", () => {
    const paths = opening(gcpOpenings(views([...policiesFirst(), ...regional("europe-west1")])), "edge-media").paths!.paths;
    expect(inStack(paths).map((p) => p.hops.map((h) => h.layer.name))).toEqual([['regional network firewall policy "edge-regional"']]);
  });

  test("at preview, target tags not known yet leave the outside instance's path in doubt", () => {
    expect(through([...gcpEdge({ targetTags: [ref("tag-source", "edge")] }), res(GT.network, "tag-source", {}), denyCls("deny-cls")], "preview")).toEqual([[net + " (network tag an unknown value)", "stopped", "doubt"]]);
  });
});
