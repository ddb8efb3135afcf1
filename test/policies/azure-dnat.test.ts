import { azureEdge, behindBalancer, deny, DENY_CLS, DNAT_SHAPES, dnatFirewall, towards, type Dnat, type DnatOptions, type DnatShape, type Forwarding, type Provider } from "../support/azure";
import { justified } from "../support/fixtures";
import { runPack, type TestResource } from "../support/harness";
import { materialise, ref } from "../support/network";

/**
 * Azure Firewall DNAT rules through the real pack: each row runs for every shape that carries
 * DNAT rules (a firewall's own, a classic collection, a policy's rule collection group in either
 * provider), after an update and at preview. `cls` is what cls-ports-closed says (mandatory),
 * `media` what media-range-inbound-justified says (advisory); [] means nothing.
 */
interface Row {
  readonly name: string;
  readonly dnat: Dnat;
  readonly options?: DnatOptions;
  /** The Edge behind the firewall: no public IP of its own unless told. */
  readonly edge?: TestResource[] | ((p: Provider) => TestResource[]);
  readonly cls: string[];
  readonly media?: string[];
  /** The shapes the row applies to, when not all. */
  readonly only?: (p: Provider, s: DnatShape) => boolean;
}

const ORIGINS: Record<`${Provider} ${DnatShape}`, string> = {
  "native firewall": 'AzureFirewall "edge-fw" natRuleCollections[0].rules[0]',
  "classic firewall": 'FirewallNatRuleCollection "edge-dnat" rules[0]',
  "native policy": 'FirewallPolicyRuleCollectionGroup "edge-rcg" ruleCollections[0].rules[0]',
  "classic policy": 'FirewallPolicyRuleCollectionGroup "edge-rcg" natRuleCollections[0].rules[0]',
};

const withFqdn = (p: Provider, s: DnatShape) => !(p === "classic" && s === "firewall");
const withSnat = (_p: Provider, s: DnatShape) => s === "firewall";
const media = justified() as Record<string, string>;
const expired = justified({ "cls-guard:expires": "2026-01-01" }) as Record<string, string>;

