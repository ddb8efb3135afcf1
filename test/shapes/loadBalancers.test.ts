import { providerOutputs } from "../../harness/providerSchema";
import { ALL_ADDRESSES, ALL_IPV4, ALL_IPV6 } from "../../src/model/addresses";
import { IntervalSet } from "../../src/model/intervals";
import { TCP, UDP } from "../../src/model/rule";
import { UNKNOWN } from "../../src/model/values";
import { groupRegistrationRefs, readAttachmentPort, readBalancer, readClassicListeners, readListener, readListenerRule, readTargetGroup } from "../../src/shapes/aws/loadBalancers";
import type { ResourceView } from "../../src/shapes/resource";

/**
 * Elastic Load Balancing shapes read into what a balancer forwards. Each row is a resource as the
 * provider writes it after an update (every field, unset ones "" / 0 / [] / null), or its inputs at
 * preview (unknowns where the engine does not know a value yet), and what it reads as.
 */
const updated = (type: string, inputs: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "r", props: providerOutputs(type, inputs), propertyDependencies: {} });
const preview = (type: string, inputs: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "r", props: inputs, propertyDependencies: {} });
const doubtsOf = (reading: { doubts: readonly { detail: string }[] }) => reading.doubts.map((d) => d.detail);
const protocols = (...numbers: number[]) => numbers.reduce((acc, n) => acc.union(IntervalSet.range(n, n)), IntervalSet.EMPTY);

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const balancers: [string, ResourceView, { kind: string; internal: string; sources: IntervalSet; doubts: string[] }][] = [
  ["an application balancer by default (type unset, written \"\")", updated(LB, { subnets: ["subnet-1"] }), { kind: "application", internal: "no", sources: ALL_IPV4, doubts: [] }],
  ["a network balancer, internal", updated(LB, { loadBalancerType: "network", internal: true }), { kind: "network", internal: "yes", sources: ALL_IPV4, doubts: [] }],
  ["the alb alias, dual stack", updated(ALB, { ipAddressType: "dualstack" }), { kind: "application", internal: "no", sources: ALL_ADDRESSES, doubts: [] }],
  ["dual stack without public IPv4 admits IPv6 clients only", updated(LB, { loadBalancerType: "network", ipAddressType: "dualstack-without-public-ipv4" }), { kind: "network", internal: "no", sources: ALL_IPV6, doubts: [] }],
  ["a gateway balancer", updated(LB, { loadBalancerType: "gateway" }), { kind: "gateway", internal: "no", sources: ALL_IPV4, doubts: [] }],
  ["a type that cannot be read", updated(LB, { loadBalancerType: "Network" }), { kind: "unknown", internal: "no", sources: ALL_IPV4, doubts: ['loadBalancerType is "Network", not application, network or gateway'] }],
  ["preview: internal and the address type unknown", preview(LB, { loadBalancerType: "network", internal: UNKNOWN, ipAddressType: UNKNOWN }), { kind: "network", internal: "unknown", sources: ALL_ADDRESSES, doubts: [] }],
  ["a classic balancer admits IPv4", updated("aws:elb/loadBalancer:LoadBalancer", { internal: false }), { kind: "classic", internal: "no", sources: ALL_IPV4, doubts: [] }],
];

test.each(balancers)("balancer: %s", (_name, view, expected) => {
  const reading = readBalancer(view);
  expect({ kind: reading.kind, internal: reading.internal, sources: reading.sources, doubts: doubtsOf(reading) }).toEqual(expected);
});

