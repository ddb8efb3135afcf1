import { ALL_ADDRESSES, ALL_IPV4, ALL_IPV6 } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { isPort, TCP_AND_UDP, TCP_ONLY, UDP_ONLY, type Doubt } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { doubtOf, field, isUnset, listField, malformedDoubt, optionalField, unknownDoubt, type Field } from "../fields";
import { listOf, own, type ResourceView } from "../resource";

/**
 * Elastic Load Balancing shapes of the AWS provider: application, network and gateway balancers
 * (the `lb` module and its `alb` alias), their listeners, rules, target groups and attachments,
 * classic load balancers, and auto-scaling groups' registrations. Read here into what a balancer
 * forwards: from which addresses, on which listener port, to which protocol and host port.
 */
export const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const LISTENER_RULES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
export const TARGET_GROUPS = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
export const TARGET_GROUP_ATTACHMENTS = ["aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment"];
export const CLASSIC_LOAD_BALANCER = "aws:elb/loadBalancer:LoadBalancer";
export const CLASSIC_ATTACHMENT = "aws:elb/attachment:Attachment";
export const AUTOSCALING_ATTACHMENT = "aws:autoscaling/attachment:Attachment";
export const TRAFFIC_SOURCE_ATTACHMENT = "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment";
/** The resources that register an auto-scaling group (named by autoscalingGroupName) with a balancer. */
export const AUTOSCALING_REGISTRATIONS = [AUTOSCALING_ATTACHMENT, TRAFFIC_SOURCE_ATTACHMENT];
export const BALANCER_TYPES = [...LOAD_BALANCERS, ...LISTENERS, ...LISTENER_RULES, ...TARGET_GROUPS, ...TARGET_GROUP_ATTACHMENTS, CLASSIC_LOAD_BALANCER, CLASSIC_ATTACHMENT, ...AUTOSCALING_REGISTRATIONS];

export type BalancerKind = "application" | "network" | "gateway" | "classic" | "unknown";
type Answer = "yes" | "no" | "unknown";

export interface BalancerReading {
  readonly kind: BalancerKind;
  readonly internal: Answer;
  /** The client addresses its frontend admits, by its IP address type. */
  readonly sources: IntervalSet;
  /** The ids of the security groups it connects to its targets from; undefined where one is not known at preview. */
  readonly groups?: ReadonlySet<string>;
  /** Why the groups are not known. */
  readonly groupDoubts: readonly Doubt[];
  readonly doubts: readonly Doubt[];
}

/** Its securityGroups, and a classic balancer's sourceSecurityGroupId (the group its back-end rules are to name). */
function groupsOf(view: ResourceView): Pick<BalancerReading, "groups" | "groupDoubts"> {
  const fields = [...listField(view.props, "securityGroups"), ...(view.type === CLASSIC_LOAD_BALANCER ? optionalField(view.props, "sourceSecurityGroupId") : [])];
  const unread = fields.filter((f) => isUnknown(f.value) || f.problem !== undefined);
  if (unread.length > 0) return { groupDoubts: unread.map((f) => doubtOf(f, f.problem!)) };
  return { groups: new Set(fields.map((f) => display(f.value))), groupDoubts: [] };
}

function internalOf(view: ResourceView): Answer {
  const value = own(view.props, "internal");
  if (isUnknown(value)) return "unknown";
  return reveal(value) === true ? "yes" : "no";
}

/** ipv4 admits IPv4 clients, dualstack both families, dualstack-without-public-ipv4 IPv6 only (ELB user guide, "IP address types"). */
const SOURCES_BY_TYPE: Record<string, IntervalSet> = { ipv4: ALL_IPV4, dualstack: ALL_ADDRESSES, "dualstack-without-public-ipv4": ALL_IPV6 };

export function readBalancer(view: ResourceView): BalancerReading {
  if (view.type === CLASSIC_LOAD_BALANCER) return { kind: "classic", internal: internalOf(view), sources: ALL_IPV4, ...groupsOf(view), doubts: [] };
  const doubts: Doubt[] = [];
  const type = field(view.props, "loadBalancerType");
  // The provider's default type is application.
  const kindValue = isUnset(type.value) ? "application" : reveal(type.value);
  const kind: BalancerKind = kindValue === "application" || kindValue === "network" || kindValue === "gateway" ? kindValue : "unknown";
  if (kind === "unknown") doubts.push(doubtOf(type, `is ${describe(type.value)}, not application, network or gateway`));
  const addressType = field(view.props, "ipAddressType");
  const typeText = isUnset(addressType.value) ? "ipv4" : reveal(addressType.value);
  // An address type that cannot be read may admit either family: carry both.
  const sources = typeof typeText === "string" && Object.hasOwn(SOURCES_BY_TYPE, typeText) ? SOURCES_BY_TYPE[typeText] : ALL_ADDRESSES;
  return { kind, internal: internalOf(view), sources, ...groupsOf(view), doubts };
}

