import type { TestResource } from "../support/harness";
import { runPack } from "../support/harness";
import { SG, UNKNOWN } from "../support/fixtures";
import { allowAll, balancer, clsPorts, denyCls, DUAL_STACK, edge, everyone, firewall, LB, materialise, nacl, ref, res, statelessGroup, suricata, T, type Routes } from "../support/network";

/** AWS Network Firewall in the Edge VPC; as for NACLs, every case at preview and after update. */
interface Row {
  readonly name: string;
  readonly resources: TestResource[];
  readonly cls: string[];
  readonly robust?: string[];
  /** At preview, when the endpoints are not yet known: what cls-deny-explicit says then. */
  readonly robustAtPreview?: string[];
  /** At preview, when the verdict hangs on something only the update knows: the advisory's fragments. */
  readonly preview?: string[];
  /** What media-range-inbound-justified says is still let in (fragments of its advisory). */
  readonly media?: string[];
}

const stateless = (name = "sl") => ({ statelessRuleGroupReferences: [{ priority: 10, resourceArn: ref(name) }] });
const stateful = (...names: string[]) => ({ statefulRuleGroupReferences: names.map((n, i) => ({ resourceArn: ref(n), priority: i + 1 })) });
const strict = { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" } };
const DROP_CLS = "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (msg:\"CLS agent\"; sid:1;)";
const OPEN = ["lets TCP 50001-50003 in from 0.0.0.0/0"];
const ENDPOINT_GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup";
const accelerator = (instance = "edge-1", more: Record<string, unknown> = {}) =>
  res(ENDPOINT_GROUP, "ga-endpoints", { endpointGroupRegion: "eu-west-1", endpointConfigurations: [{ endpointId: ref(instance), weight: 100, clientIpPreservationEnabled: true, attachmentArn: "" }], portOverrides: [], healthCheckPort: 0, ...more });
const accelerated = (portRanges: unknown[], portOverrides: unknown[] = []) => [
  res("aws:globalaccelerator/listener:Listener", "ga-listener", { acceleratorArn: "arn:aws:globalaccelerator::111122223333:accelerator/a", protocol: "TCP", portRanges, clientAffinity: "NONE" }),
  accelerator("edge-1", { listenerArn: ref("ga-listener"), portOverrides }),
];
const SHARED_STATEFUL = "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/shared-allow";

const rows: Row[] = [
  {
    name: "stateless drop ahead of a pass-all",
    resources: [...edge(), ...firewall(stateless(), [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], sources: everyone, destinationPorts: clsPorts } }, { priority: 10, actions: ["aws:pass"], match: {} }])])],
    cls: [],
    robust: ['stateless rule 1 of rule group "sl" denies TCP 50001-50003', "netsh"],
  },
  {
    name: "stateless pass-all ahead of the drop",
    resources: [...edge(), ...firewall(stateless(), [statelessGroup("sl", [{ priority: 1, actions: ["aws:pass"], match: {} }, { priority: 10, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts } }])])],
    cls: OPEN,
  },
  {
    name: "a stateless drop narrowed by source ports earns no credit",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts, sourcePorts: [{ fromPort: 1024, toPort: 65535 }] } }])])],
    cls: [...OPEN, 'stateless rule 1 of rule group "sl" was not credited'],
  },
  {
    name: "a stateless drop of another destination does not protect the Edge",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinations: [{ addressDefinition: "10.9.0.0/16" }], destinationPorts: clsPorts } }])])],
    cls: OPEN,
  },
  { name: "a stateful 5-tuple DROP", resources: [...edge(), ...firewall(stateful("sf"), [res(T.ruleGroup, "sf", { type: "STATEFUL", capacity: 10, ruleGroup: { rulesSource: { statefulRules: [{ action: "DROP", header: { protocol: "TCP", source: "ANY", sourcePort: "ANY", direction: "FORWARD", destination: "ANY", destinationPort: "50001:50003" }, ruleOptions: [{ keyword: "sid", settings: ["1"] }] }] } } })])], cls: [], robust: [] },
  {
    name: "PASS wins over DROP in default action order",
    resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", `${DROP_CLS}\npass tcp any any -> any 50000:59999 (sid:2;)`)])],
    cls: OPEN,
  },
  {
    name: "in strict order the DROP comes first",
    resources: [...edge(), ...firewall({ ...stateful("sf"), ...strict }, [suricata("sf", `${DROP_CLS}\npass tcp any any -> any 50000:59999 (sid:2;)`, { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } })])],
    cls: [],
  },
  { name: "a Suricata drop with $EXTERNAL_NET and $HOME_NET", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)])], cls: [] },
  { name: "a Suricata port list", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> any [50001,50002,50003] (sid:1;)")])], cls: [] },
  { name: "a Suricata port list that misses 50003", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> any [50001, 50002] (sid:1;)")])], cls: ["lets TCP 50003 in"] },
  { name: "a negated port list", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> any ![0:50000,50004:65535] (sid:1;)")])], cls: [] },
  { name: "a port variable", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> any $CLS (sid:1;)", { ruleVariables: { portSets: [{ key: "CLS", portSet: { definitions: ["50001:50003"] } }] } })])], cls: [] },
  { name: "a source list that leaves the world out", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp [198.51.100.0/24,203.0.113.0/24] any -> any 50001:50003 (sid:1;)")])], cls: OPEN },
  { name: "a drop of established flows only earns no credit", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> any 50001:50003 (flow:established,to_server; sid:1;)")])], cls: [...OPEN, "was not credited"] },
  // Suricata matches an `ip` rule that names a port only on TCP, UDP and SCTP packets to that port.
  { name: "an ip drop of port 80 leaves the CLS ports open", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop ip any any -> any 80 (sid:1;)")])], cls: OPEN, media: ["lets TCP 50000-59999 in"] },
  {
    name: "a 5-tuple IP drop of port 80 leaves the CLS ports open",
    resources: [...edge(), ...firewall(stateful("sf"), [res(T.ruleGroup, "sf", { type: "STATEFUL", capacity: 10, ruleGroup: { rulesSource: { rulesString: "", statefulRules: [{ action: "DROP", header: { protocol: "IP", source: "ANY", sourcePort: "ANY", direction: "FORWARD", destination: "ANY", destinationPort: "80" }, ruleOptions: [{ keyword: "sid", settings: ["1"] }] }] } } })])],
    cls: OPEN,
    media: ["lets TCP 50000-59999 in"],
  },
  { name: "an ip drop of the CLS ports keeps them out, and the rest of the media range open", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop ip any any -> any 50001:50003 (sid:1;)")])], cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "an application-layer drop earns no credit", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tls any any -> any 50001:50003 (sid:1;)")])], cls: OPEN },
  { name: "an unparseable rule is reported, not guessed", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> (sid:1;)")])], cls: [...OPEN, 'rule at line 1 of rule group "sf" cannot be parsed'] },
  { name: "an unparseable pass is read as passing everything", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", `${DROP_CLS}\npass tcp any -> any any (sid:2;)`)])], cls: [...OPEN, "read as letting through all it might"] },
  { name: "an undefined variable is reported", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp $PARTNERS any -> any 50001:50003 (sid:1;)")])], cls: [...OPEN, "variable $PARTNERS is not defined"] },
  {
    name: "stateless default aws:pass: the stateful drop never sees the packet",
    resources: [...edge(), ...firewall({ ...stateful("sf"), statelessDefaultActions: ["aws:pass"] }, [suricata("sf", DROP_CLS)])],
    cls: OPEN,
  },
  // A stateless rule matches only where every match setting does: what a partial forward does not match meets the default aws:pass.
  {
    name: "a stateless forward narrowed by source ports leaves the rest to the default aws:pass",
    resources: [...edge(), ...firewall({ ...stateless(), ...stateful("sf"), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:forward_to_sfe"], match: { protocols: [6], sourcePorts: [{ fromPort: 1024, toPort: 65535 }] } }]), suricata("sf", DROP_CLS)])],
    cls: OPEN,
  },
  {
    name: "a stateless forward to half the Edge subnet leaves the rest to the default aws:pass",
    resources: [...edge(), ...firewall({ ...stateless(), ...stateful("sf"), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:forward_to_sfe"], match: { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/25" }] } }]), suricata("sf", DROP_CLS)])],
    cls: OPEN,
  },
  {
    name: "a stateless forward of all TCP before the default aws:pass: the stateful drop holds",
    resources: [...edge(), ...firewall({ ...stateless(), ...stateful("sf"), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:forward_to_sfe"], match: { protocols: [6] } }]), suricata("sf", DROP_CLS)])],
    cls: [],
  },
  // A group shared from another account (RAM, Firewall Manager) is evaluated all the same: it may pass what the stack's groups drop.
  {
    name: "a stateful group outside the stack may pass what the stack's group drops",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), priority: 1 }, { resourceArn: SHARED_STATEFUL, priority: 2 }] }, [suricata("sf", DROP_CLS)])],
    cls: [...OPEN, `names rule group ${SHARED_STATEFUL}, which is not in this stack, so it was not read`],
  },
  {
    name: "a stateless group outside the stack, first, may pass everything",
    resources: [...edge(), ...firewall({ statelessRuleGroupReferences: [{ resourceArn: "arn:aws:network-firewall:eu-west-1:111122223333:stateless-rulegroup/shared", priority: 1 }], ...stateful("sf") }, [suricata("sf", DROP_CLS)])],
    cls: OPEN,
  },
  {
    name: "a stateless drop in a group ahead of one outside the stack is credited",
    resources: [...edge(), ...firewall({ statelessRuleGroupReferences: [{ resourceArn: ref("sl"), priority: 1 }, { resourceArn: "arn:aws:network-firewall:eu-west-1:111122223333:stateless-rulegroup/shared", priority: 2 }] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts } }])])],
    cls: [],
  },
  {
    name: "in strict order, a drop in a group ahead of one outside the stack is credited",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), priority: 1 }, { resourceArn: SHARED_STATEFUL, priority: 2 }], ...strict }, [suricata("sf", DROP_CLS, { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } })])],
    cls: [],
  },
  {
    name: "in strict order, a group outside the stack ahead of the drop may pass it",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), priority: 2 }, { resourceArn: SHARED_STATEFUL, priority: 1 }], ...strict }, [suricata("sf", DROP_CLS, { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } })])],
    cls: OPEN,
  },
  {
    name: "an AWS managed group drops or alerts, and takes no credit from the stack's drop",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), priority: 1 }, { resourceArn: "arn:aws:network-firewall:eu-west-1:aws-managed:stateful-rulegroup/ThreatSignaturesBotnetActionOrder", priority: 2 }] }, [suricata("sf", DROP_CLS)])],
    cls: [],
  },
  // Global Accelerator reaches an instance endpoint from its own interfaces in the subnet, not through the internet gateway.
  { name: "a Global Accelerator endpoint on the instance goes around the firewall", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), accelerator()], cls: [...OPEN, "not through the internet gateway"] },
  { name: "a Global Accelerator listener on 443 only brings no CLS port", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), ...accelerated([{ fromPort: 443, toPort: 443 }])], cls: [] },
  { name: "a Global Accelerator listener on the media range brings the CLS ports", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), ...accelerated([{ fromPort: 50000, toPort: 50010 }])], cls: OPEN },
  { name: "a Global Accelerator port override onto 50001", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), ...accelerated([{ fromPort: 443, toPort: 443 }], [{ listenerPort: 443, endpointPort: 50001 }])], cls: ["lets TCP 50001 in from 0.0.0.0/0"] },
  { name: "a Global Accelerator endpoint on another instance changes nothing", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), res(T.instance, "other", { subnetId: ref("edge-public") }), accelerator("other")], cls: [] },
  {
    name: "DROP_TO_ALERT turns the drop into an alert",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), override: { action: "DROP_TO_ALERT" } }] }, [suricata("sf", DROP_CLS)])],
    cls: OPEN,
  },
  {
    name: "strict order with aws:drop_strict: only the default drop keeps it out",
    resources: [...edge(), ...firewall({ ...stateful("sf"), ...strict, statefulDefaultActions: ["aws:drop_strict"] }, [suricata("sf", "pass tcp any any -> any 443 (sid:1;)")])],
    cls: [],
    robust: ['only by the stateful default action (aws:drop_strict) of firewall policy "fw-policy"'],
  },
  { name: "a two-way rule matches in reverse, with the rule's source port as the host's port", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp $HOME_NET 50001:50003 <> $EXTERNAL_NET any (sid:1;)")])], cls: [] },
  { name: "a one-way rule from the host does not match traffic to it", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp $HOME_NET 50001:50003 -> $EXTERNAL_NET any (sid:1;)")])], cls: OPEN },
  { name: "a two-way rule whose remote end names source ports earns no credit", resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp $HOME_NET 50001:50003 <> $EXTERNAL_NET 1024: (sid:1;)")])], cls: [...OPEN, "was not credited"] },
  { name: "a 5-tuple rule with direction ANY", resources: [...edge(), ...firewall(stateful("sf"), [res(T.ruleGroup, "sf", { type: "STATEFUL", capacity: 10, ruleGroup: { rulesSource: { statefulRules: [{ action: "DROP", header: { protocol: "TCP", source: "$HOME_NET", sourcePort: "50001:50003", direction: "ANY", destination: "ANY", destinationPort: "ANY" }, ruleOptions: [{ keyword: "sid", settings: ["7"] }] }] } } })])], cls: [] },
  {
    name: "HOME_NET from the policy's variables",
    resources: [...edge(), ...firewall({ ...stateful("sf"), policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.0.0/16"] } }] } }, [suricata("sf", "drop tcp !$HOME_NET any -> $HOME_NET 50001:50003 (sid:1;)")])],
    cls: [],
  },
  {
    name: "a HOME_NET that leaves the Edge subnet out: the drop protects other hosts",
    resources: [...edge(), ...firewall(stateful("sf"), [suricata("sf", "drop tcp any any -> $HOME_NET 50001:50003 (sid:1;)", { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.9.0.0/16"] } }] } })])],
    cls: OPEN,
  },
  {
    name: "a stateless drop narrowed by TCP flags earns no credit",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts, tcpFlags: [{ flags: ["SYN"], masks: ["SYN", "ACK"] }] } }])])],
    cls: [...OPEN, "was not credited"],
  },
  {
    name: "a stateless drop without protocols covers TCP",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:pass"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:drop"], match: { destinationPorts: clsPorts } }])])],
    cls: [],
  },
  {
    name: "a stateless rule with no readable action is read as a pass",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:drop"] }, [statelessGroup("sl", [{ priority: 1, actions: ["custom:metrics"], match: {} }])])],
    cls: [...OPEN, "has no aws:pass, aws:drop or aws:forward_to_sfe action"],
  },
  {
    name: "a stateless pass whose protocol cannot be read may pass any protocol",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:drop"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:pass"], match: { protocols: ["tcp"], destinationPorts: clsPorts } }])])],
    cls: [...OPEN, 'stateless rule 1 of rule group "sl" was read as letting through all it might'],
  },
  {
    name: "a pass from a variable with an unreadable definition is read as passing everything",
    resources: [
      ...edge(),
      ...firewall({ ...stateful("sf"), ...strict, statefulDefaultActions: ["aws:drop_strict"] }, [
        suricata("sf", "pass tcp $PARTNERS any -> any 50000:59999 (sid:1;)", { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" }, ruleVariables: { ipSets: [{ key: "PARTNERS", ipSet: { definitions: ["10.0.0.0/8", "partners.example.com"] } }] } }),
      ]),
    ],
    cls: [...OPEN, "variable $PARTNERS has a definition that cannot be read"],
  },
  {
    name: "stateless default aws:drop keeps it out, as an implicit deny",
    resources: [...edge(), ...firewall({ ...stateless(), statelessDefaultActions: ["aws:drop"] }, [statelessGroup("sl", [{ priority: 1, actions: ["aws:pass"], match: { protocols: [6], destinationPorts: [{ fromPort: 443, toPort: 443 }] } }])])],
    cls: [],
    robust: ['only by the stateless default action (aws:drop) of firewall policy "fw-policy"'],
  },
  {
    name: "strict order: the group with the lower priority number decides",
    preview: ["which stateful rule group firewall policy \"fw-policy\" references at which priority is not known"],
    resources: [
      ...edge(),
      ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("allow-media"), priority: 2 }, { resourceArn: ref("drop-cls"), priority: 1 }], ...strict }, [
        suricata("allow-media", "pass tcp any any -> any 50000:59999 (sid:2;)", { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } }),
        suricata("drop-cls", DROP_CLS, { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } }),
      ]),
    ],
    cls: [],
  },
  {
    name: "strict order: a pass group first keeps it open",
    preview: ["which stateful rule group firewall policy \"fw-policy\" references at which priority is not known"],
    resources: [
      ...edge(),
      ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("allow-media"), priority: 1 }, { resourceArn: ref("drop-cls"), priority: 2 }], ...strict }, [
        suricata("allow-media", "pass tcp any any -> any 50000:59999 (sid:2;)", { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } }),
        suricata("drop-cls", DROP_CLS, { statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } }),
      ]),
    ],
    cls: OPEN,
  },
  {
    name: "a firewall whose policy is not in the stack",
    resources: [...edge(), res(T.firewall, "edge-fw", { vpcId: ref("vpc"), firewallPolicyArn: "arn:aws:network-firewall:eu-west-1:1:firewall-policy/elsewhere" })],
    cls: [...OPEN, 'the policy of firewall "edge-fw" is not in this stack'],
  },
  {
    name: "a firewall in another VPC",
    resources: [...edge(), res(T.vpc, "other-vpc", { cidrBlock: "10.1.0.0/16" }), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]).map((r) => (r.type === T.firewall ? { ...r, props: { ...r.props, vpcId: ref("other-vpc") } } : r))],
    cls: OPEN,
  },
];

