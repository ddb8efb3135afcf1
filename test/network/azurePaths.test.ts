import { azureOpenings } from "../../src/network/azure/openings";
import type { Opening } from "../../src/network/paths";
import { NATIVE } from "../../src/shapes/azure/types";
import { snapshot, unknownCheckingProxy, type ResourceView } from "../../src/shapes/resource";
import { allow, azureEdge, behindBalancer, DENY_CLS, MEDIA, nsg, PROVIDERS, type BalancerOptions, type Provider } from "../support/azure";
import { trafficText } from "../support/modelText";
import { toEngine, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";

/**
 * The Azure path model: for a rule, the hops in front of it on the way to each host, with the
 * evidence for each, and whether the host is reachable. Each case for both providers, after an
 * update and at preview.
 */
function views(resources: TestResource[]): ResourceView[] {
  return toEngine(resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {}, props: snapshot(unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)))) as Record<string, unknown> }));
}

function openingOf(resources: TestResource[], ruleName: string): Opening {
  const opening = azureOpenings(views(resources)).find((o) => o.rule.origin.rule === ruleName || o.rule.origin.name === ruleName);
  if (!opening) throw new Error(`no opening ${ruleName}`);
  return opening;
}

const pathText = (o: Opening) =>
  o.paths!.paths.map((p) => ({ host: p.host, hops: p.hops.map((h) => `${h.layer.name} | ${h.evidence}`), reachable: p.reachability.state, doubts: p.doubts.length }));

const HOST = 'NetworkInterface "edge-nic" (of VirtualMachine "edge-vm")';
const vmName = (p: Provider) => (p === "native" ? "VirtualMachine" : "WindowsVirtualMachine");
const host = (p: Provider) => HOST.replace("VirtualMachine", vmName(p));
const BEFORE = (nsgName: string, rule: string) => `the rules of NSG "${nsgName}" before ${rule} | `;

describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("Azure paths (%s, %s)", (p, mode) => {
  const build = (resources: TestResource[]) => materialise(resources, mode);

  test("a rule of the NIC's NSG: the subnet's NSG as a whole, then the rules before it", () => {
    const o = openingOf(build(azureEdge(p, { subnetRules: [allow(100, "*", "*", "*")], nicRules: [DENY_CLS, MEDIA] })), "securityRules[1]");
    expect(o.subjects.map((s) => s.name)).toEqual(["edge-nic-nsg"]);
    expect(pathText(o)).toEqual([
      {
        host: `${host(p)} in Subnet "edge"`,
        hops: [
          'NSG "edge-subnet-nsg" | NSG "edge-subnet-nsg" is the NSG of Subnet "edge"',
          `${BEFORE("edge-nic-nsg", 'rule 200 "allow-media" of NSG "edge-nic-nsg"')}NSG "edge-nic-nsg" is the NSG of ${host(p)}; NSG "edge-nic-nsg" evaluates its rules by ascending priority, so the ones before rule 200 "allow-media" of NSG "edge-nic-nsg" decide first`,
        ],
        reachable: "yes",
        doubts: 0,
      },
    ]);
  });

  test("a rule of the subnet's NSG: the rules before it, then the NIC's NSG as a whole", () => {
    const o = openingOf(build(azureEdge(p, { subnetRules: [MEDIA], nicRules: [MEDIA] })), "edge-subnet-nsg");
    expect(pathText(o)[0].hops.map((h) => h.split(" | ")[0])).toEqual([`the rules of NSG "edge-subnet-nsg" before rule 200 "allow-media" of NSG "edge-subnet-nsg"`, 'NSG "edge-nic-nsg"']);
    expect(o.paths!.paths[0].reachability.path).toEqual(["edge-pip", "edge-subnet-nsg", "edge", "edge-nic-nsg", "edge-nic", "edge-vm"].map((n) => expect.stringContaining(`::${n}`)));
  });

  test("the first rule has nothing before it to claim anything", () => {
    const o = openingOf(build(azureEdge(p, { nicRules: [MEDIA] })), "securityRules[0]");
    const hop = o.paths!.paths[0].hops[0];
    expect(hop.layer.name).toBe('the rules of NSG "edge-nic-nsg" before rule 200 "allow-media" of NSG "edge-nic-nsg"');
    expect(o.paths!.paths[0].notes).toEqual(['Subnet "edge" has no NSG, so nothing filters there']);
  });

  test("no public IP: not reachable, and why", () => {
    const o = openingOf(build(azureEdge(p, { nicRules: [MEDIA], publicIp: false })), "securityRules[0]");
    expect(o.paths!.paths[0].reachability).toEqual({ state: "no", how: `${host(p)} has no public IP address (a load balancer that forwards to it is followed as a path of its own, an Azure Firewall DNAT rule as an opening of its own)`, path: [] });
  });

  test("a deny is no opening", () => {
    expect(azureOpenings(views(build(azureEdge(p, { nicRules: [DENY_CLS] }))))).toEqual([]);
  });
});