/** The balancer's subnets: `subnets`, and each `subnetMappings[].subnetId`, as (holder key, value) for linking. */
export function balancerSubnetRefs(view: ResourceView): readonly (readonly [key: string, value: unknown])[] {
  return [["subnets", own(view.props, "subnets")], ...listOf(own(view.props, "subnetMappings")).map((m) => ["subnetMappings", own(m, "subnetId")] as const)];
}

/**
 * The target groups and classic balancers an auto-scaling group's instances are registered with,
 * as (holder key, value) for linking: a group's `targetGroupArns`, `loadBalancers` and
 * `trafficSources`, an `Attachment`'s `lbTargetGroupArn` or `elb`, a `TrafficSourceAttachment`'s
 * `trafficSource`. A traffic source's identifier is a target group's ARN (`elbv2`) or a classic
 * balancer's name (`elb`); a VPC Lattice group takes no traffic from an internet balancer. A list
 * unknown at preview as a whole is passed on whole, so that linking it can say it is unknown.
 */
export function groupRegistrationRefs(view: ResourceView): readonly (readonly [key: string, value: unknown])[] {
  const identifiers = (key: string, sources: unknown) => {
    if (isUnknown(sources)) return [[key, sources] as const];
    const listed = Array.isArray(reveal(sources)) ? listOf(sources) : isUnset(sources) ? [] : [sources];
    return [[key, listed.filter((s) => reveal(own(s, "type")) !== "vpc-lattice").map((s) => own(s, "identifier"))] as const];
  };
  const named = ["targetGroupArns", "loadBalancers", "lbTargetGroupArn", "elb"].map((key) => [key, own(view.props, key)] as const);
  return [...named, ...identifiers("trafficSources", own(view.props, "trafficSources")), ...identifiers("trafficSource", own(view.props, "trafficSource"))];
}

export interface PortReading {
  /** The port; undefined when it cannot be read. */
  readonly port?: number;
  readonly doubts: readonly Doubt[];
}

function readPort(f: Field, what: string): PortReading {
  const value = reveal(f.value);
  if (isPort(value) && value > 0) return { port: value, doubts: [] };
  if (isUnknown(f.value)) return { doubts: [unknownDoubt(f)] };
  return { doubts: [malformedDoubt(f, `is ${describe(f.value)}, not ${what}`)] };
}

export interface ListenerReading extends PortReading {
  /** The target-group ARNs its forward actions name, as fields (to link by id, or by dependency at preview). */
  readonly forwards: readonly Field[];
  /** The actions could not be read (unknown at preview): it may forward to any group. */
  readonly unread: boolean;
}

/** A listener's forward actions: `targetGroupArn`, or `forward.targetGroups[].arn` (weighted). */
function forwardsOf(holder: unknown, key: string): { forwards: Field[]; unread: boolean; doubts: Doubt[] } {
  const actions = listField(holder, key);
  const whole = actions.find((a) => a.path === key);
  if (whole) return { forwards: [], unread: true, doubts: [doubtOf(whole, whole.problem ?? "is not a list")] };
  const forwards: Field[] = [];
  const doubts: Doubt[] = [];
  let unread = false;
  for (const action of actions) {
    const type = field(action.value, "type", `${action.path}.`);
    if (isUnknown(type.value)) {
      unread = true;
      doubts.push(unknownDoubt(type));
    }
    if (reveal(type.value) !== "forward" && !isUnknown(type.value)) continue;
    forwards.push(...[field(action.value, "targetGroupArn", `${action.path}.`)].filter((f) => !isUnset(f.value)));
    forwards.push(...listField(own(action.value, "forward"), "targetGroups", `${action.path}.forward.`).map((g) => field(g.value, "arn", `${g.path}.`)));
  }
  return { forwards, unread, doubts };
}

export function readListener(view: ResourceView): ListenerReading {
  const port = field(view.props, "port");
  // A gateway balancer's listener has no port: it forwards every port (GENEVE).
  const { port: number, doubts } = isUnset(port.value) || reveal(port.value) === 0 ? { port: undefined, doubts: [] } : readPort(port, "a port");
  const actions = forwardsOf(view.props, "defaultActions");
  return { port: number, forwards: actions.forwards, unread: actions.unread, doubts: [...doubts, ...actions.doubts] };
}

export function readListenerRule(view: ResourceView): Omit<ListenerReading, "port"> {
  const { forwards, unread, doubts } = forwardsOf(view.props, "actions");
  return { forwards, unread, doubts };
}

export interface TargetGroupReading {
  /** GENEVE: a gateway balancer's appliances, no way in from the internet. */
  readonly geneve: boolean;
  readonly protocols: IntervalSet;
  readonly port: PortReading;
  /** instance, ip, lambda or alb ("" reads as instance, the provider's default). */
  readonly targetType: string;
  /** Whether a network balancer hands the host the client's address (NLB user guide, "Client IP preservation"). */
  readonly preservesClientIp: Answer;
  /** The clients whose address the host sees where it is preserved: those of the targets' family (ipAddressType). */
  readonly preservedClients: IntervalSet;
  /** The family of the targets' addresses (ipAddressType), which the balancer connects to them from; both where it cannot be read. */
  readonly targetFamily: IntervalSet;
  readonly doubts: readonly Doubt[];
}