const LISTENER = "aws:lb/listener:Listener";
const forward = (extra: Record<string, unknown>) => ({ type: "forward", ...extra });
const listeners: [string, ResourceView, { port?: number; forwards: unknown[]; unread: boolean; doubts: string[] }][] = [
  ["a forward to one group", updated(LISTENER, { port: 50001, protocol: "TCP", defaultActions: [forward({ targetGroupArn: "arn:tg" })] }), { port: 50001, forwards: ["arn:tg"], unread: false, doubts: [] }],
  [
    "a weighted forward to two groups",
    updated(LISTENER, { port: 443, protocol: "HTTPS", defaultActions: [forward({ forward: { targetGroups: [{ arn: "arn:a", weight: 1 }, { arn: "arn:b", weight: 1 }] } })] }),
    { port: 443, forwards: ["arn:a", "arn:b"], unread: false, doubts: [] },
  ],
  ["a redirect forwards nothing", updated("aws:alb/listener:Listener", { port: 80, defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }] }), { port: 80, forwards: [], unread: false, doubts: [] }],
  ["a gateway balancer's listener has no port (written 0)", updated(LISTENER, { defaultActions: [forward({ targetGroupArn: "arn:tg" })] }), { forwards: ["arn:tg"], unread: false, doubts: [] }],
  ["preview: the group's ARN unknown", preview(LISTENER, { port: 50001, defaultActions: [forward({ targetGroupArn: UNKNOWN })] }), { port: 50001, forwards: [UNKNOWN], unread: false, doubts: [] }],
  ["preview: the port unknown", preview(LISTENER, { port: UNKNOWN, defaultActions: [forward({ targetGroupArn: "arn:tg" })] }), { forwards: ["arn:tg"], unread: false, doubts: ["port is not known until the resources it depends on exist"] }],
  ["preview: the actions unknown", preview(LISTENER, { port: 443, defaultActions: UNKNOWN }), { port: 443, forwards: [], unread: true, doubts: ["defaultActions is not known until the resources it depends on exist"] }],
  ["a port out of range", updated(LISTENER, { port: 70000, defaultActions: [] }), { forwards: [], unread: false, doubts: ["port is number 70000, not a port"] }],
];

test.each(listeners)("listener: %s", (_name, view, expected) => {
  const reading = readListener(view);
  expect({ port: reading.port, forwards: reading.forwards.map((f) => f.value), unread: reading.unread, doubts: doubtsOf(reading) }).toEqual(expected);
});

test("listener rule: its actions forward as a listener's do", () => {
  const rule = readListenerRule(updated("aws:lb/listenerRule:ListenerRule", { listenerArn: "arn:l", priority: 10, actions: [forward({ targetGroupArn: "arn:tg" })], conditions: [] }));
  expect(rule.forwards.map((f) => [f.path, f.value])).toEqual([["actions[0].targetGroupArn", "arn:tg"]]);
});

const TG = "aws:lb/targetGroup:TargetGroup";
const TCP_AND_UDP = protocols(TCP, UDP);
const groups: [string, ResourceView, { geneve: boolean; protocols: IntervalSet; port?: number; targetType: string; preservesClientIp: string; doubts: string[] }][] = [
  ["TCP to instances (target type and client IP preservation unset): preserved", updated(TG, { port: 50001, protocol: "TCP", vpcId: "vpc-1" }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "instance", preservesClientIp: "yes", doubts: [] }],
  ["TLS to ip targets: not preserved by default", updated(TG, { port: 50001, protocol: "TLS", targetType: "ip" }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "ip", preservesClientIp: "no", doubts: [] }],
  ["TCP to ip targets with preservation on", updated(TG, { port: 50001, protocol: "TCP", targetType: "ip", preserveClientIp: "true" }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "ip", preservesClientIp: "yes", doubts: [] }],
  ["TCP to instances with preservation off", updated(TG, { port: 50001, protocol: "TCP", targetType: "instance", preserveClientIp: "false" }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "instance", preservesClientIp: "no", doubts: [] }],
  ["UDP always preserves", updated(TG, { port: 50001, protocol: "UDP", targetType: "ip", preserveClientIp: "false" }), { geneve: false, protocols: protocols(UDP), port: 50001, targetType: "ip", preservesClientIp: "yes", doubts: [] }],
  ["TCP_UDP is both", updated(TG, { port: 3478, protocol: "TCP_UDP" }), { geneve: false, protocols: TCP_AND_UDP, port: 3478, targetType: "instance", preservesClientIp: "yes", doubts: [] }],
  ["HTTPS rides on TCP", updated("aws:alb/targetGroup:TargetGroup", { port: 50001, protocol: "HTTPS" }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "instance", preservesClientIp: "yes", doubts: [] }],
  ["GENEVE: a gateway balancer's appliances", updated(TG, { port: 6081, protocol: "GENEVE" }), { geneve: true, protocols: IntervalSet.EMPTY, targetType: "instance", preservesClientIp: "no", doubts: [] }],
  [
    "preview: the protocol and port unknown carry TCP and UDP on every port",
    preview(TG, { port: UNKNOWN, protocol: UNKNOWN }),
    { geneve: false, protocols: TCP_AND_UDP, targetType: "instance", preservesClientIp: "yes", doubts: ["protocol is not known until the resources it depends on exist", "port is not known until the resources it depends on exist"] },
  ],
  ["preview: client IP preservation unknown", preview(TG, { port: 50001, protocol: "TCP", preserveClientIp: UNKNOWN }), { geneve: false, protocols: protocols(TCP), port: 50001, targetType: "instance", preservesClientIp: "unknown", doubts: [] }],
];

