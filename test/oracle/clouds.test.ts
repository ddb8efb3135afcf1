import { fc, test } from "@fast-check/jest";
import { RULES } from "../../policies/rules";
import { evaluate } from "../../src/policy";
import type { ResourceView } from "../../src/shapes/resource";
import { GT } from "../support/gcp";
import { TODAY, urnOf, type TestResource } from "../support/harness";
import { azureExposing, key } from "./azureOracle";
import { azureWorld, GROUPS, LEVELS, NSG_NAMES, renderAzure, ruleName, type AzureRule, type AzureWorld } from "./azureWorld";
import { gcpExposing } from "./gcpOracle";
import { firewallName, gcpWorld, renderGcp, type GcpRule, type GcpWorld } from "./gcpWorld";
import { PROTECTED, WATCHED } from "./oracle";

/**
 * cls-guard's verdicts on Azure NSGs and Google Cloud VPC firewall rules against the naive
 * oracles, on random worlds. Seeded like agreement.test.ts: a failure prints its seed and path,
 * FC_SEED replays it and FC_RUNS runs more.
 */
const runs = Number(process.env.FC_RUNS ?? 500);
const seed = process.env.FC_SEED === undefined ? 20261121 : Number(process.env.FC_SEED);
const params = { numRuns: runs, seed, endOnFailure: true };

/** Where a finding lands, and which of the oracle's rules that is. */
interface Origin {
  readonly urn: string;
  readonly rule: string;
  readonly key: string;
}

/** The definite findings of one policy over a stack, as `urn rule`. */
function findings(resources: readonly TestResource[], policy: string): Set<string> {
  const views: ResourceView[] = resources.map((r) => ({ urn: urnOf(r), type: r.type, name: r.name, props: r.props, propertyDependencies: {} }));
  const all = evaluate(RULES.find((r) => r.name === policy)!, views, {}, TODAY);
  return new Set(all.filter((f) => f.certainty === "definite").map((f) => `${f.urn} ${f.rule}`));
}

/** Each NSG's inline rules are securityRules[k] of the NSG; a standalone rule is its own resource's "rule". */
function azureOrigins(w: AzureWorld, resources: readonly TestResource[]): Origin[] {
  const urn = (name: string) => urnOf(resources.find((r) => r.name === name)!);
  return LEVELS.flatMap((level) => {
    let inline = 0;
    const nsg = NSG_NAMES[level];
    return (w[level] ?? []).map((r) => ({
      key: key(level, r),
      ...(r.standalone ? { urn: urn(`${nsg}-${ruleName(r)}`), rule: "rule" } : { urn: urn(nsg), rule: `securityRules[${inline++}]` }),
    }));
  });
}

/** Each allow entry of a firewall is allows[k] of its resource. */
function gcpOrigins(w: GcpWorld): Origin[] {
  return w.rules.flatMap((r, i) =>
    r.action === "allow" ? r.entries.map((_, k) => ({ key: `${i} ${k}`, urn: urnOf({ type: GT.firewall, name: firewallName(i) }), rule: `allows[${k}]` })) : [],
  );
}

/** Which origins the policy flags, and which the oracle says it must: two lists to compare. */
function verdicts(resources: readonly TestResource[], origins: readonly Origin[], exposing: Set<string>, policy: string) {
  const found = findings(resources, policy);
  const label = (o: Origin) => `${o.urn.split("::").pop()} ${o.rule}`;
  return {
    flagged: origins.filter((o) => found.has(`${o.urn} ${o.rule}`)).map(label),
    expected: origins.filter((o) => exposing.has(o.key)).map(label),
    strays: [...found].filter((f) => !origins.some((o) => f === `${o.urn} ${o.rule}`)),
  };
}

const POLICIES = [
  ["cls-ports-closed", PROTECTED],
  ["media-range-inbound-justified", WATCHED],
] as const;

describe.each(POLICIES)("%s agrees with the naive judge", (policy, target) => {
  test.prop([azureWorld], params)("on Azure NSGs at the subnet and the NIC", (w) => {
    const resources = renderAzure(w);
    const v = verdicts(resources, azureOrigins(w, resources), azureExposing(w, target), policy);
    expect({ flagged: v.flagged, strays: v.strays }).toEqual({ flagged: v.expected, strays: [] });
  });

  test.prop([gcpWorld], params)("on Google Cloud VPC firewall rules", (w) => {
    const v = verdicts(renderGcp(w), gcpOrigins(w), gcpExposing(w, target), policy);
    expect({ flagged: v.flagged, strays: v.strays }).toEqual({ flagged: v.expected, strays: [] });
  });
});