/** The same firewall dropping the CLS ports, credited only where the routes put it on the internet's path. */
const DROPPING = [suricata("sf", DROP_CLS)];
const routed = (routes: Routes, sources?: Record<string, unknown>, groups = DROPPING) => [...edge(sources), ...firewall(stateful("sf"), groups, routes)];
/** AWS's default HOME_NET is the VPC's (IPv4) CIDR: a drop for a dual-stack Edge names every destination. */
const DROPPING_ANY_FAMILY = [suricata("sf", "drop tcp any any -> any 50001:50003 (sid:1;)")];
const NOT_ON_PATH = 'firewall "edge-fw" drops TCP 50001-50003, but the internet\'s traffic to Instance "edge-1" in Subnet "edge-public" does not pass through it';
/** A dual-stack Edge routed through the firewall both ways, in both families, behind one drop rule. */
const dualStackBehind = (group: TestResource, policy: Record<string, unknown>) => [...edge(DUAL_STACK), ...firewall(policy, [group], { ipv6: "endpoint" })];
const missedFamily = (rule: string, family: string) => `rule ${rule} of rule group "sf" drops no ${family} traffic to the host: its destinations hold none of the host's ${family} addresses`;
const statelessDrop = (...destinations: string[]) =>
  dualStackBehind(statelessGroup("sf", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinations: destinations.map((addressDefinition) => ({ addressDefinition })), destinationPorts: clsPorts } }]), { ...stateless("sf"), statelessDefaultActions: ["aws:pass"] });
