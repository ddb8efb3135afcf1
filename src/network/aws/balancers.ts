import { cached, once } from "../../cached";
import { ALL_ADDRESSES, ALL_IPV4 } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import type { Doubt } from "../../model/rule";
import { display, isUnknown, reveal } from "../../model/values";
import { isUnset, unknownDoubt, type Field } from "../../shapes/fields";
import {
  AUTOSCALING_REGISTRATIONS,
  BALANCER_TYPES,
  CLASSIC_ATTACHMENT,
  CLASSIC_LOAD_BALANCER,
  LISTENER_RULES,
  LISTENERS,
  LOAD_BALANCERS,
  readAttachmentPort,
  readBalancer,
  readClassicListeners,
  readListener,
  readListenerRule,
  readTargetGroup,
  TARGET_GROUP_ATTACHMENTS,
  TARGET_GROUPS,
  FORWARDABLE_PROTOCOLS,
  groupRegistrationRefs,
  type BalancerReading,
  type PortReading,
} from "../../shapes/aws/loadBalancers";
import { listOf, own, resourceLabel, type ResourceView } from "../../shapes/resource";
import { type StackIndex } from "../stackIndex";
import { AUTOSCALING_GROUP, INSTANCE, NETWORK_INTERFACE, SPOT_INSTANCE_REQUEST } from "./hosts";

const INSTANCES = [INSTANCE, SPOT_INSTANCE_REQUEST];
/** What an auto-scaling group's instances may be registered with: target groups, classic balancers. */
const REGISTRARS = [...TARGET_GROUPS, CLASSIC_LOAD_BALANCER];
/**
 * Where an instance or interface holds a private address an ip target may name: any of them, the
 * primary, the secondary ones and the IPv6 ones (ELB user guide, "Target type": "any private IP
 * address of ... a network interface").
 */
const PRIVATE_ADDRESSES: readonly (readonly [key: string, types: readonly string[]])[] = [
  ["privateIp", [...INSTANCES, NETWORK_INTERFACE]],
  ["secondaryPrivateIps", INSTANCES],
  ["ipv6Addresses", [...INSTANCES, NETWORK_INTERFACE]],
  ["privateIps", [NETWORK_INTERFACE]],
  ["privateIpLists", [NETWORK_INTERFACE]],
  ["ipv6AddressLists", [NETWORK_INTERFACE]],
];

/** One way a balancer forwards the internet's traffic to a host: a listener, and what the host receives. */
export interface Forwarding {
  /** Undefined when the balancer is not in this stack (named by a group's loadBalancerArns, or unknown at preview). */
  readonly balancer?: ResourceView;
  readonly reading?: BalancerReading;
  /** The port clients connect to; undefined when it cannot be read. */
  readonly listenerPort?: number;
  readonly protocols: IntervalSet;
  /** The port the host receives it on; undefined when it cannot be read (then every port). */
  readonly hostPort?: number;
  /** Whether the host sees the client's address (a network balancer with client IP preservation). */
  readonly preservesClientIp: "yes" | "no" | "unknown";
  /** The clients whose address the host sees: where it is preserved, those of the targets' family. */
  readonly preservedClients: IntervalSet;
  /** The family of the targets' addresses, which the balancer connects to them from. */
  readonly targetFamily: IntervalSet;
  /** What the listener forwards, for the messages: `listener "edge-50001" (TCP 50001)`. */
  readonly via: string;
  /** The resources from the balancer to the host's registration, in the traffic's order. */
  readonly chain: readonly string[];
  readonly doubts: readonly Doubt[];
  readonly notes: readonly string[];
}

/** A target group's or classic balancer's registration of a host, with its own port when it sets one. */
interface Registration {
  readonly target: ResourceView | "unknown";
  /** The attachment's own port, which replaces the group's. */
  readonly port?: PortReading;
  readonly resources: readonly string[];
  readonly doubts: readonly Doubt[];
}

/** A listener (or listener rule) that forwards to a target group. */
interface Forwarder {
  readonly listener: ResourceView;
  readonly rule?: ResourceView;
  readonly doubts: readonly Doubt[];
}

/**
 * Who forwards to which host: listeners to target groups, target groups and classic balancers to
 * instances (by attachment, by private IP for ip targets) and to auto-scaling groups. Built once
 * per stack, and only when the stack holds a balancer type at all (the cost is otherwise nil).
 */
