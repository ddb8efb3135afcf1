import { parseAddressBlock } from "../../src/model/addresses";
import { Secret, UNKNOWN } from "../../src/model/values";
import { firewallSpec, readFirewallPolicy, readRuleGroup, type HostContext } from "../../src/shapes/aws/networkFirewall";
import type { ResourceView } from "../../src/shapes/resource";
import { addressesText, filterRuleText, trafficText } from "../support/modelText";

/**
 * Network Firewall rule groups and policies read into the filter rules the firewall layer
 * evaluates. Rows give a rule (stateless or stateful) and the rule(s) expected for traffic to the
 * Edge host in 10.0.1.0/24 of VPC 10.0.0.0/16.
 */
const block = (text: string) => parseAddressBlock(text)!;
const EDGE: HostContext = { hostAddresses: block("10.0.1.0/24"), vpcCidr: block("10.0.0.0/16") };
/** The Edge subnet with its IPv6 block too (a dual-stack subnet). */
const EDGE6: HostContext = { ...EDGE, hostAddresses: block("10.0.1.0/24").union(block("2600:1f18:0:1::/64")) };
const view = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${name}`, type, name, props, propertyDependencies: {} });
const group = (name: string, props: Record<string, unknown>) => view("aws:networkfirewall/ruleGroup:RuleGroup", name, props);
const policyView = (props: Record<string, unknown>) => view("aws:networkfirewall/firewallPolicy:FirewallPolicy", "fw-policy", { firewallPolicy: props });

const ALL = "::/0 0.0.0.0/0";
const V4 = "0.0.0.0/0";
const V6 = "::/0";
const box = (protocols: string, ports: string, from = ALL) => `protocols ${protocols} ports ${ports} from ${from}`;
const OTHER_PROTOCOLS = "0-5,7-16,18-255";

function statelessRules(rules: unknown[], host = EDGE, policy: Record<string, unknown> = {}) {
  const p = readFirewallPolicy(policyView({ statelessRuleGroupReferences: [{ priority: 10, resourceArn: "arn:sl" }], ...policy }));
  const g = readRuleGroup(group("sl", { type: "STATELESS", ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: rules } } } }));
  return firewallSpec("fw", p, [{ ref: p.stateless[0], group: g }], [], host, []);
}

const stateless = (priority: unknown, actions: unknown[], matchAttributes: Record<string, unknown>) => ({ priority, ruleDefinition: { actions, matchAttributes } });
const clsPorts = [{ fromPort: 50001, toPort: 50003 }];
const LABEL = 'stateless rule 1 of rule group "sl"';
const unreadable = (label = LABEL) => [`malformed ${label}: ${label} has match attributes that cannot be read`];
const rule = (verdict: string, exact: boolean, traffic: string[], doubts: string[] = [], order = 10 * 65536 + 1, label = LABEL) => ({ order, verdict, exact, label, traffic, doubts });

describe("stateless rules", () => {
  test.each([
    ["a drop of the CLS ports", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: clsPorts }), rule("block", true, [box("6", "50001-50003")])],
    ["no protocols: every protocol, ports only for TCP and UDP", stateless(1, ["aws:pass"], { destinationPorts: clsPorts }), rule("pass", true, [box("6,17", "50001-50003"), box(OTHER_PROTOCOLS, "0-65535")])],
    ["ICMP is matched whatever the ports", stateless(1, ["aws:drop"], { protocols: [1], destinationPorts: clsPorts }), rule("block", true, [box("1", "0-65535")])],
    ["UDP and TCP together", stateless(1, ["aws:drop"], { protocols: [17, 6] }), rule("block", true, [box("6,17", "0-65535")])],
    ["drop wins over pass in one action list", stateless(1, ["aws:pass", "aws:drop"], {}), rule("block", true, [box("6,17", "0-65535"), box(OTHER_PROTOCOLS, "0-65535")])],
    ["pass wins over forward", stateless(1, ["aws:forward_to_sfe", "aws:pass"], { protocols: [6] }), rule("pass", true, [box("6", "0-65535")])],
    ["forward to the stateful engine", stateless(1, ["custom:count", "aws:forward_to_sfe"], { protocols: [6] }), rule("continue", true, [box("6", "0-65535")])],
    [
      "no standard action: read as a pass",
      stateless(1, ["custom:count"], { protocols: [6] }),
      rule("pass", true, [box("6", "0-65535")], [`malformed ${LABEL}: ${LABEL} has no aws:pass, aws:drop or aws:forward_to_sfe action; read as aws:pass`]),
    ],
    ["a source block", stateless(1, ["aws:drop"], { protocols: [6], sources: [{ addressDefinition: "203.0.113.0/24" }, { addressDefinition: "2001:db8::/32" }] }), rule("block", true, [box("6", "0-65535", "2001:db8::/32 203.0.113.0/24")])],
    ["a source that cannot be read", stateless(1, ["aws:drop"], { protocols: [6], sources: [{ addressDefinition: 42 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a destination that cannot be read", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/33" }] }), rule("block", false, [box("6", "0-65535")], unreadable())],
    ["a protocol that is not a number may be any", stateless(1, ["aws:pass"], { protocols: ["6"], destinationPorts: clsPorts }), rule("pass", true, [box("6,17", "50001-50003"), box(OTHER_PROTOCOLS, "0-65535")], unreadable())],
    ["a protocol number beyond 255 may be any", stateless(1, ["aws:pass"], { protocols: [6, 256] }), rule("pass", true, [box("6,17", "0-65535"), box(OTHER_PROTOCOLS, "0-65535")], unreadable())],
    ["a fractional protocol number may be any", stateless(1, ["aws:pass"], { protocols: [6.5] }), rule("pass", true, [box("6,17", "0-65535"), box(OTHER_PROTOCOLS, "0-65535")], unreadable())],
    ["a negative protocol number may be any", stateless(1, ["aws:pass"], { protocols: [-1] }), rule("pass", true, [box("6,17", "0-65535"), box(OTHER_PROTOCOLS, "0-65535")], unreadable())],
    ["protocol 0 and 255", stateless(1, ["aws:pass"], { protocols: [0, 255] }), rule("pass", true, [box("0,255", "0-65535")])],
    ["ports from above to", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50003, toPort: 50001 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a negative port", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: -1, toPort: 50003 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a port beyond 65535", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50001, toPort: 65536 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a port in a string", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50001, toPort: "50003" }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["the edges of the port line", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 0, toPort: 0 }, { fromPort: 65535, toPort: 65535 }] }), rule("block", true, [box("6", "0,65535")])],
    ["one port without toPort", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50002 }] }), rule("block", true, [box("6", "50002")])],
    ["after update: an unset toPort written as 0 is the one port", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50002, toPort: 0 }] }), rule("block", true, [box("6", "50002")])],
    ["after update: port 0 to 0 stays port 0", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 0, toPort: 0 }] }), rule("block", true, [box("6", "0")])],
    ["after update: empty lists are no narrowing", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50001, toPort: 50003 }], sourcePorts: [], tcpFlags: [], sources: [], destinations: [] }), rule("block", true, [box("6", "50001-50003")])],
    ["a destination of the Edge subnet matches only IPv4 packets", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/24" }] }), rule("block", true, [box("6", "0-65535", V4)])],
    ["a destination of part of the Edge subnet", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/25" }] }), rule("block", false, [box("6", "0-65535", V4)])],
    ["source ports narrow the match", stateless(1, ["aws:drop"], { protocols: [6], sourcePorts: [{ fromPort: 1024, toPort: 65535 }] }), rule("block", false, [box("6", "0-65535")])],
    ["TCP flags narrow the match", stateless(1, ["aws:drop"], { protocols: [6], tcpFlags: [{ flags: ["SYN"] }] }), rule("block", false, [box("6", "0-65535")])],
    ["a priority that is not a number goes first, and its drop earns no credit", stateless("1", ["aws:drop"], { protocols: [6] }), rule("block", true, [box("6", "0-65535")], ['malformed stateless rule "1" of rule group "sl": stateless rule "1" of rule group "sl" has a priority that is not a number'], -Infinity, 'stateless rule "1" of rule group "sl"')],
    ["a secret priority the document does not carry", stateless(new Secret(undefined), ["aws:pass"], { protocols: [6] }), rule("pass", true, [box("6", "0-65535")], ["malformed stateless rule [secret] of rule group \"sl\": stateless rule [secret] of rule group \"sl\" has a priority that is not a number"], -Infinity, 'stateless rule [secret] of rule group "sl"')],
  ])("%s", (_name, input, expected) => expect(statelessRules([input]).stateless.map(filterRuleText)).toEqual([expected]));

  test("a host whose subnet is not known: a destination may or may not be it", () => {
    const spec = statelessRules([stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.9.0.0/16" }] })], {});
    expect(spec.stateless.map(filterRuleText)).toEqual([rule("block", false, [box("6", "0-65535", V4)])]);
  });

  // A packet matches only if its destination is among the rule's: an IPv6 packet to the host's
  // IPv6 address never matches an IPv4 destination, nor an IPv4 packet an IPv6 one.
  const drop = (...destinations: string[]) => stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: clsPorts, destinations: destinations.map((addressDefinition) => ({ addressDefinition })) });
  test.each([
    ["a destination elsewhere matches nothing", drop("10.9.0.0/16"), EDGE6, []],
    ["the subnet's IPv4 block: IPv4 only", drop("10.0.1.0/24"), EDGE6, [rule("block", true, [box("6", "50001-50003", V4)])]],
    ["every IPv4 address: IPv4 only", drop("0.0.0.0/0"), EDGE6, [rule("block", true, [box("6", "50001-50003", V4)])]],
    ["every IPv6 address: IPv6 only", drop("::/0"), EDGE6, [rule("block", true, [box("6", "50001-50003", V6)])]],
    ["the subnet's IPv6 block: IPv6 only", drop("2600:1f18:0:1::/64"), EDGE6, [rule("block", true, [box("6", "50001-50003", V6)])]],
    ["the IPv4 block wholly, part of the IPv6 one", drop("10.0.1.0/24", "2600:1f18:0:1::/65"), EDGE6, [rule("block", true, [box("6", "50001-50003", V4)]), rule("block", false, [box("6", "50001-50003", V6)])]],
    ["an IPv6 block elsewhere: IPv4 only", drop("10.0.1.0/24", "2600:1f18:0:9::/64"), EDGE6, [rule("block", true, [box("6", "50001-50003", V4)])]],
    ["the subnet's IPv6 block not known: an IPv6 block may or may not hold the host", drop("2600:1f18:0:1::/64"), EDGE, [rule("block", false, [box("6", "50001-50003", V6)])]],
    ["the subnet's IPv6 block not known: every IPv6 address holds it", drop("::/0"), EDGE, [rule("block", true, [box("6", "50001-50003", V6)])]],
  ])("destinations by address family: %s", (_name, input, host, expected) => expect(statelessRules([input], host).stateless.map(filterRuleText)).toEqual(expected));

  const missed = (family: string) => `${LABEL} drops no ${family} traffic to the host: its destinations hold none of the host's ${family} addresses, and a packet matches only where its destination address is among them`;
  test.each([
    ["drops to the subnet's IPv4 block", drop("10.0.1.0/24"), [[missed("IPv6"), [box("6", "50001-50003", V6)]]]],
    ["drops to every IPv6 address", drop("::/0"), [[missed("IPv4"), [box("6", "50001-50003", V4)]]]],
    ["drops to both blocks", drop("10.0.1.0/24", "2600:1f18:0:1::/64"), []],
    ["drops elsewhere altogether", drop("10.9.0.0/16"), []],
    ["passes to the subnet's IPv4 block", stateless(1, ["aws:pass"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/24" }] }), []],
  ])("the note on the family a drop leaves out, with the traffic it names: %s", (_name, input, notes) => {
    expect(statelessRules([input], EDGE6).ruleNotes.map((n) => [n.text, trafficText(n.traffic)])).toEqual(notes);
  });

  test("a destination elsewhere that cannot be fully read still counts", () => {
    const spec = statelessRules([stateless(1, ["aws:pass"], { protocols: [6], sources: [{}], destinations: [{ addressDefinition: "10.9.0.0/16" }] })]);
    expect(spec.stateless.map(filterRuleText)).toEqual([rule("pass", false, [box("6", "0-65535")], unreadable())]);
  });

  test("group priority orders groups, rule priority orders rules within one", () => {
    const spec = statelessRules([stateless(7, ["aws:drop"], {})], EDGE, { statelessRuleGroupReferences: [{ priority: 3, resourceArn: "arn:sl" }] });
    expect(spec.stateless.map((r) => r.order)).toEqual([3 * 65536 + 7]);
  });
});

describe("stateless default actions", () => {
  test.each([
    [["aws:drop"], "block"],
    [["aws:forward_to_sfe"], "continue"],
    [["aws:pass"], "pass"],
    [["custom:count", "aws:drop"], "block"],
    [[], "pass"],
  ])("%j: %s", (defaults, expected) => expect(statelessRules([], EDGE, { statelessDefaultActions: defaults }).statelessDefault).toBe(expected));

  test("labels name the policy", () => {
    const spec = statelessRules([]);
    expect([spec.statelessDefaultLabel, spec.statefulDefaultLabel]).toEqual([
      'the stateless default action (aws:drop) of firewall policy "fw-policy"',
      'the stateful default action (aws:drop_strict) of firewall policy "fw-policy"',
    ]);
  });
});

interface StatefulSetup {
  readonly groupProps?: Record<string, unknown>;
  readonly policy?: Record<string, unknown>;
  readonly reference?: Record<string, unknown>;
  readonly host?: HostContext;
}

function statefulSpec(rulesString: string, setup: StatefulSetup = {}) {
  const p = readFirewallPolicy(policyView({ statefulRuleGroupReferences: [{ priority: 2, resourceArn: "arn:sf", ...setup.reference }], ...setup.policy }));
  const g = readRuleGroup(group("sf", { type: "STATEFUL", ruleGroup: { rulesSource: { rulesString }, ...setup.groupProps } }));
  return firewallSpec("fw", p, [], [{ ref: p.stateful[0], group: g }], setup.host ?? EDGE, []);
}

const sf = (verdict: string, exact: boolean, traffic: string[], label = 'rule sid 1 (drop) of rule group "sf"', order = verdict === "pass" ? 0 : 1, doubts: string[] = []) => ({ order, verdict, exact, label, traffic, doubts });
const CLS = box("6", "50001-50003");
const CLS_V4 = box("6", "50001-50003", V4);
const EXTERNAL = "0.0.0.0-9.255.255.255 10.1.0.0-255.255.255.255";

describe("stateful rules (Suricata)", () => {
  test.each([
    ["a drop", "drop tcp any any -> any 50001:50003 (sid:1;)", {}, [sf("block", true, [CLS])]],
    ["a pass comes before drops in default order", "pass tcp any any -> any 50001:50003 (sid:1;)", {}, [sf("pass", true, [CLS], 'rule sid 1 (pass) of rule group "sf"')]],
    ["reject blocks", "reject tcp any any -> any 50001:50003 (sid:1;)", {}, [sf("block", true, [CLS], 'rule sid 1 (reject) of rule group "sf"')]],
    ["an alert decides nothing", "alert tcp any any -> any 50001:50003 (sid:1;)", {}, []],
    ["without a sid, the line number", "\n\ndrop tcp any any -> any 50001:50003 (msg:\"x\";)", {}, [sf("block", true, [CLS], 'rule #3 (drop) of rule group "sf"')]],
    ["strict order: group priority, then position", "pass tcp any any -> any 1 (sid:9;)\ndrop tcp any any -> any 50001:50003 (sid:1;)", { policy: { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" } } }, [
      sf("pass", true, [box("6", "1")], 'rule sid 9 (pass) of rule group "sf"', 2e6),
      sf("block", true, [CLS], 'rule sid 1 (drop) of rule group "sf"', 2e6 + 1),
    ]],
    ["UDP", "drop udp any any -> any 50001:50003 (sid:1;)", {}, [sf("block", true, [box("17", "50001-50003")])]],
    ["ICMP is matched whatever the ports", "drop icmp any any -> any 50001 (sid:1;)", {}, [sf("block", true, [box("1", "0-65535")])]],
    ["IP with a port is TCP, UDP and SCTP to that port (Suricata bug #611)", "drop ip any any -> any 50001 (sid:1;)", {}, [sf("block", true, [box("6,17,132", "50001")])]],
    ["IP with ports any (in any case) is every protocol and port", "drop ip any ANY -> any Any (sid:1;)", {}, [sf("block", true, [box("0-255", "0-65535")])]],
    ["IP with a source port is TCP, UDP and SCTP from it", "pass ip any 1024: -> any any (sid:1;)", {}, [sf("pass", false, [box("6,17,132", "0-65535")], 'rule sid 1 (pass) of rule group "sf"')]],
    ["an application-layer protocol matches only some TCP and UDP flows", "drop tls any any -> any 50001:50003 (sid:1;)", {}, [sf("block", false, [box("6,17", "50001-50003")])]],
    ["neutral options keep it exact", 'drop tcp any any -> any 50001:50003 (msg:"m"; sid:1; rev:2; gid:1; classtype:x; priority:1; metadata:a b; reference:url,x; target:dest_ip; noalert; flow:To_Server, from_client,stateless;)', {}, [sf("block", true, [CLS])]],
    ["established flows only", "drop tcp any any -> any 50001:50003 (flow:established,to_server; sid:1;)", {}, [sf("block", false, [CLS])]],
    ["content narrows the match", 'drop tcp any any -> any 50001:50003 (content:"GET"; sid:1;)', {}, [sf("block", false, [CLS])]],
    ["source ports narrow the match", "drop tcp any 1024: -> any 50001:50003 (sid:1;)", {}, [sf("block", false, [CLS])]],
    ["a source block", "drop tcp 203.0.113.0/24 any -> any 50001:50003 (sid:1;)", {}, [sf("block", true, [box("6", "50001-50003", "203.0.113.0/24")])]],
    ["a destination of part of the Edge subnet", "drop tcp any any -> 10.0.1.0/25 50001:50003 (sid:1;)", {}, [sf("block", false, [CLS_V4])]],
    ["a destination of the Edge subnet matches only IPv4 packets", "drop tcp any any -> 10.0.1.0/24 50001:50003 (sid:1;)", { host: EDGE6 }, [sf("block", true, [CLS_V4])]],
    ["every IPv4 address matches only IPv4 packets", "drop tcp any any -> 0.0.0.0/0 50001:50003 (sid:1;)", { host: EDGE6 }, [sf("block", true, [CLS_V4])]],
    ["every IPv6 address matches only IPv6 packets", "drop tcp any any -> ::/0 50001:50003 (sid:1;)", { host: EDGE6 }, [sf("block", true, [box("6", "50001-50003", V6)])]],
    ["the subnet's IPv6 block, where it is not known", "drop tcp any any -> 2600:1f18:0:1::/64 50001:50003 (sid:1;)", {}, [sf("block", false, [box("6", "50001-50003", V6)])]],
    ["a default HOME_NET of the VPC's IPv4 block holds no IPv6 address", "drop tcp any any -> $HOME_NET 50001:50003 (sid:1;)", { host: EDGE6 }, [sf("block", true, [CLS_V4])]],
    ["a destination elsewhere", "drop tcp any any -> 10.9.0.0/16 50001:50003 (sid:1;)", {}, []],
    ["any destination covers a host whose subnet is not known", "drop tcp any any -> any 50001:50003 (sid:1;)", { host: {} }, [sf("block", true, [CLS])]],
    ["a destination elsewhere, host subnet not known", "drop tcp any any -> 10.9.0.0/16 50001:50003 (sid:1;)", { host: {} }, [sf("block", false, [CLS_V4])]],
    ["HOME_NET defaults to the VPC, EXTERNAL_NET to the rest", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", {}, [sf("block", true, [box("6", "50001-50003", EXTERNAL)])]],
    ["the policy's HOME_NET comes before the VPC's", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", { policy: { policyVariables: { ruleVariables: [{ key: "OTHER", ipSet: { definitions: ["10.0.0.0/8"] } }, { key: "HOME_NET", ipSet: { definitions: ["10.0.1.0/24"] } }] } } }, [
      sf("block", true, [box("6", "50001-50003", "0.0.0.0-10.0.0.255 10.0.2.0-255.255.255.255")]),
    ]],
    // "If you don't specify the rule group's EXTERNAL_NET, it inherits the setting from the policy's EXTERNAL_NET
    // setting, regardless of the value of the rule group's HOME_NET setting."
    ["a group's own HOME_NET leaves its EXTERNAL_NET the policy's", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", {
      policy: { policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.0.0/16", "203.0.113.0/24"] } }] } },
      groupProps: { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.1.0/24"] } }] } },
    }, [sf("block", true, [box("6", "50001-50003", "0.0.0.0-9.255.255.255 10.1.0.0-203.0.112.255 203.0.114.0-255.255.255.255")])]],
    ["a group's own HOME_NET leaves its EXTERNAL_NET the rest of the VPC's", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", { groupProps: { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.1.0/24"] } }] } } }, [sf("block", true, [box("6", "50001-50003", EXTERNAL)])]],
    ["the group's HOME_NET and EXTERNAL_NET come first", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", { groupProps: { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.0.0/8"] } }, { key: "EXTERNAL_NET", ipSet: { definitions: ["0.0.0.0/0"] } }] } } }, [
      sf("block", true, [box("6", "50001-50003", "0.0.0.0/0")]),
    ]],
    ["a port variable", "drop tcp any any -> any $CLS (sid:1;)", { groupProps: { ruleVariables: { portSets: [{ key: "CLS", portSet: { definitions: ["50001:50002", "50003"] } }] } } }, [sf("block", true, [CLS])]],
    ["two-way: the reverse direction uses the source port as the host's port", "drop tcp $HOME_NET 50001:50003 <> any any (sid:1;)", {}, [sf("block", false, [box("6", "0-65535", "10.0.0.0/16")]), sf("block", true, [CLS_V4])]],
    ["two-way: both directions towards the host", "drop tcp any any <> any 50001:50003 (sid:1;)", {}, [sf("block", true, [CLS]), sf("block", false, [box("6", "0-65535")])]],
    ["DROP_TO_ALERT: drops decide nothing", "drop tcp any any -> any 50001:50003 (sid:1;)", { reference: { override: { action: "DROP_TO_ALERT" } } }, []],
    ["DROP_TO_ALERT leaves passes", "pass tcp any any -> any 50001:50003 (sid:1;)", { reference: { override: { action: "DROP_TO_ALERT" } } }, [sf("pass", true, [CLS], 'rule sid 1 (pass) of rule group "sf"')]],
  ] as [string, string, StatefulSetup, unknown[]][])("%s", (_name, text, setup, expected) => expect(statefulSpec(text, setup).stateful.map(filterRuleText)).toEqual(expected));

  const cannot = (line: number, reason: string) => [`malformed rule group "sf" line ${line}: rule at line ${line} of rule group "sf" cannot be parsed (${reason})`];
  const EVERYTHING = [box("0-255", "0-65535")];
  test.each([
    ["an unreadable drop earns no credit, whatever it may match", "drop tcp any any -> (sid:1;)", sf("block", false, EVERYTHING, 'rule at line 1 of rule group "sf"', 1, cannot(1, 'expected "action proto src sport -> dst dport", found 5 fields'))],
    ["an unreadable reject earns no credit, whatever it may match", "  REJECTBOTH tcp any -> (sid:1;)", sf("block", false, EVERYTHING, 'rule at line 1 of rule group "sf"', 1, cannot(1, 'expected "action proto src sport -> dst dport", found 4 fields'))],
    ["an unreadable alert earns no credit, whatever it may match", "alert tcp any any -> any any", sf("block", false, EVERYTHING, 'rule at line 1 of rule group "sf"', 1, cannot(1, "no (options) part"))],
    ["an unreadable pass passes everything, first", "pass tcp any -> any any (sid:1;)", sf("pass", false, EVERYTHING, 'rule at line 1 of rule group "sf"', -Infinity, cannot(1, 'expected "action proto src sport -> dst dport", found 6 fields'))],
    ["an unknown action passes everything", "allow tcp any any -> any any (sid:1;)", sf("pass", false, EVERYTHING, 'rule at line 1 of rule group "sf"', -Infinity, cannot(1, 'unknown action "allow"'))],
    ["a drop with an undefined variable earns no credit, whatever it may match", "drop tcp $PARTNERS any -> any 50001:50003 (sid:1;)", sf("block", false, EVERYTHING, 'rule at line 1 of rule group "sf"', 1, cannot(1, "variable $PARTNERS is not defined"))],
    ["a pass with an undefined port variable passes everything", "pass tcp any any -> any $MEDIA (sid:1;)", sf("pass", false, EVERYTHING, 'rule at line 1 of rule group "sf"', -Infinity, cannot(1, "variable $MEDIA is not defined"))],
  ])("%s", (_name, text, expected) => expect(statefulSpec(text).stateful.map(filterRuleText)).toEqual([expected]));

  test.each(["drop", "reject", "rejectsrc", "rejectdst", "rejectboth", "alert", "Drop"])("an unreadable %s earns no credit, whatever it may match", (action) => {
    expect(statefulSpec(`${action} tcp any -> (sid:1;)`).stateful.map((r) => [r.verdict, r.exact, r.traffic.isEmpty(), r.doubts.length])).toEqual([["block", false, false, 1]]);
  });

  const missed = (sid: string, family: string) => `rule sid ${sid} of rule group "sf" drops no ${family} traffic to the host: its destinations hold none of the host's ${family} addresses, and a packet matches only where its destination address is among them`;
  test.each([
    ["a drop to the subnet's IPv4 block", "drop tcp any any -> 10.0.1.0/24 50001:50003 (sid:1;)", [[missed("1 (drop)", "IPv6"), [box("6", "50001-50003", V6)]]]],
    ["a drop to the default HOME_NET, the VPC's IPv4 block", "drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", [[missed("1 (drop)", "IPv6"), [box("6", "50001-50003", V6)]]]],
    ["a reject to every IPv6 address", "reject tcp any any -> ::/0 50001:50003 (sid:1;)", [[missed("1 (reject)", "IPv4"), [CLS_V4]]]],
    ["a two-way drop whose other direction holds the IPv6 block", "drop tcp $HOME_NET 50001:50003 <> any any (sid:1;)", []],
    ["a drop to both blocks", "drop tcp any any -> [10.0.1.0/24,2600:1f18:0:1::/64] 50001:50003 (sid:1;)", []],
    ["a pass to the IPv4 block", "pass tcp any any -> 10.0.1.0/24 50001:50003 (sid:1;)", []],
  ])("the note on the family a drop leaves out, with the traffic it names: %s", (_name, text, notes) => {
    expect(statefulSpec(text, { host: EDGE6 }).ruleNotes.map((n) => [n.text, trafficText(n.traffic)])).toEqual(notes);
  });

  test("without any HOME_NET, rules using it earn no credit, and the note says why", () => {
    const spec = statefulSpec("drop tcp any any -> $HOME_NET 50001:50003 (sid:1;)", { host: { hostAddresses: block("10.0.1.0/24") } });
    expect(spec.notes).toEqual(['HOME_NET of rule group "sf" is not known (no rule variable, no policy variable, no VPC CIDR in this stack), so rules using it earn no credit']);
    expect(spec.stateful.map((r) => r.doubts.map((d) => d.detail))).toEqual([['rule at line 1 of rule group "sf" cannot be parsed (variable $HOME_NET is not defined)']]);
  });

  test("a VPC CIDR that cannot stand for the default HOME_NET: rules using it earn no credit, and the note says why", () => {
    const spec = statefulSpec("drop tcp any any -> $HOME_NET 50001:50003 (sid:1;)", { host: { hostAddresses: block("10.0.1.0/24"), vpcCidr: { unsure: "the VPC has secondary CIDR blocks" } } });
    expect(spec.notes).toEqual(['HOME_NET of rule group "sf" is not known (the VPC has secondary CIDR blocks), so rules using it earn no credit']);
    expect(spec.stateful.map((r) => [r.verdict, r.doubts.map((d) => d.detail)])).toEqual([["block", ['rule at line 1 of rule group "sf" cannot be parsed (variable $HOME_NET is not defined)']]]);
  });

  test("a group's own HOME_NET, the policy's not known: EXTERNAL_NET is not known, and the note says why", () => {
    const groupProps = { ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: ["10.0.1.0/24"] } }] } };
    const spec = statefulSpec("drop tcp $EXTERNAL_NET any -> $HOME_NET 50001:50003 (sid:1;)", { groupProps, host: { hostAddresses: block("10.0.1.0/24"), vpcCidr: { unsure: "the VPC has secondary CIDR blocks" } } });
    expect(spec.notes).toEqual([`EXTERNAL_NET of rule group "sf" is not known: a group that sets none takes the policy's, the negation of the policy's HOME_NET, which is not known (the VPC has secondary CIDR blocks), so rules using it earn no credit`]);
    expect(spec.stateful.map((r) => [r.verdict, r.doubts.map((d) => d.detail)])).toEqual([["block", ['rule at line 1 of rule group "sf" cannot be parsed (variable $EXTERNAL_NET is not defined)']]]);
  });

  test("an unreadable HOME_NET of the policy makes EXTERNAL_NET unreadable too", () => {
    const spec = statefulSpec("pass tcp $EXTERNAL_NET any -> any 50001:50003 (sid:1;)", { policy: { policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: ["edge.example.com"] } }] } } });
    expect(spec.notes).toEqual([]);
    expect(readFirewallPolicy(policyView({ policyVariables: { ruleVariables: [{ key: "HOME_NET", ipSet: { definitions: [42, "10.0.0.0/16"] } }] } })).doubts.map((d) => d.detail)).toEqual([
      "firewallPolicy.policyVariables.ruleVariables[0] holds number 42, which is not understood",
    ]);
    expect(spec.stateful.map(filterRuleText)).toEqual([sf("pass", false, EVERYTHING, 'rule at line 1 of rule group "sf"', -Infinity, cannot(1, "variable $EXTERNAL_NET has a definition that cannot be read"))]);
  });
});