const statefulDrop = (destination: string) => dualStackBehind(suricata("sf", `drop tcp any any -> ${destination} 50001:50003 (sid:1;)`), stateful("sf"));
/** A packet matches a rule only if its destination is among the rule's: one family's destinations never drop the other's packets. */
const familyRows: Row[] = [
  { name: "dual stack: a stateful drop to the subnet's IPv4 block leaves IPv6 open", resources: statefulDrop("10.0.1.0/24"), cls: ["lets TCP 50001-50003 in from ::/0.", missedFamily("sid 1 (drop)", "IPv6")] },
  { name: "dual stack: a stateful drop to every IPv4 address leaves IPv6 open", resources: statefulDrop("0.0.0.0/0"), cls: ["lets TCP 50001-50003 in from ::/0.", missedFamily("sid 1 (drop)", "IPv6")] },
  { name: "dual stack: a stateful drop to every IPv6 address leaves IPv4 open", resources: statefulDrop("::/0"), cls: ["lets TCP 50001-50003 in from 0.0.0.0/0.", missedFamily("sid 1 (drop)", "IPv4")] },
  { name: "dual stack: a stateful drop to both of the subnet's blocks", resources: statefulDrop("[10.0.1.0/24,2600:1f18:0:1::/64]"), cls: [] },
  { name: "dual stack: a stateless drop to the subnet's IPv4 block leaves IPv6 open", resources: statelessDrop("10.0.1.0/24"), cls: ["lets TCP 50001-50003 in from ::/0.", missedFamily("1", "IPv6").replace("rule 1", "stateless rule 1")] },
  { name: "dual stack: a stateless drop to every IPv4 address leaves IPv6 open", resources: statelessDrop("0.0.0.0/0"), cls: ["lets TCP 50001-50003 in from ::/0.", missedFamily("1", "IPv6").replace("rule 1", "stateless rule 1")] },
  { name: "dual stack: a stateless drop to both of the subnet's blocks", resources: statelessDrop("10.0.1.0/24", "2600:1f18:0:1::/64"), cls: [] },
];
const inFirewallSubnet = (resources: TestResource[]) => resources.map((r) => (r.name === "edge-1" ? { ...r, props: { ...r.props, subnetId: ref("fw-subnet") } } : r));
const withAddress = (resources: TestResource[]) => [...resources, res(T.eip, "edge-1-eip", { domain: "vpc", instance: ref("edge-1"), networkInterface: "" })];

