import { UNKNOWN } from "../../src/model/values";
import { readAssociation, readPolicyRules } from "../../src/shapes/gcp/policies";
import type { ResourceView } from "../../src/shapes/resource";
import { UNSET_MATCH } from "../support/gcp";
import { inboundRuleText } from "../support/modelText";

/** Firewall policy rules (standalone and inline, network and hierarchical) read into GCP rules. */
const view = (type: string, props: Record<string, unknown>): ResourceView => ({ urn: `urn:${type}`, type, name: "p", props, propertyDependencies: {} });
const RULE = "gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule";
const HIER_RULE = "gcp:compute/firewallPolicyRule:FirewallPolicyRule";
const WITH_RULES = "gcp:compute/regionNetworkFirewallPolicyWithRules:RegionNetworkFirewallPolicyWithRules";
const cls = { ...UNSET_MATCH, srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["50001-50003"] }] };
const base = { firewallPolicy: "edge-policy", priority: 100, action: "deny", direction: "INGRESS", disabled: false, match: cls, description: "", targetServiceAccounts: [], targetSecureTags: [] };

const summary = (type: string, props: Record<string, unknown>) => {
  const reading = readPolicyRules(view(type, props))!;
  return {
    kind: reading.family.kind,
    policy: reading.policy?.value,
    rules: reading.rules.map((r) => ({ label: r.label, action: r.action, priority: r.priority, ingress: r.ingress, partial: r.partial, entries: r.entries.map((e) => { const t = inboundRuleText(e); return `${t.rule}: ${t.protocol} ${t.ports} from ${t.sources.join(", ")}${t.doubts.length ? ` [${t.doubts.join("; ")}]` : ""}`; }) })),
  };
};