const rows: Row[] = [
  { name: "public 443 to the host's 50001 from *", dnat: { port: "50001" }, cls: ["(tcp 50001) lets TCP 50001 in from *", 'Reachable now: NetworkInterface "edge-nic" (of ', 'Firewall "edge-fw" forwards 443 to 10.0.1.4:50001 on PublicI', '"fw-pip"'] },
  { name: "public 443 to the host's 443", dnat: { port: "443" }, cls: [], media: [] },
  { name: "public 50001 to the host's 3389: the translated port decides", dnat: { port: "3389", publicPorts: ["50001"] }, cls: [], media: [] },
  { name: "several public ports land on the one translated port", dnat: { port: "443", publicPorts: ["50001", "50000-59999"] }, cls: [], media: [] },
  { name: "a media port, unjustified", dnat: { port: "50010" }, cls: [], media: ["(tcp 50010) lets TCP 50010 in from *"] },
  { name: "a media port justified by the tags of the firewall or policy", dnat: { port: "50010" }, options: { tags: media }, cls: [], media: [] },
  { name: "an expired justification on the firewall or policy does not count", dnat: { port: "50002" }, options: { tags: expired }, cls: ["lets TCP 50002 in from *", 'Its justification does not count: tags of "'] },
  {
    name: "an NSG deny from Internet on the host does not stop a DNAT: the firewall forwards from its private address",
    dnat: { port: "50001" },
    edge: (p) => azureEdge(p, { subnetRules: [DENY_CLS], nicRules: [DENY_CLS], publicIp: false }),
    cls: ["lets TCP 50001 in from *", "reaches NetworkInterface \"edge-nic\" (of ", "from the firewall's private address, not from the internet client, and its NSGs judge that address"],
  },
  { name: "an NSG deny from * on the host stops the DNAT'd traffic for every client", dnat: { port: "50001" }, edge: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "*")], publicIp: false }), cls: [], media: [] },
  { name: "an NSG deny from * towards the host's private address stops the DNAT'd traffic", dnat: { port: "50001" }, edge: (p) => azureEdge(p, { nicRules: [{ ...deny(100, "Tcp", "50001-50003", "*"), extra: towards(p, "10.0.1.4") }], publicIp: false }), cls: [], media: [] },
  { name: "a subnet NSG deny from VirtualNetwork holds the firewall's address", dnat: { port: "50001" }, edge: (p) => azureEdge(p, { subnetRules: [deny(100, "Tcp", "50001-50003", "VirtualNetwork")], publicIp: false }), cls: [], media: [] },
  { name: "a deny of everything in the host's NSG decides before AllowVnetInBound", dnat: { port: "50001" }, edge: (p) => azureEdge(p, { nicRules: [deny(4000, "*", "*", "*")], publicIp: false }), cls: [], media: [] },
  { name: "a deny from a block holding the firewall's subnet", dnat: { port: "50001" }, options: { firewallSubnet: "10.0.0.0/26" }, edge: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "10.0.0.0/16")], publicIp: false }), cls: [], media: [] },
  {
    name: "a deny from one address of the firewall's subnet: the firewall may forward from another",
    dnat: { port: "50001" },
    options: { firewallSubnet: "10.0.0.0/26" },
    edge: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "10.0.0.4")], publicIp: false }),
    cls: ['rule 100 "deny-100" of NSG "edge-nic-nsg" was not credited: its source may not hold every address of the firewall\'s subnet (10.0.0.0/26)', "from an address of the firewall's subnet (10.0.0.0/26)"],
  },
  {
    name: "a deny from a private block, the firewall's subnet not in the stack",
    dnat: { port: "50001" },
    edge: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "10.0.0.0/8")], publicIp: false }),
    cls: ['rule 100 "deny-100" of NSG "edge-nic-nsg" was not credited: its source may not hold the private address the DNAT\'d traffic comes from (the firewall\'s subnet is not in this stack)'],
  },
  { name: "a Snat collection is no opening", dnat: { port: "50001" }, options: { action: "Snat" }, cls: [], media: [], only: withSnat },
  { name: "an action neither Dnat nor Snat is read as DNAT", dnat: { port: "50001" }, options: { action: "Forward" }, cls: ["lets TCP 50001 in", 'not "Dnat" or "Snat"; read as DNAT'] },
  { name: "from a private block", dnat: { port: "50001", from: ["10.0.0.0/8"] }, cls: [], media: [] },
  { name: "from a private range", dnat: { port: "50001", from: ["10.0.0.1-10.0.0.9"] }, cls: [], media: [] },
  { name: "from a public range", dnat: { port: "50001", from: ["203.0.113.1-203.0.113.9"] }, cls: ["lets TCP 50001 in from 203.0.113.1-203.0.113.9"] },
  { name: "a range that runs backwards fails closed", dnat: { port: "50001", from: ["10.0.0.9-10.0.0.1"] }, cls: ["lets TCP 50001 in", "Treated as open because the input is malformed", "not *, an address, a CIDR block or a range a-b"] },
  { name: "an IP group stands for any address", dnat: { port: "50001", from: [], ipGroups: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ipGroups/partners"] }, cls: ["from IP group /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ipGroups/partners (its addresses are not read; taken as any address)"] },
  { name: "Any is TCP and UDP", dnat: { port: "50001", protocols: ["Any"] }, cls: ["(tcp and udp 50001) lets TCP 50001 in"], media: ["TCP 50001; UDP 50001"] },
  { name: "UDP only misses the CLS ports", dnat: { port: "50001", protocols: ["UDP"] }, cls: [], media: ["(udp 50001) lets UDP 50001 in"] },
  { name: "a protocol a DNAT rule does not take is read as TCP and UDP", dnat: { port: "50001", protocols: ["ICMP"] }, cls: ["lets TCP 50001 in", "not a protocol a DNAT rule takes"] },
  { name: "a translated port that is no port is every port", dnat: { port: "5000x" }, cls: ["lets TCP 50001-50003 in", "not a port 0-65535; read as every port"] },
  { name: "an FQDN target: the host is outside the stack, still reached", dnat: { port: "50001", fqdn: "edge.example.com" }, cls: ["Reachable now: the translated host edge.example.com", "names no network interface of this stack, so the host could not be placed"], only: withFqdn },
  { name: "an address no NIC has: the host is outside the stack", dnat: { port: "50001", to: "10.9.9.9" }, cls: ["Reachable now: the translated host 10.9.9.9", "no network interface in this stack has the private address 10.9.9.9"] },
  { name: "a host with its own public IP: that way never passes the firewall", dnat: { port: "50001" }, edge: (p) => azureEdge(p, { publicIp: true }), cls: ["lets TCP 50001 in", 'traffic to the public IP of NetworkInterface "edge-nic"'] },
];

const MODES = DNAT_SHAPES.flatMap(([p, s]) => (["update", "preview"] as const).map((m) => [p, s, m] as const));

describe.each(MODES)("Azure Firewall DNAT (%s %s, %s)", (provider, shape, mode) => {
  const applicable = rows.filter((r) => !r.only || r.only(provider, shape));
  test.each(applicable.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const edge = typeof row.edge === "function" ? row.edge(provider) : (row.edge ?? azureEdge(provider, { publicIp: false }));
    const diagnostics = await runPack(materialise([...edge, ...dnatFirewall(provider, shape, [row.dnat], row.options)], mode));
    const of = (policy: string) => diagnostics.filter((d) => d.policy === policy);
    const cls = of("cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(row.cls.length ? ["mandatory"] : []);
    if (row.cls.length) expect(cls[0].message).toContain(ORIGINS[`${provider} ${shape}`]);
    for (const fragment of row.cls) expect(cls.map((d) => d.message).join("\n")).toContain(fragment);
    if (row.media) {
      const found = of("media-range-inbound-justified");
      expect(found.map((d) => d.level)).toEqual(row.media.length ? ["advisory"] : []);
      for (const fragment of row.media) expect(found.map((d) => d.message).join("\n")).toContain(fragment);
    }
  });
});

describe.each(DNAT_SHAPES)("a translated port unknown at preview (%s %s)", (provider, shape) => {
  const resources = [...azureEdge(provider, { publicIp: false }), ...dnatFirewall(provider, shape, [{ port: ref("edge-nic", "50001") }])];

  test("is reported unverified at preview, never passed", async () => {
    const cls = (await runPack(materialise(resources, "preview"))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["advisory"]);
    expect(cls[0].message).toContain("cannot verify");
    expect(cls[0].message).toContain("translatedPort is not known until the resources it depends on exist");
  });

  test("and fails once the update shows it is 50001", async () => {
    const cls = (await runPack(materialise(resources, "update"))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
    expect(cls[0].message).toContain("lets TCP 50001 in from *");
  });
});

test("a classic collection whose firewall is elsewhere is judged alone, and says so", async () => {
  const resources = dnatFirewall("classic", "firewall", [{ port: "50001" }]).map((r) => (r.name === "edge-dnat" ? { ...r, props: { ...r.props, azureFirewallName: "other-fw" } } : r));
  const cls = (await runPack([...azureEdge("classic", { publicIp: false }), ...resources])).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain("its firewall (other-fw) is not in this stack");
  expect(cls[0].message).toContain('Reachability from the internet cannot be told: NetworkInterface "edge-nic"');
});

test("a policy no firewall of the stack uses: the opening stands, its reachability cannot be told", async () => {
  const resources = dnatFirewall("native", "policy", [{ port: "50001" }]).filter((r) => r.name !== "edge-fw");
  const cls = (await runPack(materialise([...azureEdge("native", { publicIp: false }), ...resources], "update"))).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain('no firewall in this stack applies the DNAT rules of FirewallPolicyRuleCollectionGroup "edge-rcg"');
});

test("a policy group whose policy name is unknown at preview and named by no dependency: judged alone, and says why", async () => {
  const resources = materialise([...azureEdge("native", { publicIp: false }), ...dnatFirewall("native", "policy", [{ port: "50001" }])], "preview").map((r) => (r.name === "edge-rcg" ? { ...r, propertyDependencies: {} } : r));
  const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain("its firewall policy could not be identified: firewallPolicyName is unknown at preview");
});

/**
 * A DNAT rule may translate to an internal load balancer's frontend, which forwards on to its
 * backends ("Integrate Azure Firewall with Azure Standard Load Balancer"): the port the balancer
 * hands the host decides, and the host's NSGs judge the firewall's address as for direct DNAT.
 */
describe.each(DNAT_SHAPES)("DNAT to an internal load balancer (%s %s)", (p, shape) => {
  const ILB = "10.0.1.100";
  const stack = (forward: Forwarding, mode: "update" | "preview", dnat: Dnat = { port: "443", to: ILB }) =>
    materialise([...behindBalancer(p, azureEdge(p, { nicRules: [], publicIp: false }), { internal: true, privateIp: ILB, forwards: [forward] }, mode), ...dnatFirewall(p, shape, [dnat])], mode);
  const cls = async (resources: TestResource[]) => (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");

  test.each(["update", "preview"] as const)("443 on the frontend sent to the backend's 50001 exposes the CLS agent (%s)", async (mode) => {
    const found = await cls(stack({ part: "rule", frontendPort: 443, backendPort: 50001 }, mode));
    expect(found.map((d) => d.level)).toEqual(["mandatory"]);
    expect(found[0].message).toContain("(tcp 50001) lets TCP 50001 in from *");
    expect(found[0].message).toContain('a frontend of LoadBalancer "edge-lb", whose load-balancing rule');
  });

  test("443 on the frontend sent to the backend's 443 opens no CLS port", async () => {
    expect(await cls(stack({ part: "rule", frontendPort: 443, backendPort: 443 }, "update"))).toEqual([]);
  });

  test("at preview, a translated address taken from the balancer, not known yet, may be its frontend: cannot verify", async () => {
    const found = await cls(stack({ part: "rule", frontendPort: 443, backendPort: 50001 }, "preview", { port: "443", to: ref("edge-lb", ILB) }));
    expect(found.map((d) => d.level)).toEqual(["advisory"]);
    expect(found[0].message).toContain('which may be a frontend of LoadBalancer "edge-lb"');
  });

  test("a balancer rule on another frontend port takes none of the DNAT's traffic", async () => {
    expect(await cls(stack({ part: "rule", frontendPort: 8443, backendPort: 50001 }, "update"))).toEqual([]);
  });
});