describe("stateful rules (5-tuple)", () => {
  const fiveTuple = (rule: Record<string, unknown>) => {
    const p = readFirewallPolicy(policyView({ statefulRuleGroupReferences: [{ resourceArn: "arn:sf" }] }));
    const g = readRuleGroup(group("sf", { type: "STATEFUL", ruleGroup: { rulesSource: { statefulRules: [rule] } } }));
    return firewallSpec("fw", p, [], [{ ref: p.stateful[0], group: g }], EDGE, []).stateful.map(filterRuleText);
  };
  const header = { protocol: "TCP", source: "ANY", sourcePort: "ANY", direction: "FORWARD", destination: "ANY", destinationPort: "50001:50003" };
  test.each([
    ["a DROP", { action: "DROP", header, ruleOptions: [{ keyword: "sid", settings: ["5"] }] }, [sf("block", true, [CLS], 'rule sid 5 (drop) of rule group "sf"')]],
    ["after update: the sid written into the keyword, settings []", { action: "DROP", header, ruleOptions: [{ keyword: "sid:50", settings: [] }] }, [sf("block", true, [CLS], 'rule sid 50 (drop) of rule group "sf"')]],
    ["spaces, case and a keyword without settings", { action: " Drop ", header: { ...header, protocol: " tcp ", source: " any " }, ruleOptions: [{ keyword: "sid", settings: ["5"] }, { keyword: "noalert" }] }, [sf("block", true, [CLS], 'rule sid 5 (drop) of rule group "sf"')]],
    ["options with several settings", { action: "DROP", header, ruleOptions: [{ keyword: "flow", settings: ["established", "to_server"] }] }, [sf("block", false, [CLS], 'rule #1 (drop) of rule group "sf"')]],
    ["direction any, in lower case, is two-way", { action: "DROP", header: { ...header, source: "$HOME_NET", sourcePort: "50001:50003", destinationPort: "Any", direction: "any" } }, [
      sf("block", false, [box("6", "0-65535", "10.0.0.0/16")], 'rule #1 (drop) of rule group "sf"'),
      sf("block", true, [CLS_V4], 'rule #1 (drop) of rule group "sf"'),
    ]],
    ["protocol IP with a destination port is TCP, UDP and SCTP to it", { action: "DROP", header: { ...header, protocol: "IP", destinationPort: "80" } }, [sf("block", true, [box("6,17,132", "80")], 'rule #1 (drop) of rule group "sf"')]],
    ["a header field missing", { action: "DROP", header: { ...header, destinationPort: undefined } }, [sf("block", false, [box("0-255", "0-65535")], 'rule at line 1 of rule group "sf"', 1, ['malformed rule group "sf" line 1: rule at line 1 of rule group "sf" cannot be parsed (expected "action proto src sport -> dst dport", found 6 fields)'])]],
    ["no action", { header }, [sf("pass", false, [box("0-255", "0-65535")], 'rule at line 1 of rule group "sf"', -Infinity, ['malformed rule group "sf" line 1: rule at line 1 of rule group "sf" cannot be parsed (expected "action proto src sport -> dst dport", found 6 fields)'])]],
  ] as [string, Record<string, unknown>, unknown[]][])("%s", (_name, rule, expected) => expect(fiveTuple(rule)).toEqual(expected));
});