test("at preview, an inline subnet of a VirtualNetwork stands for the NIC's subnet when it is the only one", () => {
  const resources = [
    nsg("native", "edge-subnet-nsg", [MEDIA]),
    res(NATIVE.vnet, "vnet", { subnets: [{ name: "edge", networkSecurityGroup: { id: ref("edge-subnet-nsg") } }] }),
    res(NATIVE.nic, "edge-nic", { ipConfigurations: [{ subnet: { id: ref("vnet") } }] }),
  ];
  const o = openingOf(materialise(resources, "preview"), "securityRules[0]");
  expect(pathText(o).map((p) => [p.host, p.doubts])).toEqual([['NetworkInterface "edge-nic" in subnet "vnet/edge"', 0]]);
});

test("after an update, a NIC names an inline subnet by its id", () => {
  const resources = [
    nsg("native", "edge-subnet-nsg", [MEDIA]),
    res(NATIVE.vnet, "vnet", { subnets: [{ name: "other", id: "/v/subnets/other" }, { name: "edge", id: "/V/Subnets/Edge", networkSecurityGroup: { id: ref("edge-subnet-nsg") } }] }),
    res(NATIVE.nic, "edge-nic", { ipConfigurations: [{ subnet: { id: "/v/subnets/edge" } }] }),
  ];
  const o = openingOf(materialise(resources, "update"), "securityRules[0]");
  expect(pathText(o).map((p) => p.host)).toEqual(['NetworkInterface "edge-nic" in subnet "vnet/edge"']);
});

test("a host whose NSG is unknown at preview, named by no dependency, is a path with a doubt", () => {
  const resources = materialise(azureEdge("native", { nicRules: [MEDIA] }), "preview").map((r) => (r.name === "edge-nic" ? { ...r, propertyDependencies: {} } : r));
  const o = openingOf(resources, "securityRules[0]");
  expect(pathText(o)).toEqual([{ host: 'NetworkInterface "edge-nic" (of VirtualMachine "edge-vm")', hops: [expect.stringContaining("the rules of NSG")], reachable: "unknown", doubts: 2 }]);
});

/**
 * Load balancer paths beside the direct one (the NIC has no public IP): the same NSG hops, for the
 * balancer keeps the client's address, carrying what the rule forwards to the host's port.
 */
describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("Azure paths through a load balancer (%s, %s)", (p, mode) => {
  const TCP = (ports: string, from = "0.0.0.0/0") => `protocols 6 ports ${ports} from ${from}`;
  const rows: [string, BalancerOptions, { carries: string[]; reachable: string; note?: string }[]][] = [
    ["a rule forwarding 50001 from a public IPv4 frontend", { forwards: [{ part: "rule", frontendPort: 50001, backendPort: 50001 }] }, [{ carries: [TCP("50001")], reachable: "yes" }]],
    ["a rule forwarding only 443 carries only 443", { forwards: [{ part: "rule", frontendPort: 443, backendPort: 443 }] }, [{ carries: [TCP("443")], reachable: "yes" }]],
    ["a NAT rule carries its backend port, not its frontend port", { forwards: [{ part: "nat rule", frontendPort: 443, backendPort: 50001 }] }, [{ carries: [TCP("50001")], reachable: "yes" }]],
    ["an IPv6 frontend admits IPv6 clients only", { ipVersion: "IPv6", forwards: [{ part: "rule", frontendPort: 50001, backendPort: 50001 }] }, [{ carries: [TCP("50001", "::/0")], reachable: "yes" }]],
    ["All is TCP and UDP, and backend port 0 is any port", { forwards: [{ part: "rule", protocol: "All", frontendPort: 0, backendPort: 0 }] }, [{ carries: ["protocols 6,17 ports 0-65535 from 0.0.0.0/0"], reachable: "yes" }]],
    [
      "a backend port unknown at preview is read as any port",
      { forwards: [{ part: "rule", frontendPort: 443, backendPort: ref("edge-subnet-nsg", 50001) }] },
      mode === "update" ? [{ carries: [TCP("50001")], reachable: "yes" }] : [{ carries: [TCP("0-65535")], reachable: "yes", note: "backendPort is not known until the update; read as any port" }],
    ],
  ];
  test.each(rows)("%s", (_name, balancer, expected) => {
    const resources = materialise(behindBalancer(p, azureEdge(p, { subnetRules: [DENY_CLS, MEDIA], nicRules: [MEDIA], publicIp: false }), balancer, mode), mode);
    const o = openingOf(resources, "edge-nic-nsg");
    const [direct, ...through] = o.paths!.paths;
    expect(direct.reachability.state).toBe("no");
    expect(through.map((t) => ({ carries: trafficText(t.carries!), reachable: t.reachability.state, ...(t.notes.some((n) => n.includes("not known until the update")) ? { note: expect.any(String) } : {}) }))).toEqual(expected);
    for (const t of through) {
      // Pass-through: the host's own NSG hops, the subnet's deny of the CLS ports among them.
      expect(t.hops).toBe(direct.hops);
      expect(t.host).toBe(`${direct.host} through LoadBalancer "edge-lb"`);
      expect(t.resources).toEqual(expect.arrayContaining([expect.stringContaining("::edge-lb"), ...direct.resources]));
      if (expected[0]?.note) expect(t.notes.join("\n")).toContain(expected[0].note);
    }
  });
});