export class Balancers {
  private readonly memo = new Map<ResourceView, Forwarding[]>();
  readonly present: boolean;
  /** Target-group attachments whose target cannot be linked at preview: any host may be theirs. */
  private readonly unlinkedTargets = once(() => TARGET_GROUP_ATTACHMENTS.flatMap((t) => this.index.ofType(t)).filter((a) => this.index.refs(a, "targetId").unknown));
  /** Listeners and rules whose targets cannot be linked at preview: any group may be theirs. */
  private readonly unlinked = once(() => [...LISTENERS, ...LISTENER_RULES].flatMap((t) => this.index.ofType(t)).filter((v) => this.forwardsUnlinked(v)));

  constructor(private readonly index: StackIndex) {
    this.present = BALANCER_TYPES.some((t) => index.ofType(t).length > 0);
  }

  /** Every balancer forwarding to the host (an instance, interface or auto-scaling group). */
  forwardingsTo(host: ResourceView | undefined): Forwarding[] {
    if (!this.present || !host) return [];
    return cached(this.memo, host, () => this.registrationsOf(host).flatMap((r) => this.forwardingsOf(r)));
  }

  private registrationsOf(host: ResourceView): Registration[] {
    const attachments = this.index.referrers("tg-attachment->host", TARGET_GROUP_ATTACHMENTS, (a) => this.attachedHosts(a));
    // A group's id is its name; at preview the name given (a literal) may be all there is to link by.
    const asgAttachments = this.index.referrers("asg-attachment->asg", AUTOSCALING_REGISTRATIONS, (a) => [
      ...this.index.targets(a, "autoscalingGroupName", undefined, [AUTOSCALING_GROUP]),
      ...this.index.withValue("name", [AUTOSCALING_GROUP], own(a.props, "autoscalingGroupName")),
    ]);
    const classicAttachments = this.index.referrers("elb-attachment->instance", [CLASSIC_ATTACHMENT], (a) => this.index.targets(a, "instance", undefined, INSTANCES));
    const classicInstances = this.index.referrers("elb->instance", [CLASSIC_LOAD_BALANCER], (b) => this.index.targets(b, "instances", undefined, INSTANCES));
    return [
      ...(attachments.get(host) ?? []).map((a) => this.registration(a, "targetGroupArn", TARGET_GROUPS, readAttachmentPort(a))),
      ...(host.type === AUTOSCALING_GROUP ? [] : this.unlinkedTargets().map((a) => this.maybeRegistered(a, host))),
      ...(classicAttachments.get(host) ?? []).map((a) => this.registration(a, "elb", [CLASSIC_LOAD_BALANCER])),
      ...(classicInstances.get(host) ?? []).map((b): Registration => ({ target: b, resources: [], doubts: [] })),
      ...(host.type === AUTOSCALING_GROUP ? this.groupRegistrations(host, asgAttachments.get(host) ?? []) : []),
    ];
  }

  /**
   * An auto-scaling group's registrations, its own (targetGroupArns, loadBalancers, trafficSources)
   * and those of Attachment and TrafficSourceAttachment resources.
   */
  private groupRegistrations(asg: ResourceView, attachments: readonly ResourceView[]): Registration[] {
    const registered = (holder: ResourceView, resources: string[]) => groupRegistrationRefs(holder).flatMap(([key, value]) => this.linked(holder, key, REGISTRARS, resources, undefined, value));
    return [...registered(asg, []), ...attachments.flatMap((a) => registered(a, [a.urn]))];
  }

  /** A single attachment's registration; its own port, when set, replaces the group's. */
  private registration(holder: ResourceView, key: string, types: readonly string[], port?: PortReading): Registration {
    const [registration] = this.linked(holder, key, types, [holder.urn], port);
    const found = registration ?? { target: "unknown", resources: [holder.urn], doubts: [] };
    return port ? { ...found, doubts: [...found.doubts, ...port.doubts] } : found;
  }

  /** The groups or balancers a property names; one unknown registration when it is unknown at preview and no dependency names it. */
  private linked(holder: ResourceView, key: string, types: readonly string[], resources: string[], port?: PortReading, value: unknown = own(holder.props, key)): Registration[] {
    const link = this.index.refs(holder, key, value, types);
    const found = link.targets.map((target): Registration => ({ target, port, resources, doubts: [] }));
    if (!link.unknown) return found;
    const doubt = unknownDoubt({ path: `${resourceLabel(holder)} ${key}`, value });
    return [...found, { target: "unknown", port, resources, doubts: [{ ...doubt, detail: `${doubt.detail}, and no dependency names the target group or balancer, so the traffic it forwards cannot be followed` }] }];
  }