/** What a balancer may forward when its protocol cannot be read: TCP and UDP. */
export const FORWARDABLE_PROTOCOLS = TCP_AND_UDP;
/** What each target-group protocol delivers to the host: TLS and HTTP(S) ride on TCP. */
const PROTOCOLS: Record<string, IntervalSet> = { TCP: TCP_ONLY, TLS: TCP_ONLY, HTTP: TCP_ONLY, HTTPS: TCP_ONLY, UDP: UDP_ONLY, TCP_UDP: TCP_AND_UDP };

/** TCP and UDP, every port: what a forwarding whose protocol or port cannot be read may carry. */
function readProtocols(f: Field, names: Record<string, IntervalSet> = PROTOCOLS): { protocols: IntervalSet; doubts: Doubt[] } {
  const value = reveal(f.value);
  if (typeof value === "string" && Object.hasOwn(names, value.toUpperCase())) return { protocols: names[value.toUpperCase()], doubts: [] };
  return { protocols: TCP_AND_UDP, doubts: [doubtOf(f, `is ${describe(f.value)}, not ${Object.keys(names).join(", ")}`)] };
}

export function readTargetGroup(view: ResourceView): TargetGroupReading {
  const protocolField = field(view.props, "protocol");
  const targetType = reveal(own(view.props, "targetType"));
  const type = typeof targetType === "string" && targetType !== "" ? targetType : "instance";
  if (reveal(protocolField.value) === "GENEVE") return { geneve: true, protocols: IntervalSet.EMPTY, port: { doubts: [] }, targetType: type, preservesClientIp: "no", preservedClients: IntervalSet.EMPTY, targetFamily: ALL_ADDRESSES, doubts: [] };
  const protocol = readProtocols(protocolField);
  const port = readPort(field(view.props, "port"), "a port 1-65535");
  const preserve = own(view.props, "preserveClientIp");
  const udp = protocol.doubts.length === 0 && protocol.protocols.overlaps(UDP_ONLY);
  // UDP and TCP_UDP groups always preserve it; otherwise instance targets default to on, ip targets to off.
  const preserves: Answer = udp ? "yes" : isUnknown(preserve) ? "unknown" : isUnset(preserve) ? (type === "instance" ? "yes" : "no") : String(reveal(preserve)) === "true" ? "yes" : "no";
  // Even then, a client of the other family reaches the targets from the balancer's own address of
  // theirs: an IPv6 client of IPv4 targets arrives from the balancer's IPv4 address (NLB user guide).
  const addressType = own(view.props, "ipAddressType");
  const preservesClientIp: Answer = preserves === "yes" && isUnknown(addressType) ? "unknown" : preserves;
  const targetFamily = isUnknown(addressType) ? ALL_ADDRESSES : reveal(addressType) === "ipv6" ? ALL_IPV6 : ALL_IPV4;
  const preservedClients = preservesClientIp !== "yes" ? IntervalSet.EMPTY : targetFamily;
  return { geneve: false, protocols: protocol.protocols, port, targetType: type, preservesClientIp, preservedClients, targetFamily, doubts: [...protocol.doubts] };
}

/** An attachment's own port, when set (0, the provider's unset, means the group's port). */
export function readAttachmentPort(view: ResourceView): PortReading | undefined {
  const port = field(view.props, "port");
  return isUnset(port.value) || reveal(port.value) === 0 ? undefined : readPort(port, "a port 1-65535");
}

export interface ClassicListenerReading {
  readonly balancerPort: PortReading;
  readonly instancePort: PortReading;
  readonly protocols: IntervalSet;
  readonly label: string;
  readonly doubts: readonly Doubt[];
}

/** A classic balancer talks TCP to its instances whatever the listener: TCP, SSL, HTTP, HTTPS. */
const CLASSIC_PROTOCOLS: Record<string, IntervalSet> = { TCP: TCP_ONLY, SSL: TCP_ONLY, HTTP: TCP_ONLY, HTTPS: TCP_ONLY };

export function readClassicListeners(view: ResourceView): ClassicListenerReading[] {
  return listField(view.props, "listeners").map((listener) => {
    if (isUnknown(listener.value) || listener.problem) {
      const doubt = doubtOf(listener, listener.problem ?? "is not a listener");
      return { balancerPort: { doubts: [] }, instancePort: { doubts: [] }, protocols: TCP_AND_UDP, label: listener.path, doubts: [doubt] };
    }
    const prefix = `${listener.path}.`;
    const balancerPort = readPort(field(listener.value, "lbPort", prefix), "a port 1-65535");
    const instancePort = readPort(field(listener.value, "instancePort", prefix), "a port 1-65535");
    const protocol = readProtocols(field(listener.value, "instanceProtocol", prefix), CLASSIC_PROTOCOLS);
    const doubts = [...balancerPort.doubts, ...instancePort.doubts, ...protocol.doubts];
    return { balancerPort, instancePort, protocols: protocol.protocols, label: listener.path, doubts };
  });
}