describe("the naive judges read the clouds' documented semantics", () => {
  const nsgRule = (priority: number, access: AzureRule["access"], from: AzureRule["from"], ports: AzureRule["ports"] = "50000-59999"): AzureRule => ({ priority, access, protocol: "Tcp", ports, from, standalone: false });
  const opens = (w: AzureWorld) => [...azureExposing(w, PROTECTED)].sort();
  test.each<[string, AzureWorld, string[]]>([
    ["an allow from Internet with no other NSG", { provider: "native", nic: [nsgRule(200, "Allow", "Internet")] }, ["nic 200"]],
    ["an earlier deny in the same NSG", { provider: "native", nic: [nsgRule(100, "Deny", "*", "50001-50003"), nsgRule(200, "Allow", "Internet")] }, []],
    ["a later deny in the same NSG is dead", { provider: "native", nic: [nsgRule(300, "Deny", "*", "50001-50003"), nsgRule(200, "Allow", "Internet")] }, ["nic 200"]],
    ["the subnet NSG's DenyAllInBound stops the NIC's allow", { provider: "native", subnet: [], nic: [nsgRule(200, "Allow", "Internet")] }, []],
    ["both levels allow: both rules expose", { provider: "native", subnet: [nsgRule(4000, "Allow", "*", "*")], nic: [nsgRule(200, "Allow", "Internet")] }, ["nic 200", "subnet 4000"]],
    ["VirtualNetwork and AzureLoadBalancer are not the internet", { provider: "native", nic: [nsgRule(200, "Allow", "VirtualNetwork"), nsgRule(300, "Allow", "AzureLoadBalancer")] }, []],
    ["an IPv4 deny leaves IPv6 to a later allow", { provider: "native", nic: [nsgRule(100, "Deny", "0.0.0.0/0"), nsgRule(200, "Allow", "*")] }, ["nic 200"]],
    ["a deny towards the NIC's group", { provider: "native", nicGroups: ["asg-edge"], nic: [{ ...nsgRule(100, "Deny", "*", "50001-50003"), to: ["asg-other", "asg-edge"] }, nsgRule(200, "Allow", "Internet")] }, []],
    ["a deny towards another group", { provider: "native", nicGroups: ["asg-edge"], nic: [{ ...nsgRule(100, "Deny", "*", "50001-50003"), to: ["asg-other"] }, nsgRule(200, "Allow", "Internet")] }, ["nic 200"]],
    ["an allow towards a group the NIC does not join", { provider: "native", nic: [{ ...nsgRule(200, "Allow", "Internet"), to: ["asg-edge"] }] }, []],
    [
      "a classic NIC may join a group by an association outside the stack: an allow towards it counts, and the packet may still go on past a deny to a later allow",
      { provider: "classic", nic: [{ ...nsgRule(100, "Allow", "Internet"), to: ["asg-edge"] }, nsgRule(200, "Deny", "*", "50001-50003"), nsgRule(300, "Allow", "Internet")] },
      ["nic 100", "nic 300"],
    ],
    ["a classic NIC's deny towards a group it is not shown to join earns nothing", { provider: "classic", nic: [{ ...nsgRule(100, "Deny", "*", "50001-50003"), to: ["asg-edge"] }, nsgRule(200, "Allow", "Internet")] }, ["nic 200"]],
  ])("Azure: %s", (_, w, expected) => {
    expect(opens(w)).toEqual(expected);
  });

  const fwRule = (priority: number, action: GcpRule["action"], more: Partial<GcpRule> = {}): GcpRule => ({
    priority, action, entries: [{ protocol: "tcp", ports: ["50000-59999"] }], sourceRanges: ["0.0.0.0/0"], sourceTags: [], targetTags: [], disabled: false, direction: "INGRESS", ...more,
  });
  const exposing = (w: GcpWorld) => [...gcpExposing(w, PROTECTED)].sort();
  test.each<[string, GcpRule[], string[]]>([
    ["an allow to every instance", [fwRule(1000, "allow")], ["0 0"]],
    ["a deny wins a tie", [fwRule(1000, "allow"), fwRule(1000, "deny")], []],
    ["a deny at a higher number comes too late", [fwRule(1000, "allow"), fwRule(1100, "deny")], ["0 0"]],
    ["two allows of one priority both decide", [fwRule(1000, "allow"), fwRule(1000, "allow", { entries: [{ protocol: "all", ports: [] }] })], ["0 0", "1 0"]],
    ["source tags alone are not the internet", [fwRule(1000, "allow", { sourceRanges: [], sourceTags: ["edge-lb"] })], []],
    ["a disabled deny earns nothing", [fwRule(1000, "allow"), fwRule(900, "deny", { disabled: true })], ["0 0"]],
    ["an egress allow opens nothing inbound", [fwRule(1000, "allow", { direction: "EGRESS" })], []],
    ["a deny targeting another tag earns nothing", [fwRule(1000, "allow"), fwRule(900, "deny", { targetTags: ["web"] })], ["0 0"]],
    ["an allow targeting no instance of the stack reaches those outside it, which a deny for every instance covers", [fwRule(1000, "allow", { targetTags: ["web"] }), fwRule(900, "deny")], []],
    ["an allow targeting no instance of the stack, a deny for another tag", [fwRule(1000, "allow", { targetTags: ["web"] }), fwRule(900, "deny", { targetTags: ["edge"] })], ["0 0"]],
    ["a deny for the stack's tag leaves untagged instances outside it open to an allow for every instance", [fwRule(1000, "allow"), fwRule(900, "deny", { targetTags: ["edge"] })], ["0 0"]],
    ["a deny for the allow's own tag covers every instance it reaches", [fwRule(1000, "allow", { targetTags: ["edge"] }), fwRule(900, "deny", { targetTags: ["edge"] })], []],
    ["a valid justification excuses the allow", [fwRule(1000, "allow", { justification: { reason: "ocs-2007-federation", ticket: "T-1", approver: "secops", expires: "2027-03-01" } })], []],
  ])("Google Cloud: %s", (_, rules, expected) => {
    expect(exposing({ instances: [["edge"]], rules })).toEqual(expected);
  });
});