const rows: [string, string, Record<string, unknown>, unknown][] = [
  ["a standalone deny", RULE, base, { kind: "global", policy: "edge-policy", rules: [{ label: 'NetworkFirewallPolicyRule "p" (priority 100)', action: "deny", priority: 100, ingress: true, partial: undefined, entries: ["match.layer4Configs[0]: tcp = 6 50001-50003 from cidr 0.0.0.0/0 = 0.0.0.0/0"] }] }],
  ["goto_next, and the older gotoNext spelling", HIER_RULE, { ...base, action: "gotoNext", targetResources: [] }, { kind: "hierarchical", policy: "edge-policy", rules: [expect.objectContaining({ action: "goto_next" })] }],
  ["apply_security_profile_group lets inspected traffic in: an allow", RULE, { ...base, action: "apply_security_profile_group" }, expect.objectContaining({ rules: [expect.objectContaining({ action: "allow" })] })],
  [
    "an unknown action is read as an allow, with the doubt",
    RULE,
    { ...base, action: UNKNOWN },
    expect.objectContaining({ rules: [expect.objectContaining({ action: "allow", entries: ["match.layer4Configs[0]: tcp = 6 50001-50003 from cidr 0.0.0.0/0 = 0.0.0.0/0 [unknown action: action is not known until the resources it depends on exist]"] })] }),
  ],
  [
    "region codes and FQDNs stand for addresses cls-guard cannot list: a deny of them is partial",
    RULE,
    { ...base, match: { ...cls, srcIpRanges: [], srcRegionCodes: ["US"] } },
    expect.objectContaining({ rules: [expect.objectContaining({ partial: "its match.srcRegionCodes[0] US stands for addresses cls-guard cannot list", entries: ['match.layer4Configs[0]: tcp = 6 50001-50003 from cidr match.srcRegionCodes[0] "US" (addresses cls-guard cannot list) = ::/0 0.0.0.0/0'] })] }),
  ],
  ["a destination range narrows the match: partial", RULE, { ...base, match: { ...cls, destIpRanges: ["10.0.0.0/8"] } }, expect.objectContaining({ rules: [expect.objectContaining({ partial: expect.stringContaining("its match.destIpRanges 10.0.0.0/8 narrows it") })] })],
  [
    "srcNetworkScope NON_INTERNET leaves the internet's traffic out: partial",
    RULE,
    { ...base, match: { ...cls, srcNetworkScope: "NON_INTERNET" } },
    expect.objectContaining({ rules: [expect.objectContaining({ partial: "its match.srcNetworkScope NON_INTERNET narrows it to part of the traffic its sources send (GCP matches a packet only if every match field holds)" })] }),
  ],
  ["srcNetworkScope INTERNET keeps the internet's traffic: not partial", RULE, { ...base, match: { ...cls, srcNetworkScope: "INTERNET" } }, expect.objectContaining({ rules: [expect.objectContaining({ partial: undefined })] })],
  ["the older srcNetworkContext VPC_NETWORKS, with its srcNetworks: partial", RULE, { ...base, match: { ...cls, srcNetworkContext: "VPC_NETWORKS", srcNetworks: ["edge-net"] } }, expect.objectContaining({ rules: [expect.objectContaining({ partial: expect.stringContaining("its match.srcNetworkContext VPC_NETWORKS, match.srcNetworks edge-net narrow it") })] })],
  ["a destination network scope on an ingress rule: partial", HIER_RULE, { ...base, targetResources: [], match: { ...cls, destNetworkScope: "NON_INTERNET" } }, expect.objectContaining({ rules: [expect.objectContaining({ partial: expect.stringContaining("its match.destNetworkScope NON_INTERNET narrows it") })] })],
  [
    "an inline rule's srcNetworkScope INTRA_VPC: partial",
    WITH_RULES,
    { rules: [{ ...base, firewallPolicy: undefined, match: { ...cls, srcNetworkScope: "INTRA_VPC" } }] },
    expect.objectContaining({ rules: [expect.objectContaining({ partial: expect.stringContaining("its rules[0].match.srcNetworkScope INTRA_VPC narrows it") })] }),
  ],
  ["secure-tag sources are internal", RULE, { ...base, match: { ...cls, srcIpRanges: [], srcSecureTags: [{ name: "tagValues/1" }] } }, expect.objectContaining({ rules: [expect.objectContaining({ entries: ["match.layer4Configs[0]: tcp = 6 50001-50003 from internal source secure tag tagValues/1"] })] })],
  [
    "inline rules of a policy with rules",
    WITH_RULES,
    { rules: [{ ...base, priority: 10, action: "allow", firewallPolicy: undefined }, { ...base, priority: 20 }] },
    expect.objectContaining({ kind: "regional", policy: undefined, rules: [expect.objectContaining({ label: 'RegionNetworkFirewallPolicyWithRules "p" rules[0] (priority 10)', action: "allow" }), expect.objectContaining({ label: 'RegionNetworkFirewallPolicyWithRules "p" rules[1] (priority 20)', action: "deny" })] }),
  ],
  [
    "inline rules unknown at preview: one rule that may allow anything, first",
    WITH_RULES,
    { rules: UNKNOWN },
    expect.objectContaining({ rules: [expect.objectContaining({ action: "allow", priority: -Infinity, entries: [expect.stringContaining("match.layer4Configs: protocol unknown at preview = 0-255 (portless) 0-65535 from unresolved")] })] }),
  ],
];

test.each(rows)("%s", (_name, type, props, expected) => {
  expect(summary(type, props)).toEqual(expected);
});

test("an association names its policy and its target", () => {
  const a = readAssociation(view("gcp:compute/networkFirewallPolicyAssociation:NetworkFirewallPolicyAssociation", { firewallPolicy: "edge-policy", attachmentTarget: "projects/p/global/networks/edge-net" }));
  expect({ kind: a?.family.kind, policy: a?.policy.value, target: a?.target.value }).toEqual({ kind: "global", policy: "edge-policy", target: "projects/p/global/networks/edge-net" });
  expect(readAssociation(view(RULE, {}))).toBeUndefined();
  expect(readPolicyRules(view("gcp:compute/firewall:Firewall", {}))).toBeUndefined();
});