test.each(groups)("target group: %s", (_name, view, expected) => {
  const { geneve, protocols: carried, port, targetType, preservesClientIp } = readTargetGroup(view);
  expect({ geneve, protocols: carried, port: port.port, targetType, preservesClientIp, doubts: [...doubtsOf(readTargetGroup(view)), ...port.doubts.map((d) => d.detail)] }).toEqual(expected);
});

/** Client IP preservation keeps the address of clients of the targets' family only (NLB user guide, "Client IP preservation"). */
test.each<[string, ResourceView, { preservesClientIp: string; preservedClients: IntervalSet }]>([
  ["IPv4 targets (ipAddressType unset, written \"\"): IPv4 clients", updated(TG, { port: 50001, protocol: "TCP" }), { preservesClientIp: "yes", preservedClients: ALL_IPV4 }],
  ["IPv6 targets: IPv6 clients", updated(TG, { port: 50001, protocol: "TCP", ipAddressType: "ipv6" }), { preservesClientIp: "yes", preservedClients: ALL_IPV6 }],
  ["preservation off: none", updated(TG, { port: 50001, protocol: "TCP", preserveClientIp: "false" }), { preservesClientIp: "no", preservedClients: IntervalSet.EMPTY }],
  ["preview: the targets' family unknown", preview(TG, { port: 50001, protocol: "UDP", ipAddressType: UNKNOWN }), { preservesClientIp: "unknown", preservedClients: IntervalSet.EMPTY }],
])("target group: whose address is preserved: %s", (_name, view, expected) => {
  const { preservesClientIp, preservedClients } = readTargetGroup(view);
  expect({ preservesClientIp, preservedClients }).toEqual(expected);
});

/** The family the balancer connects to the targets from: theirs (ipAddressType), both where it cannot be read. */
test.each<[string, ResourceView, IntervalSet]>([
  ["IPv4 targets (ipAddressType unset, written \"\")", updated(TG, { port: 50001, protocol: "HTTP" }), ALL_IPV4],
  ["IPv6 targets", updated(TG, { port: 50001, protocol: "HTTP", ipAddressType: "ipv6" }), ALL_IPV6],
  ["preview: the targets' family unknown", preview(TG, { port: 50001, protocol: "HTTP", ipAddressType: UNKNOWN }), ALL_ADDRESSES],
])("target group: the targets' family: %s", (_name, view, expected) => {
  expect(readTargetGroup(view).targetFamily).toEqual(expected);
});

/** The security groups a balancer connects to its targets from, which a target's rule may name. */
test.each<[string, ResourceView, { groups?: string[]; doubts: string[] }]>([
  ["an NLB without groups (written [])", updated(LB, { loadBalancerType: "network" }), { groups: [], doubts: [] }],
  ["an ALB's groups", updated(LB, { securityGroups: ["sg-lb", "sg-shared"] }), { groups: ["sg-lb", "sg-shared"], doubts: [] }],
  ["a classic balancer's groups and the group its back ends are to admit", updated("aws:elb/loadBalancer:LoadBalancer", { securityGroups: ["sg-elb"], sourceSecurityGroupId: "sg-elb-source" }), { groups: ["sg-elb", "sg-elb-source"], doubts: [] }],
  ["preview: a group not known yet", preview(LB, { securityGroups: ["sg-lb", UNKNOWN] }), { doubts: ["securityGroups[1] is not known until the resources it depends on exist"] }],
  ["preview: the list not known yet", preview(LB, { securityGroups: UNKNOWN }), { doubts: ["securityGroups is not known until the resources it depends on exist"] }],
])("balancer: its security groups: %s", (_name, view, expected) => {
  const { groups, groupDoubts } = readBalancer(view);
  expect({ ...(groups ? { groups: [...groups] } : {}), doubts: groupDoubts.map((d) => d.detail) }).toEqual(expected);
});

const ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment";
test.each([
  ["port 0 (unset) takes the group's", updated(ATTACHMENT, { targetGroupArn: "arn:tg", targetId: "i-1" }), undefined],
  ["its own port", updated(ATTACHMENT, { targetGroupArn: "arn:tg", targetId: "i-1", port: 50002 }), { port: 50002, doubts: [] }],
  ["preview: its port unknown", preview(ATTACHMENT, { targetGroupArn: "arn:tg", targetId: "i-1", port: UNKNOWN }), { doubts: [expect.objectContaining({ detail: "port is not known until the resources it depends on exist" })] }],
] as const)("attachment: %s", (_name, view, expected) => {
  expect(readAttachmentPort(view)).toEqual(expected);
});

const CLASSIC = "aws:elb/loadBalancer:LoadBalancer";
test.each([
  ["TCP 443 to instance port 50001", updated(CLASSIC, { listeners: [{ lbPort: 443, lbProtocol: "tcp", instancePort: 50001, instanceProtocol: "tcp" }] }), [{ balancer: 443, instance: 50001, protocols: protocols(TCP), doubts: [] }]],
  ["HTTPS to HTTP rides on TCP", updated(CLASSIC, { listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 50001, instanceProtocol: "http" }] }), [{ balancer: 443, instance: 50001, protocols: protocols(TCP), doubts: [] }]],
  [
    "preview: the listeners unknown",
    preview(CLASSIC, { listeners: UNKNOWN }),
    [{ balancer: undefined, instance: undefined, protocols: TCP_AND_UDP, doubts: ["listeners is not known until the resources it depends on exist"] }],
  ],
  [
    "preview: the instance port unknown",
    preview(CLASSIC, { listeners: [{ lbPort: 443, lbProtocol: "tcp", instancePort: UNKNOWN, instanceProtocol: "tcp" }] }),
    [{ balancer: 443, instance: undefined, protocols: protocols(TCP), doubts: ["listeners[0].instancePort is not known until the resources it depends on exist"] }],
  ],
] as const)("classic listeners: %s", (_name, view, expected) => {
  expect(readClassicListeners(view).map((l) => ({ balancer: l.balancerPort.port, instance: l.instancePort.port, protocols: l.protocols, doubts: doubtsOf(l) }))).toEqual(expected);
});

const ASG = "aws:autoscaling/group:Group";
const TSA = "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment";
/** What registers an auto-scaling group's instances, keyed by the property that links it; [] where nothing does. */
const registrationsOf = (view: ResourceView) => Object.fromEntries(groupRegistrationRefs(view).filter(([, v]) => !(Array.isArray(v) && v.length === 0) && v !== "" && v !== undefined));
test.each([
  ["a group registered by targetGroupArns", updated(ASG, { targetGroupArns: ["arn:tg"] }), { targetGroupArns: ["arn:tg"] }],
  [
    "a group's traffic sources: target groups and classic balancers, not VPC Lattice",
    updated(ASG, { trafficSources: [{ identifier: "arn:tg", type: "elbv2" }, { identifier: "edge-clb", type: "elb" }, { identifier: "arn:lattice", type: "vpc-lattice" }] }),
    { trafficSources: ["arn:tg", "edge-clb"] },
  ],
  ["a TrafficSourceAttachment's source", updated(TSA, { autoscalingGroupName: "edge-asg", trafficSource: { identifier: "arn:tg", type: "elbv2" } }), { trafficSource: ["arn:tg"] }],
  ["an Attachment's target group", updated("aws:autoscaling/attachment:Attachment", { autoscalingGroupName: "edge-asg", lbTargetGroupArn: "arn:tg" }), { lbTargetGroupArn: "arn:tg" }],
  ["preview: a traffic source's identifier unknown, its type too", preview(ASG, { trafficSources: [{ identifier: UNKNOWN, type: UNKNOWN }] }), { trafficSources: [UNKNOWN] }],
  ["preview: the traffic sources unknown as a whole", preview(ASG, { trafficSources: UNKNOWN }), { trafficSources: UNKNOWN }],
] as const)("auto-scaling registrations: %s", (_name, view, expected) => {
  expect(registrationsOf(view)).toEqual(expected);
});