rows.push(
  { name: "routing: through the firewall's endpoint both ways", resources: routed({}), cls: [], robust: [] },
  {
    name: "routing: no edge route table, so the traffic bypasses the firewall",
    resources: routed({ edge: "no-edge-table" }),
    cls: [...OPEN, NOT_ON_PATH, 'internet gateway "igw" has no edge route table (no RouteTableAssociation with its gatewayId), so 10.0.1.0/24 follows the local route'],
  },
  {
    name: "routing: the edge route sends another subnet through the firewall",
    resources: routed({ edge: "other-subnet" }),
    cls: [...OPEN, NOT_ON_PATH, 'internet gateway "igw" has no edge route sending 10.0.1.0/24 to the firewall\'s endpoint (edge route table "edge-rt")'],
  },
  {
    name: "routing: an endpoint in another zone still inspects, with a note (its zone is known at the update)",
    resources: routed({ endpointZone: "eu-west-1b" }),
    cls: [],
    robust: ["is inspected by the firewall's endpoint in eu-west-1b", "loses that zone's resilience"],
    robustAtPreview: [],
  },
  { name: "routing: the way back skips the endpoint: credited, asymmetric", resources: routed({ back: "igw" }), cls: [], robust: ['routing is asymmetric: Subnet "edge-public"\'s route back to the internet does not pass firewall "edge-fw" (route table "edge-public-rt")'] },
  {
    name: "routing: a Gateway Load Balancer endpoint cannot be read from the stack",
    resources: routed({ edge: "gwlb" }),
    cls: [...OPEN, "sends 10.0.1.0/24 to VPC endpoint vpce-0gwlb, which is no endpoint of a firewall in this stack (a Gateway Load Balancer endpoint's appliances cannot be read from the stack)"],
  },
  {
    name: "routing: a transit gateway cannot be followed, so reachability is not known",
    resources: withAddress(routed({ edge: "no-edge-table", back: "tgw" })),
    cls: [...OPEN, NOT_ON_PATH, "Reachability from the internet cannot be told", "sends IPv4 internet traffic to transit gateway tgw-0central, which the stack cannot follow"],
  },
  { name: "routing: a host in the firewall's own subnet is not inspected", resources: inFirewallSubnet(routed({})), cls: [...OPEN, 'Subnet "fw-subnet" is one of the firewall\'s own subnets, whose traffic it does not inspect'] },
  {
    name: "routing: IPv4 goes through the firewall, IPv6 straight in",
    resources: routed({}, DUAL_STACK, DROPPING_ANY_FAMILY),
    cls: ["lets TCP 50001-50003 in from ::/0", NOT_ON_PATH, "has no edge route sending 2600:1f18:0:1::/64 to the firewall's endpoint"],
  },
  { name: "routing: IPv6 through the firewall too", resources: routed({ ipv6: "endpoint" }, DUAL_STACK, DROPPING_ANY_FAMILY), cls: [] },
  {
    name: "IPv6 through the firewall, but the default HOME_NET (the VPC's IPv4 CIDR) holds no IPv6 address",
    resources: routed({ ipv6: "endpoint" }, DUAL_STACK),
    cls: ["lets TCP 50001-50003 in from ::/0.", missedFamily("sid 1 (drop)", "IPv6")],
  },
  ...familyRows,
  {
    name: "reachable now: an Elastic IP and a route to the gateway",
    resources: withAddress(routed({ edge: "no-edge-table", back: "igw" })),
    cls: [...OPEN, 'Reachable now: Instance "edge-1" in Subnet "edge-public": Instance "edge-1" has a public IPv4 address and Subnet "edge-public"\'s route table sends IPv4 internet traffic to internet gateway "igw"'],
  },
  {
    name: "reachable now through the firewall's endpoint, which lets the media range in",
    resources: withAddress([...edge(), ...firewall(stateful("sf"), [suricata("sf", "pass tcp any any -> any any (sid:1;)")])]),
    cls: [...OPEN, "has a public IPv4 address and Subnet \"edge-public\"'s route table sends IPv4 internet traffic through", "whose subnet routes it to the internet gateway"],
  },
  {
    name: "not reachable now: no public address, yet the opening counts",
    resources: routed({ edge: "no-edge-table", back: "igw" }),
    cls: [...OPEN, 'Not reachable from the internet as the stack stands: Instance "edge-1" in Subnet "edge-public": Instance "edge-1" has no public IPv4 address; no public IPv6 address', "The opening still counts"],
  },
);

/**
 * Load balancers (ELB user guides): the traffic enters at the balancer's nodes in the balancer's
 * subnets, so their edge routes decide whether the firewall sees it, on the listener's port; only a
 * network balancer that keeps the client's address leaves the host subnet's NACL judging the client.
 */
const THROUGH_LB = 'the internet\'s traffic to Instance "edge-1" in Subnet "edge-public" through LoadBalancer "edge-lb" does not pass through it';
const NACL_DENY = nacl("edge-nacl", [denyCls(90), allowAll(100)]);
/** A NACL that lets the VPC's own addresses in first, a balancer's among them, and denies the CLS ports to the rest. */
const NACL_VPC_FIRST = nacl("edge-nacl", [allowAll(80, { cidrBlock: "10.0.0.0/16" }), denyCls(90), allowAll(100)]);
const ipTargets = (resources: TestResource[], preserveClientIp: string) =>
  resources.map((r) => {
    if (r.name === "edge-1") return { ...r, props: { ...r.props, privateIp: "10.0.1.10" } };
    if (r.name === "edge-tg") return { ...r, props: { ...r.props, targetType: "ip", preserveClientIp } };
    if (r.name === "edge-1-target") return { ...r, props: { ...r.props, targetId: "10.0.1.10" } };
    return r;
  });