describe("the generators reach the cases that decide a verdict", () => {
  /** Each Azure allow: does it open the CLS ports with its own NSG alone, and with both levels? */
  const azureAllows = (w: AzureWorld) => {
    const together = azureExposing(w, PROTECTED);
    return LEVELS.flatMap((level) => {
      const alone = azureExposing({ provider: w.provider, nicGroups: w.nicGroups, [level]: w[level] }, PROTECTED);
      return (w[level] ?? []).filter((r) => r.access === "Allow").map((r) => ({ rule: r, alone: alone.has(key(level, r)), together: together.has(key(level, r)) }));
    });
  };
  /** Google Cloud entries that open the CLS ports once the world loses something. */
  const gcpOpenedBy = (w: GcpWorld, change: (r: GcpRule) => GcpRule) => {
    const open = gcpExposing(w, PROTECTED);
    return [...gcpExposing({ ...w, rules: w.rules.map(change) }, PROTECTED)].filter((k) => !open.has(k));
  };
  /** A targeted deny that applies to every instance of the world; made to apply to every instance of the network, it can close only openings outside the world. */
  const coversStack = (w: GcpWorld, d: GcpRule) => d.targetTags.length > 0 && w.instances.every((tags) => d.targetTags.some((t) => tags.includes(t)));
  const forEveryInstance = (w: GcpWorld, d: GcpRule): GcpWorld => ({ ...w, rules: w.rules.map((r) => (r === d ? { ...r, targetTags: [] } : r)) });
  const targetsNone = (w: GcpWorld, r: GcpRule) => r.targetTags.length > 0 && !w.instances.some((tags) => r.targetTags.some((t) => tags.includes(t)));
  const azure = fc.sample(azureWorld, { numRuns: 300, seed });
  const gcp = fc.sample(gcpWorld, { numRuns: 300, seed });
  const cases: [string, () => boolean][] = [
    ["Azure: an allow that opens the CLS ports through both levels", () => azure.some((w) => !!w.subnet && !!w.nic && azureAllows(w).some((a) => a.together))],
    ["Azure: an allow that opens the CLS ports in its NSG, stopped at the other level", () => azure.some((w) => azureAllows(w).some((a) => a.alone && !a.together))],
    ["Azure: a standalone rule that opens the CLS ports", () => azure.some((w) => azureAllows(w).some((a) => a.rule.standalone && a.together))],
    ["Azure: an allow towards the NIC's group that opens the CLS ports", () => azure.some((w) => azureAllows(w).some((a) => a.rule.to && a.together))],
    ["Azure: an allow that would open the CLS ports but targets groups the NIC does not join", () => azure.some((w) => azureAllows({ ...w, nicGroups: GROUPS }).some((a) => a.rule.to && a.together && !azureAllows(w).find((b) => b.rule === a.rule)?.together))],
    ["Azure: a deny towards the NIC's group that closes an opening", () => azure.some((w) => azureExposing(w, PROTECTED).size < azureExposing({ ...w, subnet: w.subnet?.filter((r) => !(r.access === "Deny" && r.to)), nic: w.nic?.filter((r) => !(r.access === "Deny" && r.to)) }, PROTECTED).size)],
    ["Google Cloud: an allow the denies close", () => gcp.some((w) => gcpOpenedBy(w, (r) => (r.action === "deny" ? { ...r, disabled: true } : r)).length > 0)],
    ["Google Cloud: an opening allow excused by its justification", () => gcp.some((w) => gcpOpenedBy(w, (r) => ({ ...r, justification: undefined })).length > 0)],
    ["Google Cloud: a deny for tags every instance of the stack carries, leaving an opening outside it", () => gcp.some((w) => w.rules.some((d) => d.action === "deny" && coversStack(w, d) && gcpExposing(forEveryInstance(w, d), PROTECTED).size < gcpExposing(w, PROTECTED).size))],
    ["Google Cloud: an allow targeting no instance that opens the CLS ports", () => gcp.some((w) => [...gcpExposing(w, PROTECTED)].some((k) => targetsNone(w, w.rules[Number(k.split(" ")[0])])))],
  ];
  test.each(cases)("%s", (_, reached) => {
    expect(reached()).toBe(true);
  });
});