  /** At preview, an attachment whose target is unknown and named by no dependency may register this host. */
  private maybeRegistered(attachment: ResourceView, host: ResourceView): Registration {
    const found = this.registration(attachment, "targetGroupArn", TARGET_GROUPS, readAttachmentPort(attachment));
    const doubt: Doubt = { kind: "unknown", field: `${resourceLabel(attachment)} targetId`, detail: `the target of ${resourceLabel(attachment)} is not known at preview and no dependency names it, so it may be ${resourceLabel(host)}` };
    return { ...found, doubts: [...found.doubts, doubt] };
  }

  /**
   * The hosts an attachment registers: an instance by id (a spot request by the instance it
   * launched), with the managed interface it receives on; or, for ip targets, whatever holds the
   * address among its private ones.
   */
  private attachedHosts(attachment: ResourceView): ResourceView[] {
    const value = own(attachment.props, "targetId");
    const instances = [...this.index.targets(attachment, "targetId", value, INSTANCES), ...this.index.withValue("spotInstanceId", [SPOT_INSTANCE_REQUEST], value)];
    return [...instances, ...instances.flatMap((i) => this.primaryInterfaces(i)), ...PRIVATE_ADDRESSES.flatMap(([key, types]) => this.index.withValue(key, types, value, "address"))];
  }

  /**
   * An instance target receives on the instance's primary interface (ELB user guide, "Register
   * targets"); where that is a managed NetworkInterface, the interface's groups judge the traffic.
   */
  private primaryInterfaces(instance: ResourceView): ResourceView[] {
    const primary = listOf(own(instance.props, "networkInterfaces")).filter((n) => reveal(own(n, "deviceIndex")) === 0);
    return [
      ...this.index.targets(instance, "primaryNetworkInterfaceId", undefined, [NETWORK_INTERFACE]),
      ...primary.flatMap((n) => this.index.targets(instance, "networkInterfaces", own(n, "networkInterfaceId"), [NETWORK_INTERFACE])),
    ];
  }

  private forwardingsOf(registration: Registration): Forwarding[] {
    const target = registration.target;
    if (target === "unknown") return [unknownForwarding(registration)];
    if (target.type === CLASSIC_LOAD_BALANCER) return this.classicForwardings(target, registration);
    return this.groupForwardings(target, registration);
  }

  private classicForwardings(balancer: ResourceView, registration: Registration): Forwarding[] {
    return readClassicListeners(balancer).map((listener) => ({
      balancer,
      reading: readBalancer(balancer),
      listenerPort: listener.balancerPort.port,
      protocols: listener.protocols,
      hostPort: listener.instancePort.port,
      preservesClientIp: "no",
      preservedClients: IntervalSet.EMPTY,
      targetFamily: ALL_IPV4,
      via: `${listener.label} (port ${listener.balancerPort.port ?? "unknown"})`,
      chain: [balancer.urn, ...registration.resources],
      doubts: [...registration.doubts, ...listener.doubts],
      notes: [],
    }));
  }

  private groupForwardings(group: ResourceView, registration: Registration): Forwarding[] {
    const reading = readTargetGroup(group);
    // A gateway balancer's GENEVE group sends traffic to appliances, not into the VPC's hosts from the internet.
    if (reading.geneve || reading.targetType === "lambda" || reading.targetType === "alb") return [];
    const target = {
      protocols: reading.protocols,
      hostPort: (registration.port ?? reading.port).port,
      preservesClientIp: reading.preservesClientIp,
      preservedClients: reading.preservedClients,
      targetFamily: reading.targetFamily,
      doubts: [...registration.doubts, ...reading.doubts, ...(registration.port ? [] : reading.port.doubts)],
    };
    const forwarders = this.forwardersOf(group);
    if (forwarders.length === 0) return this.forwardedElsewhere(group, registration, target);
    return forwarders.flatMap((forwarder): Forwarding[] => {
      const listener = readListener(forwarder.listener);
      const balancers = this.index.targets(forwarder.listener, "loadBalancerArn", undefined, LOAD_BALANCERS);
      const base = {
        ...target,
        listenerPort: listener.port,
        via: `${resourceLabel(forwarder.listener)} (port ${listener.port ?? "unknown"})${forwarder.rule ? ` by ${resourceLabel(forwarder.rule)}` : ""}`,
        doubts: [...target.doubts, ...forwarder.doubts, ...listener.doubts],
        notes: [],
      };
      const chain = (balancer?: ResourceView) => [...(balancer ? [balancer.urn] : []), forwarder.listener.urn, ...(forwarder.rule ? [forwarder.rule.urn] : []), group.urn, ...registration.resources];
      if (balancers.length === 0) {
        const doubt = isUnknown(own(forwarder.listener.props, "loadBalancerArn"))
          ? [{ kind: "unknown" as const, field: `${resourceLabel(forwarder.listener)} loadBalancerArn`, detail: `the balancer of ${resourceLabel(forwarder.listener)} is not known at preview and no dependency names it` }]
          : [];
        return [{ ...base, chain: chain(), doubts: [...base.doubts, ...doubt], notes: doubt.length ? [] : [`the balancer of ${resourceLabel(forwarder.listener)} is not in this stack, so nothing on its way could be credited`] }];
      }
      return balancers.map((balancer) => ({ ...base, balancer, reading: readBalancer(balancer), chain: chain(balancer) }));
    });
  }