const classic = (listener: Record<string, unknown>): TestResource[] => [
  ...balancer().filter((r) => r.name.startsWith("lb-public")),
  res(LB.classic, "edge-elb", { internal: false, subnets: [ref("lb-public")], instances: [ref("edge-1")], securityGroups: [], listeners: [{ sslCertificateId: "", ...listener }] }),
];
rows.push(
  {
    name: "balancer: an NLB in an uninspected subnet forwards 50001 around the firewall that guards the host",
    resources: [...routed({}), ...balancer()],
    cls: ["lets TCP 50001 in from 0.0.0.0/0", `firewall "edge-fw" drops TCP 50001, but ${THROUGH_LB}`, 'nodes in Subnet "lb-public": internet gateway "igw" has no edge route sending 10.0.3.0/24 to the firewall\'s endpoint', 'Reachable now: Instance "edge-1" in Subnet "edge-public" through LoadBalancer "edge-lb": LoadBalancer "edge-lb" forwards through Listener "edge-listener" (port 50001) to port 50001'],
  },
  {
    name: "balancer: the NLB's subnet routed through the firewall too, listener port = host port: credited on the balancer's path",
    resources: [...routed({}), ...balancer({ inspected: true })],
    cls: [],
    robust: ['routing is asymmetric: Subnet "lb-public"\'s route back to the internet does not pass firewall "edge-fw"'],
  },
  {
    name: "balancer: an ALB forwarding 443 to 50001 goes around the firewall (it sees port 443); the host's NACL judges the balancer's address, and allows it",
    resources: [...routed({}), NACL_VPC_FIRST, ...balancer({ type: "application", listenerPort: 443, inspected: true })],
    cls: [
      "lets TCP 50001 in from 0.0.0.0/0",
      `but ${THROUGH_LB}: the firewall sees the internet's connection to LoadBalancer "edge-lb" on its listener's port 443, not the host's port 50001`,
      'on the path through LoadBalancer "edge-lb", NACL "edge-nacl" judges the balancer\'s private address instead: an application load balancer ends the client\'s connection',
      "Reachable now",
    ],
  },
  {
    name: "balancer: an ALB forwarding 443 to 50001, the host's NACL denying the CLS ports from every address, the balancer's too",
    resources: [...routed({}), NACL_DENY, ...balancer({ type: "application", listenerPort: 443, inspected: true })],
    cls: [],
  },
  {
    name: "balancer: an NLB forwarding only 443 changes neither the verdict nor the reachability",
    resources: [...routed({ edge: "no-edge-table", back: "igw" }), ...balancer({ listenerPort: 443, groupPort: 443 })],
    cls: [...OPEN, 'Not reachable from the internet as the stack stands: Instance "edge-1" in Subnet "edge-public": Instance "edge-1" has no public IPv4 address'],
  },
  {
    name: "balancer: an internal NLB leaves the host not reachable",
    resources: [...routed({ edge: "no-edge-table", back: "igw" }), ...balancer({ internal: true })],
    cls: [...OPEN, 'Not reachable from the internet as the stack stands: Instance "edge-1" in Subnet "edge-public": Instance "edge-1" has no public IPv4 address'],
  },
  { name: "balancer: an NLB keeps the client's address for instance targets, so the host subnet's NACL judges it", resources: [...routed({ edge: "no-edge-table" }), NACL_DENY, ...balancer()], cls: [] },
  {
    name: "balancer: a dual-stack NLB keeps only IPv4 clients' addresses for IPv4 targets: IPv6 clients come in as its IPv4 address, which the NACL allows",
    resources: [...routed({ edge: "no-edge-table" }, DUAL_STACK), NACL_VPC_FIRST, ...balancer({ ipAddressType: "dualstack" })],
    cls: ['lets TCP 50001 in from 0.0.0.0/0 (which holds the address LoadBalancer "edge-lb" connects from, so every internet client it forwards gets in)', 'NACL "edge-nacl" judges the balancer\'s private address instead of IPv6 clients: the network balancer\'s targets take IPv4 addresses'],
  },
  { name: "balancer: a dual-stack NLB's IPv6 clients come in as its IPv4 address, which the NACL denies", resources: [...routed({ edge: "no-edge-table" }, DUAL_STACK), NACL_DENY, ...balancer({ ipAddressType: "dualstack" })], cls: [] },
  {
    name: "balancer: an NLB to ip targets without client IP preservation: the NACL judges the balancer's address",
    resources: ipTargets([...routed({ edge: "no-edge-table" }), NACL_VPC_FIRST, ...balancer()], "false"),
    cls: ["lets TCP 50001 in from 0.0.0.0/0", 'NACL "edge-nacl" judges the balancer\'s private address instead: the network balancer\'s target group does not preserve client IP addresses'],
  },
  {
    name: "balancer: an NLB in the host's own subnet: its nodes reach the host without crossing the NACL",
    resources: [...routed({ edge: "no-edge-table" }), NACL_DENY, ...balancer().map((r) => (r.name === "edge-lb" ? { ...r, props: { ...r.props, subnets: [ref("edge-public")], subnetMappings: [] } } : r))],
    cls: ["lets TCP 50001 in from 0.0.0.0/0", 'NACL "edge-nacl" earned no credit on the path through LoadBalancer "edge-lb": the balancer has a node in Subnet "edge-public" itself'],
  },
  {
    name: "balancer: a classic ELB forwarding 443 to 50001 reaches the host around the firewall, and through a NACL allowing the VPC first",
    resources: [...routed({}), NACL_VPC_FIRST, ...classic({ lbPort: 443, lbProtocol: "tcp", instancePort: 50001, instanceProtocol: "tcp" })],
    cls: ["lets TCP 50001 in from 0.0.0.0/0", 'through LoadBalancer "edge-elb" does not pass through it', 'NACL "edge-nacl" judges the balancer\'s private address instead: a classic load balancer', 'forwards through listeners[0] (port 443) to port 50001'],
  },
);

