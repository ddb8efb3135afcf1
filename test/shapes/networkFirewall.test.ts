import { parseAddressBlock } from "../../src/model/addresses";
import { UNKNOWN } from "../../src/model/values";
import { firewallSpec, readFirewallPolicy, readRuleGroup, type HostContext } from "../../src/shapes/networkFirewall";
import type { ResourceView } from "../../src/shapes/resource";
import { addressesText, filterRuleText } from "../support/modelText";

/**
 * Network Firewall rule groups and policies read into the filter rules the firewall layer
 * evaluates. Rows give a rule (stateless or stateful) and the rule(s) expected for traffic to the
 * Edge host in 10.0.1.0/24 of VPC 10.0.0.0/16.
 */
const block = (text: string) => parseAddressBlock(text)!;
const EDGE: HostContext = { hostAddresses: block("10.0.1.0/24"), vpcCidr: block("10.0.0.0/16") };
const view = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${name}`, type, name, props, propertyDependencies: {} });
const group = (name: string, props: Record<string, unknown>) => view("aws:networkfirewall/ruleGroup:RuleGroup", name, props);
const policyView = (props: Record<string, unknown>) => view("aws:networkfirewall/firewallPolicy:FirewallPolicy", "fw-policy", { firewallPolicy: props });

const ALL = "::/0 0.0.0.0/0";
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
    ["protocol 0 and 255", stateless(1, ["aws:pass"], { protocols: [0, 255] }), rule("pass", true, [box("0,255", "0-65535")])],
    ["ports from above to", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50003, toPort: 50001 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a negative port", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: -1, toPort: 50003 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a port beyond 65535", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50001, toPort: 65536 }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["a port in a string", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50001, toPort: "50003" }] }), rule("block", true, [box("6", "0-65535")], unreadable())],
    ["the edges of the port line", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 0, toPort: 0 }, { fromPort: 65535, toPort: 65535 }] }), rule("block", true, [box("6", "0,65535")])],
    ["one port without toPort", stateless(1, ["aws:drop"], { protocols: [6], destinationPorts: [{ fromPort: 50002 }] }), rule("block", true, [box("6", "50002")])],
    ["a destination of the Edge subnet", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/24" }] }), rule("block", true, [box("6", "0-65535")])],
    ["a destination of part of the Edge subnet", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.0.1.0/25" }] }), rule("block", false, [box("6", "0-65535")])],
    ["a destination elsewhere", stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.9.0.0/16" }] }), rule("block", false, [])],
    ["source ports narrow the match", stateless(1, ["aws:drop"], { protocols: [6], sourcePorts: [{ fromPort: 1024, toPort: 65535 }] }), rule("block", false, [box("6", "0-65535")])],
    ["TCP flags narrow the match", stateless(1, ["aws:drop"], { protocols: [6], tcpFlags: [{ flags: ["SYN"] }] }), rule("block", false, [box("6", "0-65535")])],
    ["a priority that is not a number goes first", stateless("1", ["aws:drop"], { protocols: [6] }), rule("block", true, [box("6", "0-65535")], [], -Infinity, 'stateless rule "1" of rule group "sl"')],
  ])("%s", (_name, input, expected) => expect(statelessRules([input]).stateless.map(filterRuleText)).toEqual([expected]));

  test("a host whose subnet is not known: a destination may or may not be it", () => {
    const spec = statelessRules([stateless(1, ["aws:drop"], { protocols: [6], destinations: [{ addressDefinition: "10.9.0.0/16" }] })], {});
    expect(spec.stateless.map(filterRuleText)).toEqual([rule("block", false, [box("6", "0-65535")])]);
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