describe("rule groups", () => {
  test.each([
    ["STATELESS", "stateless"],
    ["STATEFUL", "stateful"],
    ["stateful", "unknown"],
    [UNKNOWN, "unknown"],
  ])("type %s", (type, kind) => expect(readRuleGroup(group("g", { type })).kind).toBe(kind));

  test("variables: readable ones as sets, an unreadable definition said and the variable unreadable, keys that are no strings left out", () => {
    const g = readRuleGroup(
      group("g", {
        ruleGroup: {
          ruleVariables: {
            ipSets: [{ key: "PARTNERS", ipSet: { definitions: ["198.51.100.0/24", "10.0.0.1"] } }, { key: "BAD", ipSet: { definitions: ["198.51.100.0/24", 42] } }, { key: 7, ipSet: { definitions: ["10.0.0.0/8"] } }],
            portSets: [{ key: "MEDIA", portSet: { definitions: ["50000:59999"] } }, { key: "WRONG", portSet: { definitions: ["http"] } }, { key: "NUMBER", portSet: { definitions: [50001, "50002"] } }],
          },
        },
      }),
    );
    expect([...g.ipVariables].map(([k, v]) => [k, v && addressesText(v)])).toEqual([["PARTNERS", "10.0.0.1/32 198.51.100.0/24"], ["BAD", undefined]]);
    expect([...g.portVariables].map(([k, v]) => [k, v?.intervals.map(([a, b]) => `${a}-${b}`)])).toEqual([["MEDIA", ["50000-59999"]], ["WRONG", undefined], ["NUMBER", undefined]]);
    expect(g.doubts.map((d) => `${d.kind} ${d.field}: ${d.detail}`)).toEqual([
      "malformed ruleGroup.ruleVariables.ipSets[1]: ruleGroup.ruleVariables.ipSets[1] holds number 42, which is not understood",
      'malformed ruleGroup.ruleVariables.portSets[1]: ruleGroup.ruleVariables.portSets[1] holds "http", which is not understood',
      "malformed ruleGroup.ruleVariables.portSets[2]: ruleGroup.ruleVariables.portSets[2] holds number 50001, which is not understood",
    ]);
  });

  test("rules from the rules property when the group has no rulesString", () => {
    expect(readRuleGroup(group("g", { rules: "drop tcp any any -> any 1 (sid:1;)" })).stateful.map((r) => r.ok)).toEqual([true]);
    expect(readRuleGroup(group("g", { rules: "drop tcp any any -> any 1 (sid:1;)", ruleGroup: { rulesSource: { rulesString: "pass tcp any any -> any 2 (sid:2;)" } } })).stateful.map((r) => r.ok && r.rule.action)).toEqual(["pass"]);
    // After update the provider writes the one left unset as "" or null.
    expect(readRuleGroup(group("g", { rules: "drop tcp any any -> any 1 (sid:1;)", ruleGroup: { rulesSource: { rulesString: "" } } })).stateful.map((r) => r.ok && r.rule.action)).toEqual(["drop"]);
    expect(readRuleGroup(group("g", { rules: null, ruleGroup: { rulesSource: { rulesString: "", statefulRules: [], rulesSourceList: null } } })).stateful).toEqual([]);
  });

  test.each([
    ["the whole group", { ruleGroup: UNKNOWN }, ["unknown ruleGroup: ruleGroup is not known until the resources it depends on exist"]],
    ["its rules source", { ruleGroup: { rulesSource: UNKNOWN } }, ["unknown ruleGroup.rulesSource: ruleGroup.rulesSource is not known until the resources it depends on exist"]],
    ["nothing", { ruleGroup: { rulesSource: {} } }, []],
    ["its rules text", { ruleGroup: { rulesSource: { rulesString: UNKNOWN } } }, ["unknown ruleGroup.rulesSource.rulesString: ruleGroup.rulesSource.rulesString is not known until the resources it depends on exist"]],
    ["its rules property", { rules: UNKNOWN, ruleGroup: { rulesSource: { rulesString: "" } } }, ["unknown rules: rules is not known until the resources it depends on exist"]],
    ["a 5-tuple rule's action", { ruleGroup: { rulesSource: { statefulRules: [{ action: UNKNOWN, header: {} }] } } }, ["unknown ruleGroup.rulesSource.statefulRules: ruleGroup.rulesSource.statefulRules is not known until the resources it depends on exist"]],
    ["its stateless lists", { ruleGroup: { rulesSource: { statelessRulesAndCustomActions: UNKNOWN } } }, ["unknown ruleGroup.rulesSource.statelessRulesAndCustomActions: ruleGroup.rulesSource.statelessRulesAndCustomActions is not known until the resources it depends on exist"]],
    ["its stateless rules", { ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: UNKNOWN } } } }, ["unknown ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules: ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules is not known until the resources it depends on exist"]],
    ["a stateless rule's priority", { ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: [stateless(UNKNOWN, ["aws:drop"], {})] } } } }, ["unknown ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules: ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules is not known until the resources it depends on exist"]],
  ])("unknown at preview: %s", (_name, props, doubts) => expect(readRuleGroup(group("g", props)).doubts.map((d) => `${d.kind} ${d.field}: ${d.detail}`)).toEqual(doubts));

  // A secret the document does not carry (pulumi preview --json without --show-secrets).
  const hidden = new Secret(undefined);
  test.each([
    ["its rules text", { ruleGroup: { rulesSource: { rulesString: hidden } } }, ["ruleGroup.rulesSource.rulesString is [secret], which cannot be read as rules"]],
    ["its rules property", { rules: hidden }, ["rules is [secret], which cannot be read as rules"]],
    ["the whole group", { ruleGroup: hidden }, ["ruleGroup is [secret], which cannot be read as rules"]],
    ["its 5-tuple rules", { ruleGroup: { rulesSource: { statefulRules: hidden } } }, ["ruleGroup.rulesSource.statefulRules is [secret], which cannot be read as rules"]],
    ["its stateless rules, not a list", { ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: "pass all" } } } }, ['ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules is "pass all", which cannot be read as rules']],
    ["after update: every unset rule property", { rules: null, ruleGroup: { rulesSource: { rulesString: "", statefulRules: [], statelessRulesAndCustomActions: null, rulesSourceList: null } } }, []],
    ["a secret rules text the document carries", { ruleGroup: { rulesSource: { rulesString: new Secret("drop tcp any any -> any 1 (sid:1;)") } } }, []],
  ])("rules that cannot be read: %s", (_name, props, unreadable) => {
    const g = readRuleGroup(group("g", props));
    expect([g.unreadable.map((d) => `${d.kind}: ${d.detail}`), g.doubts]).toEqual([unreadable.map((d) => `malformed: ${d}`), []]);
  });

  test("a group whose rules cannot be read passes everything first, in either engine", () => {
    const p = readFirewallPolicy(policyView({ statelessRuleGroupReferences: [{ priority: 1, resourceArn: "arn:sl" }], statefulRuleGroupReferences: [{ resourceArn: "arn:sf" }] }));
    const sl = readRuleGroup(group("sl", { type: "STATELESS", ruleGroup: { rulesSource: { statelessRulesAndCustomActions: { statelessRules: hidden } } } }));
    const sfGroup = readRuleGroup(group("sf", { type: "STATEFUL", ruleGroup: { rulesSource: { rulesString: hidden } } }));
    const spec = firewallSpec("fw", p, [{ ref: p.stateless[0], group: sl }], [{ ref: p.stateful[0], group: sfGroup }], EDGE, []);
    const passAll = (name: string, doubt: string) => ({ order: -Infinity, verdict: "pass", exact: false, label: `the rules of rule group "${name}"`, traffic: [box("0-255", "0-65535")], doubts: [doubt] });
    expect([spec.stateless.map(filterRuleText), spec.stateful.map(filterRuleText)]).toEqual([
      [passAll("sl", "malformed ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules: ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules is [secret], which cannot be read as rules")],
      [passAll("sf", "malformed ruleGroup.rulesSource.rulesString: ruleGroup.rulesSource.rulesString is [secret], which cannot be read as rules")],
    ]);
  });
});