/** The Edge's group admitting only the VPC's block, or only the balancer's own group: no internet address of its own. */
const VPC_ONLY = { cidrBlocks: ["10.0.0.0/16"] };
const HOST_SUBNET_ONLY = { cidrBlocks: ["10.0.1.0/24"] };
const THROUGH_ITS_ADDRESS = 'lets TCP 50001 in from 10.0.0.0/16 (which holds the address LoadBalancer "edge-lb" connects from, so every internet client it forwards gets in)';
const ALB_443 = { type: "application", listenerPort: 443 } as const;
const GROUPS_UNKNOWN = `securityGroups[0] is not known until the resources it depends on exist (LoadBalancer "edge-lb"), so a group the rule admits may be the balancer's`;
/** The balancer in a group of its own, admitting its listener's port from `clients`. */
const balancerGroup = (resources: TestResource[], port = 443, clients = ["0.0.0.0/0"]) => [
  res(SG, "lb-sg", { vpcId: ref("vpc"), ingress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: clients }] }),
  ...resources.map((r) => (r.name === "edge-lb" ? { ...r, props: { ...r.props, securityGroups: [ref("lb-sg")] } } : r)),
];
rows.push(
  {
    name: "balancer: an ALB forwarding 443 to 50001, the host's group admitting only the VPC's block: the balancer connects from it, so every client gets in",
    resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer(ALB_443)],
    cls: [THROUGH_ITS_ADDRESS, 'Reachable now: Instance "edge-1" in Subnet "edge-public" through LoadBalancer "edge-lb"'],
    media: ['lets TCP 50001 in from 10.0.0.0/16 (which holds the address LoadBalancer "edge-lb" connects from'],
  },
  { name: "balancer: an ALB, the host's group admitting only the host's own subnet: the balancer's address is not in it", resources: [...routed({ edge: "no-edge-table" }, HOST_SUBNET_ONLY), ...balancer(ALB_443)], cls: [] },
  { name: "balancer: an internal ALB, the host's group admitting the VPC's block: no way in", resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer({ ...ALB_443, internal: true })], cls: [] },
  {
    name: "balancer: an internal ALB that an internet-facing NLB forwards to (an alb target group): a way in",
    resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer({ ...ALB_443, internal: true }), res(LB.attachment, "front", { targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/front/1", targetId: ref("edge-lb"), port: 443, availabilityZone: "" })],
    cls: [THROUGH_ITS_ADDRESS, 'LoadBalancer "edge-lb" is internal, but TargetGroupAttachment "front" sends it traffic, which may come from the internet'],
  },
  {
    name: "balancer: an internal ALB that a Global Accelerator endpoint group names: a way in",
    resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer({ ...ALB_443, internal: true }), res("aws:globalaccelerator/endpointGroup:EndpointGroup", "ga-endpoints", { listenerArn: "arn:aws:globalaccelerator::1:accelerator/a/listener/l", endpointConfigurations: [{ endpointId: ref("edge-lb"), weight: 100, clientIpPreservationEnabled: true }] })],
    cls: [THROUGH_ITS_ADDRESS, 'LoadBalancer "edge-lb" is internal, but EndpointGroup "ga-endpoints" sends it traffic, which may come from the internet'],
  },
  {
    name: "balancer: a fronted internal ALB whose subnets' edge routes pass a firewall: the front's traffic does not cross the gateway, so the firewall earns nothing",
    resources: [
      ...routed({}, VPC_ONLY),
      ...balancer({ type: "application", listenerPort: 50001, internal: true, inspected: true }),
      res("aws:globalaccelerator/endpointGroup:EndpointGroup", "ga-endpoints", { listenerArn: "arn:aws:globalaccelerator::1:accelerator/a/listener/l", endpointConfigurations: [{ endpointId: ref("edge-lb"), weight: 100, clientIpPreservationEnabled: true }] }),
    ],
    cls: [THROUGH_ITS_ADDRESS, "no firewall on its subnets' edge routes was credited", 'Reachability from the internet cannot be told', 'LoadBalancer "edge-lb" is internal and is reached through EndpointGroup "ga-endpoints"'],
  },
  {
    name: "balancer: an ALB in a group of its own, which the host's group admits: every client gets in",
    resources: balancerGroup([...routed({ edge: "no-edge-table" }, { securityGroups: [ref("lb-sg")] }), ...balancer(ALB_443)]),
    cls: ['lets TCP 50001 in from security group lb-sg-id (a group of LoadBalancer "edge-lb", so every'],
    preview: ["lets TCP 50001 in from a security group (id unknown at preview) (a group of", "Cannot verify at preview (it will be checked on update): ingress[0].securityGroups[0] is not known"],
  },
  {
    name: "balancer: an ALB in a group of its own, the host's group admitting another group: nothing gets in (at preview the balancer's group may be that one)",
    resources: balancerGroup([...routed({ edge: "no-edge-table" }, { securityGroups: ["sg-office"] }), ...balancer(ALB_443)]),
    cls: [],
    preview: ["lets TCP 50001 in from security group sg-office (a group of", GROUPS_UNKNOWN],
  },
  { name: "balancer: an NLB keeping the client's address (instance targets), the host's group admitting only the VPC's block: no client is admitted", resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer()], cls: [] },
  {
    name: "balancer: an ALB whose group admits its listener only from a partner block: only those clients get in",
    resources: balancerGroup([...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer(ALB_443)], 443, ["198.51.100.0/24"]),
    cls: ['lets TCP 50001 in from 10.0.0.0/16 (which holds the address LoadBalancer "edge-lb" connects from', 'Upstream: the implicit deny of the security groups of LoadBalancer "edge-lb" (no rule admits the client on listener port 443) stops TCP 50001'],
  },
  { name: "balancer: an ALB whose group admits another port only: no client reaches its listener", resources: balancerGroup([...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer(ALB_443)], 80), cls: [] },
  {
    name: "balancer: an ALB in a group outside the stack: it earns no credit",
    resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer(ALB_443).map((r) => (r.name === "edge-lb" ? { ...r, props: { ...r.props, securityGroups: ["sg-0elsewhere"] } } : r))],
    cls: [THROUGH_ITS_ADDRESS, 'the security groups of LoadBalancer "edge-lb" earned no credit: its security group sg-0elsewhere is not in this stack'],
  },
  {
    name: "balancer: an NLB keeping the client's address, in a group of its own that the host's group admits: every client gets in (targets accept its group's traffic)",
    resources: balancerGroup([...routed({ edge: "no-edge-table" }, { securityGroups: [ref("lb-sg")] }), ...balancer({ listenerPort: 443 })]),
    cls: ['lets TCP 50001 in from security group lb-sg-id (a group of LoadBalancer "edge-lb", so every internet client it forwards gets in)'],
    preview: ["lets TCP 50001 in from a security group (id unknown at preview)", "Cannot verify at preview (it will be checked on update): ingress[0].securityGroups[0] is not known"],
  },
  {
    name: "balancer: an NLB to ip targets without preservation, the host's group admitting only the VPC's block: every client gets in",
    resources: ipTargets([...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer()], "false"),
    cls: [THROUGH_ITS_ADDRESS],
  },
  {
    name: "balancer: a classic ELB, the host's group admitting only the VPC's block: every client gets in",
    resources: [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...classic({ lbPort: 443, lbProtocol: "tcp", instancePort: 50001, instanceProtocol: "tcp" })],
    cls: ['lets TCP 50001 in from 10.0.0.0/16 (which holds the address LoadBalancer "edge-elb" connects from'],
  },
);

/** What a value unknown at preview leaves open: the verdict waits for the update, never a pass. */
const WAITS = (at: string) => [`Cannot verify at preview (it will be checked on update): ${at} is not known until the resources it depends on exist`];
const RULES = "ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules";
/** A value the program computes from another resource: known at the update, unknown at preview. */
const computed = (value: unknown) => ref("params", value);
/** The Edge's group opening UDP too, and the gateway's edge route table replaced. */
const withUdp = (resources: TestResource[]) =>
  resources.map((r) => (r.name === "edge-av" ? { ...r, props: { ...r.props, ingress: [...(r.props.ingress as unknown[]), { protocol: "udp", fromPort: 50000, toPort: 59999, cidrBlocks: ["0.0.0.0/0"] }] } } : r));