  /**
   * A group no listener of this stack forwards to is no way in, unless its loadBalancerArns output
   * (known after an update) names a balancer: then a listener elsewhere forwards to it, on a port
   * that cannot be read, so no firewall is credited on that path.
   */
  private forwardedElsewhere(group: ResourceView, registration: Registration, target: Pick<Forwarding, "protocols" | "hostPort" | "preservesClientIp" | "preservedClients" | "targetFamily" | "doubts">): Forwarding[] {
    return listOf(own(group.props, "loadBalancerArns")).flatMap((arn): Forwarding[] => {
      if (isUnset(arn) || isUnknown(arn)) return [];
      const balancer = this.index.withId(arn);
      const inStack = balancer && LOAD_BALANCERS.includes(balancer.type) ? balancer : undefined;
      const named = inStack ? resourceLabel(inStack) : `load balancer ${display(arn)}, which is not in this stack`;
      return [
        {
          ...target,
          balancer: inStack,
          reading: inStack && readBalancer(inStack),
          via: "a listener not in this stack",
          chain: [...(inStack ? [inStack.urn] : []), group.urn, ...registration.resources],
          notes: [`no listener in this stack forwards to ${resourceLabel(group)}, but its loadBalancerArns names ${named}, so a listener elsewhere does, on a port that cannot be read here`],
        },
      ];
    });
  }

  /** The listeners and rules that forward to a group; at preview, also those whose actions or targets cannot be linked. */
  private forwardersOf(group: ResourceView): Forwarder[] {
    const byGroup = this.index.referrers("listener->group", [...LISTENERS, ...LISTENER_RULES], (v) => this.forwardTargets(v));
    const unlinked = this.unlinked();
    const linked = (byGroup.get(group) ?? []).flatMap((v) => this.forwarder(v, []));
    const doubtful = unlinked.filter((v) => !(byGroup.get(group) ?? []).includes(v)).flatMap((v) =>
      this.forwarder(v, [{ kind: "unknown", field: `${resourceLabel(v)} target group`, detail: `which target group ${resourceLabel(v)} forwards to is not known at preview and no dependency names it, so it may forward to ${resourceLabel(group)}` }]),
    );
    return [...linked, ...doubtful];
  }

  private forwarder(view: ResourceView, doubts: Doubt[]): Forwarder[] {
    if (!LISTENER_RULES.includes(view.type)) return [{ listener: view, doubts }];
    return this.index.targets(view, "listenerArn", undefined, LISTENERS).map((listener) => ({ listener, rule: view, doubts: [...readListenerRule(view).doubts, ...doubts] }));
  }

  private forwardFields(view: ResourceView): { forwards: readonly Field[]; unread: boolean; key: string } {
    const rule = LISTENER_RULES.includes(view.type);
    const reading = rule ? readListenerRule(view) : readListener(view);
    return { ...reading, key: rule ? "actions" : "defaultActions" };
  }

  private forwardTargets(view: ResourceView): ResourceView[] {
    const { forwards, key } = this.forwardFields(view);
    // At preview the ARNs are unknown; the engine's dependencies on the actions name the groups.
    return [...new Set([...this.index.targets(view, key, undefined, TARGET_GROUPS), ...forwards.flatMap((f) => this.index.targets(view, key, f.value, TARGET_GROUPS))])];
  }

  private forwardsUnlinked(view: ResourceView): boolean {
    const { forwards, unread, key } = this.forwardFields(view);
    const linked = (view.propertyDependencies[key] ?? []).length > 0;
    return !linked && (unread || forwards.some((f) => isUnknown(f.value)));
  }
}

function unknownForwarding(registration: Registration): Forwarding {
  return {
    protocols: FORWARDABLE_PROTOCOLS,
    preservesClientIp: "unknown",
    preservedClients: IntervalSet.EMPTY,
    targetFamily: ALL_ADDRESSES,
    via: "a target group or balancer not known at preview",
    chain: registration.resources,
    doubts: registration.doubts,
    notes: [],
  };
}
