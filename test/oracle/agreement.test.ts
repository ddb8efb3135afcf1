import { fc, test } from "@fast-check/jest";
import { RULES } from "../../policies/rules";
import { evaluate } from "../../src/policy";
import type { ResourceView } from "../../src/shapes/resource";
import { TODAY, urnOf } from "../support/harness";
import { exposed, firewallOnPath, justified, PROTECTED, WATCHED } from "./oracle";
import { balancedWorld, justification, render, routedWorld, withoutBalancer, world, type EdgeRoute, type Family, type HostTable, type Routing, type World, type WorldBalancer } from "./world";

/**
 * cls-guard's verdicts against the brute-force oracle on random Edge networks. Seeded: a failure
 * prints its seed and path, and FC_SEED replays it. `npm run fuzz -- <runs>` runs more.
 */
const runs = Number(process.env.FC_RUNS ?? 600);
const seed = process.env.FC_SEED === undefined ? 20261121 : Number(process.env.FC_SEED);
const params = { numRuns: runs, seed, endOnFailure: true };

function views(w: World): ResourceView[] {
  return render(w).map((r) => ({ urn: urnOf(r), type: r.type, name: r.name, props: r.props, propertyDependencies: {} }));
}

/** Rule index -> where cls-guard reports it: the group's inline ingress[k] or the standalone rule. */
function origins(w: World): { urn: string; rule: string }[] {
  let inline = 0;
  return w.rules.map((r, i) => (r.shape === "inline" ? { urn: urnOf({ type: "aws:ec2/securityGroup:SecurityGroup", name: "edge" }), rule: `ingress[${inline++}]` } : { urn: urnOf({ type: r.shape === "rule" ? "aws:ec2/securityGroupRule:SecurityGroupRule" : "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: `rule-${i}` }), rule: "rule" }));
}

function flagged(w: World, policy: string): boolean[] {
  const rule = RULES.find((r) => r.name === policy)!;
  const config = { trustedPrefixLists: w.trustedPrefixLists };
  const findings = evaluate(rule, views(w), config, new Date(`${TODAY.toISOString().slice(0, 10)}T12:00:00Z`));
  return origins(w).map((o) => findings.some((f) => f.urn === o.urn && f.rule === o.rule && f.certainty === "definite"));
}

describe.each([
  ["random worlds", world],
  ["routed worlds, where the route decides", routedWorld],
  ["balanced worlds, where a load balancer is one more way in", balancedWorld],
])("cls-guard agrees with the brute-force oracle on %s", (_, worlds) => {
  test.prop([worlds], params)("cls-ports-closed: flagged exactly when some CLS packet from the internet gets through unjustified", (w) => {
    const expected = w.rules.map((_, i) => exposed(w, i, PROTECTED) && !justified(w.justification));
    expect(flagged(w, "cls-ports-closed")).toEqual(expected);
  });

  test.prop([worlds], params)("media-range-inbound-justified: flagged exactly when some media-range packet gets through unjustified", (w) => {
    const expected = w.rules.map((_, i) => exposed(w, i, WATCHED) && !justified(w.justification));
    expect(flagged(w, "media-range-inbound-justified")).toEqual(expected);
  });
});

describe("justification-valid agrees with the naive reading of a justification", () => {
  test.prop([justification], params)("a justification is reported exactly when it is present and not valid", (j) => {
    const w: World = { rules: [], justification: j, trustedPrefixLists: [], host: "edge-public", unsetListsNull: false };
    const present = j !== undefined && Object.values(j).some((v) => v !== undefined);
    const findings = evaluate(RULES.find((r) => r.name === "justification-valid")!, views(w), {}, new Date("2026-11-21T12:00:00Z"));
    expect(findings.some((f) => f.urn === urnOf({ type: "aws:ec2/securityGroup:SecurityGroup", name: "edge" }))).toBe(present && !justified(j));
  });
});

describe("the oracle walks the edge route table as the spec says", () => {
  const route = (family: Family, destination: EdgeRoute["destination"], target: EdgeRoute["target"]): EdgeRoute => ({ family, destination, target, standalone: false });
  const routed = (edgeRoutes: EdgeRoute[], more: Partial<Routing> = {}, host: World["host"] = "edge-public"): World => ({
    rules: [],
    trustedPrefixLists: [],
    host,
    unsetListsNull: false,
    firewall: { rules: [], defaultAction: "aws:drop" },
    routing: { attachment: false, edgeAssociated: true, edgeRoutes, secondFirewall: true, ...more },
  });
  test.each<[string, Family, boolean, World]>([
    ["the host subnet's block to the firewall", "ipv4", true, routed([route("ipv4", "edge-public", "fw")])],
    ["the same without the edge association", "ipv4", false, routed([route("ipv4", "edge-public", "fw")], { edgeAssociated: false })],
    ["the same for the other family", "ipv6", false, routed([route("ipv4", "edge-public", "fw")])],
    ["the VPC block to the firewall, replacing `local`", "ipv6", true, routed([route("ipv6", "vpc", "fw")])],
    ["the VPC block to the firewall, the longer host block to `local`", "ipv4", false, routed([route("ipv4", "vpc", "fw"), route("ipv4", "edge-public", "local")])],
    ["the VPC block to `local`, the longer host block to the firewall", "ipv4", true, routed([route("ipv4", "vpc", "local"), route("ipv4", "edge-public", "fw")])],
    ["the host subnet's block to the second firewall", "ipv4", false, routed([route("ipv4", "edge-public", "fw2")])],
    ["another subnet's block to the firewall", "ipv4", false, routed([route("ipv4", "edge-other", "fw")])],
    ["a host in the firewall's own subnet, the VPC block to the firewall", "ipv4", false, routed([route("ipv4", "vpc", "fw")], {}, "fw")],
    ["a route to the firewall's endpoint with no firewall in the stack", "ipv4", false, { ...routed([route("ipv4", "edge-public", "fw")]), firewall: undefined }],
    ["no routing at all", "ipv4", false, { ...routed([]), routing: undefined }],
  ])("%s: on the %s path: %s", (_, family, expected, w) => {
    expect(firewallOnPath(w, family)).toBe(expected);
  });

  test("a firewall that drops everything hides a CLS opening from the family it is routed for, not from the other", () => {
    const open = (cidr: string): World["rules"][number] => ({ shape: "inline", protocol: "tcp", from: 50001, to: 50001, cidrs4: cidr.includes(":") ? [] : [cidr], cidrs6: cidr.includes(":") ? [cidr] : [], prefixLists: [], groupRefs: [], self: false });
    const w = { ...routed([route("ipv4", "edge-public", "fw")]), rules: [open("0.0.0.0/0"), open("::/0")] };
    expect(w.rules.map((_, i) => exposed(w, i, PROTECTED))).toEqual([false, true]);
  });
});

describe("the generator reaches every routing case the spec names", () => {
  const some = (w: World, holds: (r: Routing) => boolean) => w.routing !== undefined && holds(w.routing);
  const fallback = (w: World, target: "igw" | "fw") => some(w, (r) => r.hostTable !== undefined && r.hostTable.via !== "explicit" && r.hostTable.routes.some((h) => h.target === target));
  const mainBy = (via: HostTable["via"]) => (w: World) => some(w, (r) => r.hostTable?.via === via);
  const cases: Record<string, (w: World) => boolean> = {
    "no routing": (w) => w.routing === undefined,
    "edge association missing, a route to the firewall": (w) => some(w, (r) => !r.edgeAssociated && r.edgeRoutes.some((e) => e.target === "fw")),
    "firewall on the IPv4 path, IPv6 straight to the host": (w) => firewallOnPath(w, "ipv4") && !firewallOnPath(w, "ipv6"),
    "firewall on the IPv6 path, IPv4 straight to the host": (w) => firewallOnPath(w, "ipv6") && !firewallOnPath(w, "ipv4"),
    "firewall on both paths": (w) => firewallOnPath(w, "ipv4") && firewallOnPath(w, "ipv6"),
    "a route to another subnet's block": (w) => some(w, (r) => r.edgeRoutes.some((e) => e.destination === "edge-other")),
    "a route to the second firewall": (w) => some(w, (r) => r.secondFirewall && r.edgeRoutes.some((e) => e.target === "fw2")),
    "a standalone route": (w) => some(w, (r) => r.edgeRoutes.some((e) => e.standalone)),
    "the VPC block routed to the firewall": (w) => some(w, (r) => r.edgeRoutes.some((e) => e.destination === "vpc" && e.target === "fw")),
    "the main table named by a MainRouteTableAssociation": mainBy("main-association"),
    "the main table as a DefaultRouteTable": mainBy("default-table"),
    "the main table named by the VPC's mainRouteTableId": mainBy("vpc-output"),
    "main-table fallback, default route to the gateway": (w) => fallback(w, "igw"),
    "main-table fallback, default route to the endpoint": (w) => fallback(w, "fw"),
    "a host in the firewall's subnet behind a route to the firewall": (w) => w.host === "fw" && some(w, (r) => r.edgeAssociated && r.edgeRoutes.some((e) => e.destination === "vpc" && e.target === "fw")),
    "a gateway attached by InternetGatewayAttachment": (w) => some(w, (r) => r.attachment),
  };
  const sample = fc.sample(world, { numRuns: 600, seed });
  test.each(Object.entries(cases))("%s", (_, holds) => {
    expect(sample.some(holds)).toBe(true);
  });

  test("a media-range opening that only UDP sent in fragments gets through", () => {
    const throughFragmentsOnly = (w: World) => w.rules.some((_, i) => exposed(w, i, WATCHED) && !exposed({ ...w, firewall: { ...w.firewall!, fragmentAction: "aws:drop" } }, i, WATCHED));
    expect(fc.sample(routedWorld, { numRuns: 600, seed }).some(throughFragmentsOnly)).toBe(true);
  });
});

describe("the oracle follows a load balancer as the ELB guides say", () => {
  const open = (cidrs: string[]): World["rules"][number] => ({ shape: "inline", protocol: "tcp", from: 50001, to: 50001, cidrs4: cidrs.filter((c) => !c.includes(":")), cidrs6: cidrs.filter((c) => c.includes(":")), prefixLists: [], groupRefs: [], self: false });
  const nlb: WorldBalancer = { kind: "network", internal: false, dualStack: false, subnets: ["lb-a"], listenerPort: 50001, protocol: "TCP", groupPort: 50001, attachmentPort: 0, targetType: "instance", preserveClientIp: "", securityGroups: [] };
  const namingOffice: World["rules"][number] = { shape: "inline", protocol: "tcp", from: 50001, to: 50001, cidrs4: [], cidrs6: [], prefixLists: [], groupRefs: ["sg-office"], self: false };
  const toFirewall = (destination: EdgeRoute["destination"]): EdgeRoute[] => (["ipv4", "ipv6"] as const).map((family) => ({ family, destination, target: "fw", standalone: false }));
  /** The host behind a firewall that drops everything, the balancer's subnets routed as told. */
  const behind = (balancer: Partial<WorldBalancer>, inspected: EdgeRoute["destination"][] = [], more: Partial<World> = {}): World => ({
    rules: [open(["0.0.0.0/0"])],
    trustedPrefixLists: [],
    host: "edge-public",
    unsetListsNull: false,
    firewall: { rules: [], defaultAction: "aws:drop" },
    routing: { attachment: false, edgeAssociated: true, edgeRoutes: [...toFirewall("edge-public"), ...inspected.flatMap(toFirewall)], secondFirewall: false },
    balancer: { ...nlb, ...balancer },
    ...more,
  });
  /** The same with a NACL on the host's subnet that denies everything. */
  const denied = (balancer: Partial<WorldBalancer>, rule = ["0.0.0.0/0"]) => behind(balancer, [], { acl: [], rules: [open(rule)] });
  /** The same NACL letting the VPC's own addresses in first, a balancer's among them. */
  const vpcFirst = (balancer: Partial<WorldBalancer>, rule = ["0.0.0.0/0"]) => behind(balancer, [], { acl: [{ ruleNo: 80, action: "allow", protocol: "-1", from: 0, to: 0, cidr: "10.0.0.0/16" }], rules: [open(rule)] });
  test.each<[string, World, boolean]>([
    ["an internet-facing NLB forwarding 50001 around the firewall", behind({}), true],
    ["the same, internal", behind({ internal: true }), false],
    ["its subnet routed through the firewall, listener port = host port: credited", behind({}, ["lb-a"]), false],
    ["the VPC block routed through the firewall covers its subnet", behind({}, ["vpc"]), false],
    ["routed through the firewall, listener 443 to host 50001: the firewall sees 443, no credit", behind({ listenerPort: 443 }, ["lb-a"]), true],
    ["one of its two subnets routed through the firewall: the other is a way around", behind({ subnets: ["lb-a", "lb-b"] }, ["lb-a"]), true],
    ["forwarding to port 443 only", behind({ listenerPort: 443, groupPort: 443 }), false],
    ["the attachment's port 50001 replaces the group's 443", behind({ groupPort: 443, attachmentPort: 50001 }), true],
    ["a UDP group delivers no TCP", behind({ protocol: "UDP" }), false],
    ["an NLB keeping the client's address (instance targets): the host's NACL judges it", denied({}), false],
    ["an NLB without preservation: the NACL judges the balancer's address, and denies it", denied({ preserveClientIp: "false" }), false],
    ["... and lets it in where it allows the VPC's addresses first", vpcFirst({ preserveClientIp: "false" }), true],
    ["ip targets, preservation unset: off", vpcFirst({ targetType: "ip" }), true],
    ["a TCP_UDP group always keeps the address", behind({ protocol: "TCP_UDP", preserveClientIp: "false" }, [], { acl: [] }), false],
    ["an ALB opens its own connection: the NACL judges its address", denied({ kind: "application", protocol: "HTTPS" }), false],
    ["... which a NACL allowing the VPC's addresses first lets in", vpcFirst({ kind: "application", protocol: "HTTPS" }), true],
    ["... and one allowing only part of its subnet too: a node there gets through", behind({ kind: "application", protocol: "HTTPS" }, [], { acl: [{ ruleNo: 80, action: "allow", protocol: "-1", from: 0, to: 0, cidr: "10.0.3.0/25" }] }), true],
    ["an IPv4 balancer takes no IPv6 client", denied({ preserveClientIp: "false" }, ["::/0"]), false],
    ["a dual-stack NLB hands IPv6 clients to IPv4 targets from its own IPv4 address: an IPv6 rule does not admit it", denied({ dualStack: true }, ["::/0"]), false],
    ["... and an IPv4 rule holding that address lets the IPv6 clients in", vpcFirst({ dualStack: true }, ["10.0.0.0/8"]), true],
    ["an ALB connects from its subnet: a rule admitting the VPC's block lets every client in", vpcFirst({ kind: "application", protocol: "HTTPS" }, ["10.0.0.0/8"]), true],
    ["... a rule admitting only the host's subnet admits no client", vpcFirst({ kind: "application", protocol: "HTTPS" }, ["10.0.1.0/24"]), false],
    ["... a rule admitting only an internet block admits no client through it", vpcFirst({ kind: "application", protocol: "HTTPS" }, ["203.0.113.0/24"]), false],
    ["an NLB keeping the client's address: a rule admitting the VPC's block admits no client", behind({}, [], { rules: [open(["10.0.0.0/8"])] }), false],
    ["an NLB keeping the client's address, in group sg-office: a rule naming that group admits every client", behind({ securityGroups: ["sg-office"] }, [], { rules: [namingOffice] }), true],
    ["... and the host's NACL still judges the kept client's address", behind({ securityGroups: ["sg-office"] }, [], { rules: [namingOffice], acl: [] }), false],
    ["an NLB in another group: the rule names none of its groups", behind({ securityGroups: ["sg-lb"] }, [], { rules: [namingOffice] }), false],
  ])("%s", (_, w, expected) => {
    expect(exposed(w, 0, PROTECTED)).toBe(expected);
  });
});

describe("the balanced generator reaches every balancer case the spec names", () => {
  const sample = fc.sample(balancedWorld, { numRuns: 600, seed });
  const some = (holds: (b: WorldBalancer, w: World) => boolean) => sample.some((w) => holds(w.balancer!, w));
  const cases: Record<string, () => boolean> = {
    "an internal balancer": () => some((b) => b.internal),
    "an application balancer": () => some((b) => b.kind === "application"),
    "a dual-stack balancer": () => some((b) => b.dualStack),
    "a UDP group": () => some((b) => b.protocol === "UDP"),
    "ip targets without preservation": () => some((b) => b.targetType === "ip" && b.preserveClientIp === ""),
    "preservation turned off": () => some((b) => b.preserveClientIp === "false"),
    "an attachment's own port": () => some((b) => b.attachmentPort !== 0),
    "listener port = host port, every subnet routed through the firewall": () => some((b, w) => b.listenerPort === b.groupPort && b.subnets.every((s) => w.routing!.edgeRoutes.some((e) => e.destination === s && e.target === "fw"))),
    "one of two subnets routed through the firewall": () => some((b, w) => b.subnets.length === 2 && b.subnets.filter((s) => w.routing!.edgeRoutes.some((e) => e.destination === s && e.target === "fw")).length === 1),
    "a CLS opening the balancer alone exposes": () => sample.some((w) => w.rules.some((_, i) => exposed(w, i, PROTECTED) && !exposed(withoutBalancer(w), i, PROTECTED))),
    "a rule that lets the internet in by naming the balancer's group": () => sample.some((w) => w.balancer!.securityGroups.includes("sg-office") && w.rules.some((r, i) => r.groupRefs.length > 0 && r.cidrs4.length + r.cidrs6.length + r.prefixLists.length === 0 && exposed(w, i, PROTECTED))),
    "a balancer whose own group stops what the balancer would let through": () =>
      sample.some((w) => w.balancer!.guard !== undefined && w.balancer!.securityGroups.length === 0 && w.rules.some((_, i) => !exposed(w, i, PROTECTED) && exposed({ ...w, balancer: { ...w.balancer!, guard: undefined } }, i, PROTECTED))),
    "a NACL that stops the balancer's own address": () =>
      sample.some((w) => w.balancer!.kind === "application" && w.acl !== undefined && w.rules.some((_, i) => !exposed(w, i, PROTECTED) && exposed({ ...w, acl: undefined }, i, PROTECTED) && !exposed(withoutBalancer({ ...w, acl: undefined }), i, PROTECTED))),
    "a rule admitting no internet address that the balancer's address lets the internet through": () =>
      sample.some((w) => w.rules.some((r, i) => r.prefixLists.length === 0 && !exposed(withoutBalancer(w), i, PROTECTED) && exposed(w, i, PROTECTED) && r.cidrs4.every((c) => c.startsWith("10.")) && r.cidrs6.length === 0)),
  };
  test.each(Object.entries(cases))("%s", (_, holds) => {
    expect(holds()).toBe(true);
  });
});