const edgeRoutes = (resources: TestResource[], routes: Record<string, unknown>[]) => resources.map((r) => (r.name === "edge-rt" ? { ...r, props: { ...r.props, routes } } : r));
const DROP_MEDIA = [suricata("sf", "drop ip any any -> any 50000:59999 (sid:1;)")];
rows.push(
  {
    // "Network Firewall silently drops packet fragments for other protocols" (Firewall policy settings).
    name: "the fragment default aws:pass lets UDP in as fragments, around the stateful drop; TCP stays dropped",
    resources: withUdp([...edge(), ...firewall({ ...stateful("sf"), statelessFragmentDefaultActions: ["aws:pass"] }, DROP_MEDIA)]),
    cls: [],
    media: ["lets UDP 50000-59999 in", 'firewall policy "fw-policy" passes UDP packet fragments that no stateless rule matches'],
  },
  {
    name: "a group that sets HOME_NET but not EXTERNAL_NET takes the policy's EXTERNAL_NET, the negation of the policy's HOME_NET",
    resources: [
      ...edge(),
      ...firewall({ ...stateful("sf"), policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.0.0/16", "203.0.113.0/24"] } }] } }, [
        suricata("sf", DROP_CLS, { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.1.0/24"] } }] } }),
      ]),
    ],
    cls: OPEN,
  },
  {
    name: "an inline edge route to an appliance beside one to the firewall: at preview the shared dependencies do not tell which goes where",
    resources: [
      ...edgeRoutes(routed({}), [
        { cidrBlock: "10.0.2.0/24", vpcEndpointId: ref("edge-fw", "vpce-edge-fw"), gatewayId: "", networkInterfaceId: "" },
        { cidrBlock: "10.0.1.0/24", networkInterfaceId: ref("appliance-eni"), gatewayId: "", vpcEndpointId: "" },
      ]),
      res(T.eni, "appliance-eni", { subnetId: ref("fw-subnet"), sourceDestCheck: false }),
    ],
    cls: [...OPEN, NOT_ON_PATH],
    preview: ['the target of the route for 10.0.1.0/24 in edge route table "edge-rt" of internet gateway "igw" is not known at preview, and its dependencies do not name one firewall alone'],
  },
  {
    name: "a VPC with a secondary CIDR block: which blocks the default HOME_NET holds is not documented, so a drop to it earns no credit",
    resources: [...edge(), res("aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation", "vpc-secondary", { vpcId: ref("vpc"), cidrBlock: "10.1.0.0/16" }), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)])],
    cls: [...OPEN, 'HOME_NET of rule group "sf" is not known (Vpc "vpc" has more blocks than its primary IPv4 one (VpcIpv4CidrBlockAssociation "vpc-secondary")'],
  },
  {
    name: "a VPC whose IPv6 block comes from an IPAM pool (its block known only after the update): the default HOME_NET is not known",
    resources: [
      ...edge(DUAL_STACK).map((r) => (r.name === "vpc" ? { ...r, props: { ...r.props, ipv6IpamPoolId: "ipam-pool-0abc", ipv6NetmaskLength: 56 } } : r)),
      ...firewall(stateful("sf"), [suricata("sf", "pass tcp any any -> $HOME_NET 50001:50003 (sid:1;)\ndrop tcp any any -> any 50001:50003 (sid:2;)")], { ipv6: "endpoint" }),
    ],
    cls: ["lets TCP 50001-50003 in from 0.0.0.0/0, ::/0", 'HOME_NET of rule group "sf" is not known (Vpc "vpc" has more blocks than its primary IPv4 one (an IPv6 block)'],
  },
  {
    name: "a dual-stack VPC: whether the default HOME_NET holds its IPv6 block is not documented, so a pass to it may pass IPv6",
    resources: [
      ...edge(DUAL_STACK).map((r) => (r.name === "vpc" ? { ...r, props: { ...r.props, ipv6CidrBlock: "2600:1f18::/56", assignGeneratedIpv6CidrBlock: true } } : r)),
      ...firewall(stateful("sf"), [suricata("sf", "pass tcp any any -> $HOME_NET 50001:50003 (sid:1;)\ndrop tcp any any -> any 50001:50003 (sid:2;)")], { ipv6: "endpoint" }),
    ],
    cls: ["lets TCP 50001-50003 in from 0.0.0.0/0, ::/0", 'HOME_NET of rule group "sf" is not known (Vpc "vpc" has more blocks than its primary IPv4 one (an IPv6 block)'],
  },
  {
    name: "a stateless rule's priority known only at the update: the pass-all may come first",
    resources: [...edge(), ...firewall(stateless(), [statelessGroup("sl", [{ priority: 1, actions: ["aws:pass"], match: {} }, { priority: computed(5) as unknown as number, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts } }])])],
    cls: OPEN,
    preview: WAITS(RULES),
  },
  {
    name: "a stateless group's priority known only at the update: the pass-all group may come first",
    resources: [
      ...edge(),
      ...firewall({ statelessRuleGroupReferences: [{ priority: computed(20), resourceArn: ref("sl-drop") }, { priority: 10, resourceArn: ref("sl-pass") }] }, [
        statelessGroup("sl-drop", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts } }]),
        statelessGroup("sl-pass", [{ priority: 1, actions: ["aws:pass"], match: {} }]),
      ]),
    ],
    cls: OPEN,
    preview: WAITS("firewallPolicy.statelessRuleGroupReferences[0].priority"),
  },
  {
    name: "a stateful group's rules known only at the update: its pass may win in default action order",
    resources: [...edge(), ...firewall(stateful("sf-pass", "sf"), [suricata("sf-pass", computed("pass tcp any any -> any any (sid:2;)") as unknown as string), suricata("sf", DROP_CLS)])],
    cls: OPEN,
    preview: WAITS("ruleGroup.rulesSource.rulesString"),
  },
  {
    name: "a stateless group's rules known only at the update: a pass-all may skip the stateful drop",
    resources: [
      ...edge(),
      ...firewall({ ...stateless("sl-pass"), ...stateful("sf") }, [
        res(T.ruleGroup, "sl-pass", { type: "STATELESS", capacity: 10, ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: computed([{ priority: 1, ruleDefinition: { actions: ["aws:pass"], matchAttributes: {} } }]) } } } }),
        suricata("sf", DROP_CLS),
      ]),
    ],
    cls: OPEN,
    preview: WAITS(RULES),
  },
  {
    name: "DROP_TO_ALERT known only at the update: the drop may only alert",
    resources: [...edge(), ...firewall({ statefulRuleGroupReferences: [{ resourceArn: ref("sf"), override: { action: computed("DROP_TO_ALERT") } }] }, [suricata("sf", DROP_CLS)])],
    cls: OPEN,
    preview: WAITS("firewallPolicy.statefulRuleGroupReferences[0].override.action"),
  },
);

describe.each(["update", "preview"] as const)("AWS Network Firewall (%s)", (mode) => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const diagnostics = await runPack(materialise(row.resources, mode));
    const cls = diagnostics.filter((d) => d.policy === "cls-ports-closed");
    if (mode === "preview" && row.preview) {
      expect(cls.map((d) => d.level)).toEqual(["advisory"]);
      for (const fragment of row.preview) expect(cls[0].message).toContain(fragment);
      return;
    }
    expect(cls.map((d) => d.level)).toEqual(row.cls.length ? ["mandatory"] : []);
    for (const fragment of row.cls) expect(cls[0].message).toContain(fragment);
    if (row.media) {
      const media = diagnostics.filter((d) => d.policy === "media-range-inbound-justified");
      expect(media.map((d) => d.level)).toEqual(["advisory"]);
      for (const fragment of row.media) expect(media[0].message).toContain(fragment);
    }
    const expectedRobust = mode === "preview" && row.robustAtPreview ? row.robustAtPreview : row.robust;
    if (expectedRobust) {
      const robust = diagnostics.filter((d) => d.policy === "cls-deny-explicit");
      expect(robust.map((d) => d.level)).toEqual(expectedRobust.length ? ["advisory"] : []);
      for (const fragment of expectedRobust) expect(robust[0].message).toContain(fragment);
    }
  });
});

test("preview: two stateless groups of unknown ARNs leave their order a doubt, reported as unverified", async () => {
  const groups = [
    statelessGroup("sl-a", [{ priority: 1, actions: ["aws:drop"], match: { protocols: [6], destinationPorts: clsPorts } }]),
    statelessGroup("sl-b", [{ priority: 1, actions: ["aws:pass"], match: {} }]),
  ];
  const policy = { statelessRuleGroupReferences: [{ priority: 1, resourceArn: ref("sl-a") }, { priority: 2, resourceArn: ref("sl-b") }] };
  const resources = [...edge(), ...firewall(policy, groups)];
  expect((await runPack(materialise(resources, "update"))).filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
  const preview = (await runPack(materialise(resources, "preview"))).filter((d) => d.policy === "cls-ports-closed");
  expect(preview.map((d) => d.level)).toEqual(["advisory"]);
  expect(preview[0].message).toContain("which stateless rule group firewall policy \"fw-policy\" references at which priority is not known");
});

test.each([
  ["its target group", ["defaultActions", "targetGroupArn"], 'TargetGroupAttachment "edge-1-target" targetGroupArn is not known until the resources it depends on exist, and no dependency names the target group or balancer'],
  ["the attachment's target", ["targetId"], 'the target of TargetGroupAttachment "edge-1-target" is not known at preview and no dependency names it, so it may be Instance "edge-1"'],
])("preview: a balancer whose link to the host through %s cannot be followed is cannot verify, never a pass", async (_name, unlinked, fragment) => {
  const resources = materialise([...edge(), ...firewall(stateful("sf"), DROPPING), ...balancer()], "preview").map((r) =>
    r.name === "edge-listener" || r.name === "edge-1-target" ? { ...r, propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).filter(([k]) => !unlinked.includes(k))) } : r,
  );
  const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["advisory"]);
  expect(cls[0].message).toContain("Cannot verify at preview");
  expect(cls[0].message).toContain(fragment);
});

