import { awsOpenings } from "../../src/network/aws/openings";
import type { HostPath } from "../../src/network/paths";
import { snapshot, unknownCheckingProxy, type ResourceView } from "../../src/shapes/resource";
import { toEngine, urnOf, type TestResource } from "../support/harness";
import { trafficText } from "../support/modelText";
import { Secret } from "../../src/model/values";
import { SG, SG_RULE } from "../support/fixtures";
import { addressesText } from "../support/modelText";
import { balancer, deployed, edge, firewall, LB, materialise, ref, res, suricata, T, type Balancer } from "../support/network";

/**
 * The AWS path through a load balancer to a host: what it carries, the filters on it, whether the
 * internet reaches the balancer now (the resources in order), and every resource it was read from,
 * so a review names a balancer change. Each case after an update and at preview.
 */
function views(resources: TestResource[]): ResourceView[] {
  return toEngine(resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {}, props: snapshot(unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)))) as Record<string, unknown> }));
}

function balancerPaths(resources: TestResource[]): HostPath[] {
  const opening = awsOpenings(views(resources)).find((o) => o.rule.origin.name === "edge-av")!;
  return opening.paths!.paths.filter((p) => p.carries);
}

const urn = (resources: TestResource[], name: string) => urnOf(resources.find((r) => r.name === name)!);
const DROPPING = [suricata("sf", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)")];
const stateful = { statefulRuleGroupReferences: [{ resourceArn: ref("sf"), priority: 1 }] };
/** The Edge in an auto-scaling group launched from a template, registered by the group's targetGroupArns. */
const scaled = (resources: TestResource[]) => [
  ...resources.filter((r) => r.name !== "edge-1" && r.name !== "edge-1-target"),
  res(T.launchTemplate, "edge-template", { vpcSecurityGroupIds: [ref("edge-av")], networkInterfaces: [] }),
  res(T.asg, "edge-asg", { launchTemplate: { id: ref("edge-template"), name: "", version: "$Latest" }, vpcZoneIdentifiers: [ref("edge-public")], targetGroupArns: [ref("edge-tg")], loadBalancers: [] }),
];

describe.each(["update", "preview"] as const)("AWS balancer paths (%s)", (mode) => {
  test("an NLB: one more path, carrying what the listener forwards, reachable through the balancer", () => {
    const resources = materialise([...edge(), ...firewall(stateful, DROPPING), ...balancer()], mode);
    const [path] = balancerPaths(resources);
    expect(path.host).toBe('Instance "edge-1" in Subnet "edge-public" through LoadBalancer "edge-lb"');
    expect(trafficText(path.carries!)).toEqual(["protocols 6 ports 50001 from 0.0.0.0/0"]);
    expect(path.hops).toEqual([]);
    expect(path.reachability.state).toBe("yes");
    expect(path.reachability.path).toEqual(["igw", "lb-public", "edge-lb", "edge-listener", "edge-tg", "edge-1-target", "edge-public", "edge-1"].map((n) => urn(resources, n)));
    expect(path.resources).toEqual(expect.arrayContaining(["edge-lb", "edge-listener", "edge-tg", "edge-1-target", "lb-public", "lb-public-rt", "edge-rt", "edge-fw"].map((n) => urn(resources, n))));
  });

  test("an NLB in an inspected subnet: the firewall is a hop, and on the reachability path", () => {
    const resources = materialise([...edge(), ...firewall(stateful, DROPPING), ...balancer({ inspected: true })], mode);
    const [path] = balancerPaths(resources);
    expect(path.hops.map((h) => h.layer.name)).toEqual(['firewall "edge-fw"']);
    expect(path.hops[0].evidence).toContain('the traffic of LoadBalancer "edge-lb" enters at its nodes: edge route table "edge-rt" of internet gateway "igw" sends 10.0.3.0/24');
    expect(path.resources).toContain(urn(resources, "lb-edge-route"));
  });

  test("an auto-scaling group registered by targetGroupArns: its instances take the group's port", () => {
    const resources = materialise(scaled([...edge(), ...firewall(stateful, DROPPING), ...balancer({ listenerPort: 443 })]), mode);
    const [path] = balancerPaths(resources);
    expect(path.host).toBe('Group "edge-asg" in Subnet "edge-public" through LoadBalancer "edge-lb"');
    expect(trafficText(path.carries!)).toEqual(["protocols 6 ports 50001 from 0.0.0.0/0"]);
    expect(path.bypassed.map((b) => b.why)).toEqual([expect.stringContaining("on its listener's port 443, not the host's port 50001")]);
  });

  /** The auto-scaling group registered some other way than by its targetGroupArns. */
  const scaledBy = (asg: Record<string, unknown>, ...registrations: TestResource[]) => [
    ...scaled([...edge(), ...balancer()]).map((r) => (r.name === "edge-asg" ? { ...r, props: { ...r.props, name: "edge-asg-name", targetGroupArns: [], ...asg } } : r)),
    ...registrations,
  ];
  const SCALED = ['Group "edge-asg" in Subnet "edge-public" through LoadBalancer "edge-lb"'];
  test.each([
    ["an auto-scaling Attachment", scaledBy({}, res(LB.asgAttachment, "edge-asg-lb", { autoscalingGroupName: ref("edge-asg"), lbTargetGroupArn: ref("edge-tg"), elb: "" })), SCALED],
    ["the group's trafficSources (elbv2)", scaledBy({ trafficSources: [{ identifier: ref("edge-tg"), type: "elbv2" }] }), SCALED],
    ["a TrafficSourceAttachment", scaledBy({}, res(LB.trafficSourceAttachment, "edge-asg-source", { autoscalingGroupName: ref("edge-asg"), trafficSource: { identifier: ref("edge-tg"), type: "elbv2" } })), SCALED],
    ["a TrafficSourceAttachment naming the group by its name", scaledBy({}, res(LB.trafficSourceAttachment, "edge-asg-source", { autoscalingGroupName: "edge-asg-name", trafficSource: { identifier: ref("edge-tg"), type: "elbv2" } })), SCALED],
    ["a VPC Lattice traffic source is no balancer of the internet's", scaledBy({ trafficSources: [{ identifier: "arn:aws:vpc-lattice:eu-west-1:111122223333:targetgroup/tg-0edge", type: "vpc-lattice" }] }), []],
  ] as [string, TestResource[], string[]][])("auto-scaling registration: %s", (_name, resources, hosts) => {
    expect(balancerPaths(deployed(resources, mode)).map((p) => p.host)).toEqual(hosts);
  });

  /** The Edge's hosts, registered with an ip or instance target group by `targetId`, replacing the instance. */
  const registering = (hosts: TestResource[], targetType: "ip" | "instance", targetId: unknown) => [
    ...edge().filter((r) => r.name !== "edge-1"),
    ...hosts,
    ...balancer().map((r) => (r.name === "edge-tg" ? { ...r, props: { ...r.props, targetType } } : r.name === "edge-1-target" ? { ...r, props: { ...r.props, targetId } } : r)),
  ];
  const edgeInstance = (props: Record<string, unknown>) => res(T.instance, "edge-1", { subnetId: ref("edge-public"), vpcSecurityGroupIds: [ref("edge-av")], privateIp: "10.0.1.10", ...props });
  const edgeNic = (props: Record<string, unknown>) => res(T.eni, "edge-nic", { subnetId: ref("edge-public"), securityGroups: [ref("edge-av")], privateIp: "10.0.1.20", ...props });
  /** An instance whose primary interface is the managed one, and which names no group itself. */
  const onNic = res(T.instance, "edge-1", { vpcSecurityGroupIds: [], networkInterfaces: [{ networkInterfaceId: ref("edge-nic"), deviceIndex: 0 }] });
  const THROUGH = 'in Subnet "edge-public" through LoadBalancer "edge-lb"';
  test.each([
    ["an ip target at the instance's secondary private IP", registering([edgeInstance({ secondaryPrivateIps: ["10.0.1.11"] })], "ip", "10.0.1.11"), {}, [`Instance "edge-1" ${THROUGH}`]],
    ["an ip target at an interface's secondary private IP", registering([edgeNic({ privateIps: ["10.0.1.20", "10.0.1.21"] })], "ip", "10.0.1.21"), {}, [`NetworkInterface "edge-nic" ${THROUGH}`]],
    ["an ip target at an interface's address listed in order (privateIpLists)", registering([edgeNic({ privateIpListEnabled: true, privateIpLists: ["10.0.1.20", "10.0.1.22"] })], "ip", "10.0.1.22"), {}, [`NetworkInterface "edge-nic" ${THROUGH}`]],
    ["an ip target at an interface's IPv6 address", registering([edgeNic({ ipv6Addresses: ["2600:1f18:0:1::20"] })], "ip", "2600:1f18:0:1::20"), {}, [`NetworkInterface "edge-nic" ${THROUGH}`]],
    ["an ip target at an interface's IPv6 address written another way", registering([edgeNic({ ipv6Addresses: ["2600:1F18:0:1:0:0:0:20"] })], "ip", "2600:1f18:0:1::20"), {}, [`NetworkInterface "edge-nic" ${THROUGH}`]],
    ["an ip target at an instance's IPv6 address written another way", registering([edgeInstance({ ipv6Addresses: ["2600:1f18:0:1::21"] })], "ip", "2600:1f18:0000:0001:0000:0000:0000:0021"), {}, [`Instance "edge-1" ${THROUGH}`]],
    ["an ip target at an address no host holds", registering([edgeInstance({ secondaryPrivateIps: ["10.0.1.11"] })], "ip", "10.0.1.99"), {}, []],
    ["an instance target whose primary interface is managed: the interface receives", registering([edgeNic({}), onNic], "instance", ref("edge-1")), {}, [`NetworkInterface "edge-nic" ${THROUGH}`]],
    ["the same, the interface named by the instance's primaryNetworkInterfaceId output", registering([edgeNic({}), { ...onNic, props: { ...onNic.props, networkInterfaces: [] } }], "instance", ref("edge-1")), { "edge-1": { primaryNetworkInterfaceId: "edge-nic-id" } }, mode === "update" ? [`NetworkInterface "edge-nic" ${THROUGH}`] : []],
  ] as [string, TestResource[], Record<string, Record<string, unknown>>, string[]][])("registration: %s", (_name, resources, computed, hosts) => {
    expect(balancerPaths(deployed(resources, mode, computed)).map((p) => p.host)).toEqual(hosts);
  });

  test("a traffic source not known at preview, named by no dependency, may be any balancer's: a path in doubt", () => {
    const resources = deployed(scaledBy({ trafficSources: [{ identifier: ref("edge-tg"), type: "elbv2" }] }), mode).map((r) => (r.name === "edge-asg" && r.propertyDependencies ? { ...r, propertyDependencies: { ...r.propertyDependencies, trafficSources: [] } } : r));
    const paths = balancerPaths(resources);
    if (mode === "update") return expect(paths.map((p) => p.host)).toEqual(SCALED);
    expect(paths.map((p) => [p.host, p.doubts.map((d) => d.detail)])).toEqual([
      ['Group "edge-asg" in Subnet "edge-public" through a load balancer not in this stack', [expect.stringContaining("no dependency names the target group or balancer, so the traffic it forwards cannot be followed")]],
    ]);
  });

  test("a target group is a way in only where a listener forwards to it", () => {
    const resources = [...edge(), ...firewall(stateful, DROPPING), ...balancer()];
    expect(balancerPaths(materialise(resources, mode))).toHaveLength(1);
    expect(balancerPaths(materialise(resources.filter((r) => r.name !== "edge-listener"), mode))).toEqual([]);
  });

  test("a group whose listener is not in this stack, but whose loadBalancerArns names its balancer, is a way in on a port that cannot be read", () => {
    const resources = materialise(
      [...edge(), ...firewall(stateful, DROPPING), ...balancer({ inspected: true })].filter((r) => r.name !== "edge-listener").map((r) => (r.name === "edge-tg" && mode === "update" ? { ...r, props: { ...r.props, loadBalancerArns: [ref("edge-lb")] } } : r)),
      mode,
    );
    // The output is known only after an update; at preview the group is no way in yet.
    if (mode === "preview") return expect(balancerPaths(resources)).toEqual([]);
    const [path] = balancerPaths(resources);
    expect(path.hops).toEqual([]);
    expect(path.bypassed.map((b) => b.why)).toEqual([expect.stringContaining('the firewall sees the internet\'s connection to LoadBalancer "edge-lb" on a listener port that cannot be read, not the host\'s port 50001')]);
    expect(path.notes).toContain('no listener in this stack forwards to TargetGroup "edge-tg", but its loadBalancerArns names LoadBalancer "edge-lb", so a listener elsewhere does, on a port that cannot be read here');
    expect(path.reachability.state).toBe("yes");
  });

  test("a dual-stack balancer carries IPv6 clients too", () => {
    const resources = materialise([...edge(), ...firewall(stateful, DROPPING), ...balancer()].map((r) => (r.name === "edge-lb" ? { ...r, props: { ...r.props, ipAddressType: "dualstack" } } : r)), mode);
    expect(trafficText(balancerPaths(resources)[0].carries!)).toEqual(["protocols 6 ports 50001 from ::/0 0.0.0.0/0"]);
  });

  /** What a balancer looks like to the Edge group's rules. */
  const replacement = (path: HostPath) => {
    const r = path.forwarder;
    return r && { by: r.by, clients: addressesText(r.clients), addresses: r.addresses && addressesText(r.addresses), groups: r.groups && [...r.groups], ownGroup: r.ownGroup, mayKeep: r.mayKeep, doubts: r.doubts.map((d) => d.detail) };
  };
  const edited = (resources: TestResource[], edits: Record<string, Record<string, unknown>>) => resources.map((r) => (edits[r.name] ? { ...r, props: { ...r.props, ...edits[r.name] } } : r));
  const ALB = { by: 'LoadBalancer "edge-lb"', clients: "0.0.0.0/0", addresses: "10.0.3.0/24", groups: [], ownGroup: "no", mayKeep: false, doubts: [] };
  test.each([
    ["an NLB keeping its IPv4 clients' address replaces none", {}, {}, { ...ALB, clients: "" }],
    ["an ALB replaces every client's, connecting from its subnet", { type: "application" }, {}, ALB],
    ["a dual-stack NLB keeps its IPv4 targets' IPv4 clients and replaces the IPv6 ones", { ipAddressType: "dualstack" }, {}, { ...ALB, clients: "::/0" }],
    ["an NLB whose group does not preserve client IPs replaces every client's", {}, { "edge-tg": { preserveClientIp: "false" } }, ALB],
    ["a dual-stack ALB to IPv6 targets connects from its subnet's IPv6 block", { type: "application", ipAddressType: "dualstack" }, { "edge-tg": { ipAddressType: "ipv6" }, "lb-public": { ipv6CidrBlock: "2600:1f18:0:3::/64" } }, { ...ALB, clients: "::/0 0.0.0.0/0", addresses: "2600:1f18:0:3::/64" }],
    ["an ALB in the Edge's own group", { type: "application" }, { "edge-lb": { securityGroups: [ref("edge-av")] } }, { ...ALB, groups: mode === "update" ? ["edge-av-id"] : undefined, ownGroup: "yes", doubts: mode === "update" ? [] : ['securityGroups[0] is not known until the resources it depends on exist (LoadBalancer "edge-lb"), so a group the rule admits may be the balancer\'s'] }],
    [
      "an NLB whose preservation is not known may keep the client's address",
      {},
      { "edge-tg": { preserveClientIp: ref("settings", "false") } },
      mode === "update" ? ALB : { ...ALB, mayKeep: true, doubts: ['whether the target group of Listener "edge-listener" (port 50001) preserves client IP addresses is not known until the update'] },
    ],
  ] as [string, Balancer, Record<string, Record<string, unknown>>, ReturnType<typeof replacement>][])("%s", (_name, options, edits, expected) => {
    const [path] = balancerPaths(materialise(edited([...edge(), ...balancer(options)], edits), mode));
    expect(replacement(path)).toEqual(expected);
  });

  test("a balancer subnet whose block is not known at preview leaves its address open, in doubt", () => {
    const resources = materialise(edited([...edge(), ...balancer({ type: "application" })], { "lb-public": { cidrBlock: ref("ipam", "10.0.3.0/24") } }), mode);
    const [path] = balancerPaths(resources);
    expect(replacement(path)).toEqual(mode === "update" ? ALB : { ...ALB, addresses: undefined, doubts: ['cidrBlock of Subnet "lb-public" is not known at preview, so any address may be the one LoadBalancer "edge-lb" connects from'] });
  });

  test("a balancer whose subnets are not in this stack leaves its address open, and says so", () => {
    const resources = materialise(edited([...edge(), ...balancer({ type: "application" })].filter((r) => !r.name.startsWith("lb-public")), { "edge-lb": { subnets: ["subnet-elsewhere"], subnetMappings: [] } }), mode);
    const [path] = balancerPaths(resources);
    expect(replacement(path)).toEqual({ ...ALB, addresses: undefined });
    expect(path.notes).toContain('the subnets of LoadBalancer "edge-lb" are not in this stack, so the address it connects from cannot be told: any address a rule admits may be it, and no network ACL is credited for stopping it');
  });

  test("an ALB's security groups are a hop of its path, read with their standalone rules", () => {
    const resources = materialise(
      [
        ...edge(),
        ...balancer({ type: "application", listenerPort: 443 }),
        res(SG, "lb-sg", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] }),
        res(SG_RULE, "lb-sg-https", { type: "ingress", securityGroupId: ref("lb-sg"), protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["198.51.100.0/24"] }),
      ].map((r) => (r.name === "edge-lb" ? { ...r, props: { ...r.props, securityGroups: [ref("lb-sg")] } } : r)),
      mode,
    );
    const [path] = balancerPaths(resources);
    const [guard] = path.hops;
    expect(guard.layer.name).toBe('the security groups of LoadBalancer "edge-lb" (SecurityGroup "lb-sg")');
    expect(trafficText(guard.layer.apply(path.carries!).passed)).toEqual(["protocols 6 ports 50001 from 198.51.100.0/24"]);
    expect(path.resources).toEqual(expect.arrayContaining([urn(resources, "lb-sg"), urn(resources, "lb-sg-https")]));
  });

  test("a balancer group outside the stack earns no credit, and a secret id is not shown", () => {
    const all = views(materialise([...edge(), ...balancer({ type: "application", listenerPort: 443 })], mode)).map((v) =>
      v.name === "edge-lb" ? { ...v, props: { ...v.props, securityGroups: [new Secret("sg-0topsecret")] }, propertyDependencies: { ...v.propertyDependencies, securityGroups: [] } } : v,
    );
    const [path] = awsOpenings(all).find((o) => o.rule.origin.name === "edge-av")!.paths!.paths.filter((p) => p.carries);
    expect(path.notes).toContain('the security groups of LoadBalancer "edge-lb" earned no credit: its security group [secret] is not in this stack');
    expect(JSON.stringify(path.notes)).not.toContain("topsecret");
  });
});