describe("firewall policies", () => {
  test("references: priorities, their default by position, DROP_TO_ALERT", () => {
    const p = readFirewallPolicy(policyView({ statefulRuleGroupReferences: [{ resourceArn: "arn:a", priority: 5 }, { resourceArn: "arn:b", override: { action: "DROP_TO_ALERT" } }, { resourceArn: UNKNOWN, override: { action: "drop_to_alert" } }] }));
    expect(p.stateful.map((r) => [r.field, r.priority, r.dropToAlert])).toEqual([
      [{ path: "firewallPolicy.statefulRuleGroupReferences[0].resourceArn", value: "arn:a" }, 5, false],
      [{ path: "firewallPolicy.statefulRuleGroupReferences[1].resourceArn", value: "arn:b" }, 1, true],
      [{ path: "firewallPolicy.statefulRuleGroupReferences[2].resourceArn", value: UNKNOWN }, 2, false],
    ]);
  });

  const doubtsOf = (policy: Record<string, unknown>) => readFirewallPolicy(policyView(policy)).doubts.map((d) => `${d.kind}: ${d.detail}`);
  const UNKNOWN_DETAIL = (at: string) => `unknown: ${at} is not known until the resources it depends on exist`;
  test.each([
    ["a stateless group's priority unknown at preview", { statelessRuleGroupReferences: [{ resourceArn: "arn:a", priority: UNKNOWN }] }, [UNKNOWN_DETAIL("firewallPolicy.statelessRuleGroupReferences[0].priority")]],
    ["a stateless group's priority that cannot be read", { statelessRuleGroupReferences: [{ resourceArn: "arn:a", priority: new Secret(undefined) }] }, ["malformed: firewallPolicy.statelessRuleGroupReferences[0].priority is not a number"]],
    ["a stateful group's priority unknown, in default order (where it decides nothing)", { statefulRuleGroupReferences: [{ resourceArn: "arn:a", priority: UNKNOWN }] }, []],
    ["a stateful group's priority unknown, in strict order", { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" }, statefulRuleGroupReferences: [{ resourceArn: "arn:a", priority: UNKNOWN }] }, [UNKNOWN_DETAIL("firewallPolicy.statefulRuleGroupReferences[0].priority")]],
    ["an override unknown at preview", { statefulRuleGroupReferences: [{ resourceArn: "arn:a", override: UNKNOWN }] }, [UNKNOWN_DETAIL("firewallPolicy.statefulRuleGroupReferences[0].override")]],
    ["an override action unknown at preview", { statefulRuleGroupReferences: [{ resourceArn: "arn:a", override: { action: UNKNOWN } }] }, [UNKNOWN_DETAIL("firewallPolicy.statefulRuleGroupReferences[0].override.action")]],
    ["an override action that cannot be read", { statefulRuleGroupReferences: [{ resourceArn: "arn:a", override: { action: new Secret(undefined) } }] }, ["malformed: firewallPolicy.statefulRuleGroupReferences[0].override.action cannot be read"]],
    ["after update: unset priorities and overrides", { statelessRuleGroupReferences: [{ resourceArn: "arn:a", priority: 1 }], statefulRuleGroupReferences: [{ resourceArn: "arn:b", priority: 0, override: null }, { resourceArn: "arn:c", priority: 0, override: { action: "" } }] }, []],
  ])("references: %s", (_name, policy, doubts) => expect(doubtsOf(policy)).toEqual(doubts));

  const FRAGMENTS = 'firewall policy "fw-policy" passes UDP packet fragments that no stateless rule matches (its statelessFragmentDefaultActions has no aws:drop or aws:forward_to_sfe), unseen by the stateful engine, so UDP sent in fragments gets through';
  test.each([
    [["aws:forward_to_sfe"], "continue", undefined],
    [["aws:drop"], "block", undefined],
    [["aws:pass"], "pass", FRAGMENTS],
    [["custom:count"], "pass", FRAGMENTS],
  ])("stateless fragment default actions %j: %s", (actions, fragmentDefault, fragmentsPass) => {
    const p = readFirewallPolicy(policyView({ statelessDefaultActions: ["aws:forward_to_sfe"], statelessFragmentDefaultActions: actions }));
    expect([p.fragmentDefault, firewallSpec("fw", p, [], [], EDGE, []).fragmentsPass]).toEqual([fragmentDefault, fragmentsPass]);
  });

  test.each([
    ["default order", {}, false, false, "pass"],
    ["strict order", { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" } }, true, false, "pass"],
    ["strict order with aws:drop_strict", { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" }, statefulDefaultActions: ["aws:alert_strict", "aws:drop_strict"] }, true, true, "block"],
    ["aws:drop_strict needs strict order", { statefulDefaultActions: ["aws:drop_strict"] }, false, true, "pass"],
    ["aws:drop_established does not drop new connections", { statefulEngineOptions: { ruleOrder: "STRICT_ORDER" }, statefulDefaultActions: ["aws:drop_established"] }, true, false, "pass"],
  ])("%s", (_name, policy, strictOrder, dropStrict, statefulDefault) => {
    const p = readFirewallPolicy(policyView(policy));
    expect([p.strictOrder, p.dropStrict, firewallSpec("fw", p, [], [], EDGE, []).statefulDefault]).toEqual([strictOrder, dropStrict, statefulDefault]);
  });

  test("a policy unknown at preview, and doubts of the groups: only unknowns travel to the firewall", () => {
    const p = readFirewallPolicy(view("aws:networkfirewall/firewallPolicy:FirewallPolicy", "fw-policy", { firewallPolicy: UNKNOWN }));
    const g = readRuleGroup(group("sf", { ruleGroup: { rulesSource: UNKNOWN, ruleVariables: { ipSets: [{ key: "X", ipSet: { definitions: [1] } }] } } }));
    const ref = { field: { path: "ref", value: "arn:sf" }, priority: 1, dropToAlert: false };
    const extra = { kind: "unknown" as const, field: "firewallPolicyArn", detail: "firewallPolicyArn is not known" };
    expect(firewallSpec("fw", p, [], [{ ref, group: g }], EDGE, [extra]).doubts.map((d) => d.field)).toEqual(["firewallPolicy", "firewallPolicyArn", "ruleGroup.rulesSource"]);
  });
});