/** An internal ALB behind the edge, and a front of it whose reference to it carries no dependency at preview. */
describe("preview: a front whose target is not known yet and that no dependency links may front any internal balancer", () => {
  const GA = "aws:globalaccelerator/endpointGroup:EndpointGroup";
  const internalAlb = () => [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...balancer({ ...ALB_443, internal: true })];
  const unlinked = (resources: TestResource[], name: string, key: string) =>
    materialise(resources, "preview").map((r) => (r.name === name ? { ...r, propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).filter(([k]) => k !== key)) } : r));
  test.each<[string, TestResource, string, string, string[]]>([
    ["a Global Accelerator endpoint group", res(GA, "ga-endpoints", { listenerArn: "arn:aws:globalaccelerator::1:accelerator/a/listener/l", endpointConfigurations: [{ endpointId: ref("edge-lb"), weight: 100 }] }), "ga-endpoints", "endpointConfigurations", ['where EndpointGroup "ga-endpoints" sends traffic is not known at preview and no dependency names it, so it may be LoadBalancer "edge-lb"', 'EndpointGroup "ga-endpoints" may send it traffic']],
    ["a CloudFront VPC origin", res("aws:cloudfront/vpcOrigin:VpcOrigin", "origin", { vpcOriginEndpointConfig: { arn: ref("edge-lb"), name: "edge", httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only" } }), "origin", "vpcOriginEndpointConfig", ['where VpcOrigin "origin" sends traffic is not known at preview']],
    ["an attachment to a target group outside the stack", res(LB.attachment, "front", { targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/front/1", targetId: ref("edge-lb"), port: 443, availabilityZone: "" }), "front", "targetId", ['where TargetGroupAttachment "front" sends traffic is not known at preview']],
  ])("%s: cannot verify, never a pass", async (_name, front, name, key, fragments) => {
    const cls = (await runPack(unlinked([...internalAlb(), front], name, key))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["advisory"]);
    for (const fragment of ["Cannot verify at preview", 'in Subnet "edge-public" through LoadBalancer "edge-lb"', ...fragments]) expect(cls[0].message).toContain(fragment);
  });

  test("an attachment to an alb target group of the stack: cannot verify", async () => {
    const front = [res(LB.targetGroup, "alb-tg", { port: 443, protocol: "TCP", targetType: "alb", vpcId: ref("vpc"), loadBalancerArns: [] }), res(LB.attachment, "stray", { targetGroupArn: ref("alb-tg"), targetId: ref("edge-lb"), port: 443, availabilityZone: "" })];
    const cls = (await runPack(unlinked([...internalAlb(), ...front], "stray", "targetId"))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["advisory"]);
    expect(cls[0].message).toContain('where TargetGroupAttachment "stray" sends traffic is not known at preview');
  });

  const GA_LISTENER = "arn:aws:globalaccelerator::1:accelerator/a/listener/l";
  test.each<[string, TestResource[], string, string, TestResource[]]>([
    ["an attachment to an instance target group of the stack", [], "stray", "targetId", [res(LB.attachment, "stray", { targetGroupArn: ref("edge-tg"), targetId: ref("edge-2"), port: 0, availabilityZone: "" })]],
    [
      "an attachment to an alb target group, before an internal network balancer that hands on its own address (an alb group registers application balancers only)",
      balancer({ internal: true }).map((r) => (r.name === "edge-tg" ? { ...r, props: { ...r.props, preserveClientIp: "false" } } : r)),
      "stray",
      "targetId",
      [res(LB.targetGroup, "alb-tg", { port: 443, protocol: "TCP", targetType: "alb", vpcId: ref("vpc"), loadBalancerArns: [] }), res(LB.attachment, "stray", { targetGroupArn: ref("alb-tg"), targetId: ref("other-alb"), port: 443, availabilityZone: "" })],
    ],
    ["an endpoint group naming an address literally, only its weight unknown", [], "ga", "endpointConfigurations", [res(GA, "ga", { listenerArn: GA_LISTENER, endpointConfigurations: [{ endpointId: "eipalloc-0123", weight: ref("w", 100) }] }), res("random:index/randomInteger:RandomInteger", "w", {})]],
    [
      "a VPC origin naming another balancer literally, only its name unknown",
      [],
      "origin",
      "vpcOriginEndpointConfig",
      [res("aws:cloudfront/vpcOrigin:VpcOrigin", "origin", { vpcOriginEndpointConfig: { arn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/other/1", name: ref("namer", "x"), httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only" } }), res("random:index/randomPet:RandomPet", "namer", {})],
    ],
    ["an endpoint group whose unknown target a dependency names, and it is no balancer", [], "", "", [res(GA, "ga", { listenerArn: GA_LISTENER, endpointConfigurations: [{ endpointId: ref("eip", "eipalloc-0123"), weight: 100 }] }), res(T.eip, "eip", {})]],
  ])("%s: fronts no internal balancer", async (_name, base, name, key, extra) => {
    const stack = base.length > 0 ? [...routed({ edge: "no-edge-table" }, VPC_ONLY), ...base] : internalAlb();
    expect((await runPack(unlinked([...stack, ...extra], name, key))).filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
  });
});

test("preview: a standalone edge route whose endpoint id depends on the firewall and the subnet (picked by zone) links to the firewall", async () => {
  const standalone = [
    ...edgeRoutes(routed({}), []),
    res(T.route, "edge-route", { routeTableId: ref("edge-rt"), destinationCidrBlock: "10.0.1.0/24", destinationIpv6CidrBlock: "", vpcEndpointId: ref("edge-fw", "vpce-edge-fw"), gatewayId: "" }),
  ];
  for (const mode of ["update", "preview"] as const) {
    const resources = materialise(standalone, mode).map((r) => (r.name === "edge-route" && r.propertyDependencies ? { ...r, propertyDependencies: { ...r.propertyDependencies, vpcEndpointId: [...r.propertyDependencies.vpcEndpointId, "edge-public"] } } : r));
    expect((await runPack(resources)).filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
  }
});

test("preview: an endpoint group whose endpoints are not known yet and that no dependency links may name the instance: cannot verify", async () => {
  const resources = materialise([...edge(), ...firewall(stateful("sf"), [suricata("sf", DROP_CLS)]), accelerator()], "preview").map((r) =>
    r.name === "ga-endpoints" ? { ...r, props: { ...r.props, endpointConfigurations: UNKNOWN }, propertyDependencies: {} } : r,
  );
  const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["advisory"]);
  expect(cls[0].message).toContain('the endpoints of EndpointGroup "ga-endpoints" are not known at preview and no dependency names them, so they may include Instance "edge-1"');
});
