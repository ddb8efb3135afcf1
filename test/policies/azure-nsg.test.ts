import { CLASSIC, NATIVE } from "../../src/shapes/azure/types";
import { allow, asg, azureEdge, azurermIds, deny, DENY_CLS, MEDIA, nsg, PROVIDERS, standaloneRule, towards, type EdgeOptions, type Provider, type Rule } from "../support/azure";
import { justified, UNKNOWN } from "../support/fixtures";
import { runPack, type TestResource } from "../support/harness";
import { materialise, ref, res } from "../support/network";

/**
 * Azure NSGs in front of the Edge, through the real pack: each row runs for both providers, after
 * an update (ids known) and at preview (ids unknown, linked by property dependencies). `cls` is
 * what cls-ports-closed says (mandatory), `media` what media-range-inbound-justified says
 * (advisory); [] means nothing.
 */
interface Row {
  readonly name: string;
  readonly resources: (p: Provider) => TestResource[];
  readonly cls: string[];
  readonly media?: string[];
  /** How many openings each policy reports, when more than one. */
  readonly clsCount?: number;
  readonly mediaCount?: number;
}

/** What cls-ports-closed says: nothing ([]), a mandatory finding holding these fragments, or that it cannot verify until the update. */
type Said = readonly string[] | "cannot verify";

interface GroupRow {
  readonly name: string;
  readonly resources: (p: Provider) => TestResource[];
  readonly update: Said;
  /** At preview, where it differs: the ids of groups the stack creates are unknown then. */
  readonly preview?: Said | Readonly<Record<Provider, Said>>;
  readonly providers?: readonly Provider[];
}

/**
 * Rules towards application security groups apply to the IP configurations that are members
 * ("Application security groups"): the Edge NIC joins asg-edge in the stack unless told otherwise.
 * At preview the engine's dependencies tell a group only where a property holds nothing else (a
 * standalone rule's groups, a classic association's); elsewhere the verdict waits for the update.
 */
const groupRows: GroupRow[] = (() => {
  const groups = (p: Provider) => [asg(p, "asg-edge"), asg(p, "asg-other")];
  const edge = (p: Provider, rules: Rule[], nicGroups: unknown[] = [ref("asg-edge")]) => [...groups(p), ...azureEdge(p, { nicRules: rules, nicGroups })];
  const to = (p: Provider, rule: Rule, ...ids: unknown[]): Rule => ({ ...rule, extra: towards(p, { groups: ids }) });
  const SHARED = "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/applicationSecurityGroups/edge-servers";
  const CLS_OPEN = "lets TCP 50001-50003 in from Internet";
  // A classic NIC records no groups: an association outside the stack may make it a member.
  const MAY_JOIN = "a classic network interface joins groups by association, and one outside this stack may make it a member";
  const WAITS = "cannot verify";
  const native: readonly Provider[] = ["native"];
  const classic: readonly Provider[] = ["classic"];
  return [
    { name: "a deny towards the NIC's group is credited", resources: (p) => edge(p, [to(p, DENY_CLS, ref("asg-edge")), MEDIA]), update: [], preview: WAITS },
    {
      name: "a standalone deny towards groups, one of them the NIC's, is credited",
      resources: (p) => [...edge(p, [MEDIA]), standaloneRule(p, "edge-nic-nsg", to(p, DENY_CLS, ref("asg-other"), ref("asg-edge")))],
      update: [],
      // The classic NIC's association and the standalone rule each hold their groups alone.
      preview: { native: WAITS, classic: [] },
    },
    { name: "a deny towards another group matches none of the NIC's traffic", resources: (p) => edge(p, [to(p, DENY_CLS, ref("asg-other")), MEDIA]), update: [CLS_OPEN], preview: WAITS },
    { name: "a deny towards a group earns nothing for a NIC in no group", resources: (p) => edge(p, [to(p, DENY_CLS, ref("asg-edge")), MEDIA], []), update: [CLS_OPEN] },
    { name: "an allow towards the NIC's group is an opening, with no doubt about its destination", resources: (p) => edge(p, [to(p, MEDIA, ref("asg-edge"))]), update: [CLS_OPEN], preview: WAITS },
    { name: "an allow towards another group admits nothing to the NIC", resources: (p) => edge(p, [to(p, MEDIA, ref("asg-other"))]), update: [], preview: WAITS, providers: native },
    { name: "an allow towards a group admits nothing to a NIC in no group", resources: (p) => edge(p, [to(p, MEDIA, ref("asg-edge"))], []), update: [], providers: native },
    { name: "a group outside the stack, named by both in different case", resources: (p) => edge(p, [to(p, MEDIA, SHARED.toUpperCase())], [SHARED]), update: [CLS_OPEN] },
    { name: "a group outside the stack that the NIC does not join", resources: (p) => edge(p, [to(p, MEDIA, SHARED)]), update: [], preview: WAITS, providers: native },
    { name: "a classic NIC may join another group by an association outside the stack", resources: (p) => edge(p, [to(p, MEDIA, ref("asg-other"))]), update: [CLS_OPEN, MAY_JOIN], preview: WAITS, providers: classic },
    {
      name: "a subnet NSG's allow towards a group the NIC does not join lets nothing reach the NIC NSG's allow",
      resources: (p) => [...groups(p), ...azureEdge(p, { subnetRules: [to(p, MEDIA, ref("asg-edge"))], nicRules: [MEDIA], nicGroups: [ref("asg-other")] })],
      update: [],
      // What passes the subnet NSG then passes only by the allow whose groups wait for the update.
      preview: WAITS,
      providers: native,
    },
    { name: "a classic NIC in no group may join one by an association outside the stack", resources: (p) => edge(p, [to(p, MEDIA, ref("asg-edge"))], []), update: [CLS_OPEN, MAY_JOIN], providers: classic },
  ];
})();

describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("Azure NSG rules towards application security groups (%s, %s)", (provider, mode) => {
  test.each(groupRows.filter((r) => r.providers?.includes(provider) ?? true).map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const atPreview = row.preview === undefined || typeof row.preview === "string" || Array.isArray(row.preview) ? row.preview : (row.preview as Record<Provider, Said>)[provider];
    const said = mode === "preview" ? (atPreview ?? row.update) : row.update;
    const cls = (await runPack(materialise(row.resources(provider), mode))).filter((d) => d.policy === "cls-ports-closed");
    if (said === "cannot verify") {
      expect(cls.map((d) => d.level)).toEqual(["advisory"]);
      expect(cls[0].message).toContain("cannot verify");
      expect(cls[0].message).toContain("is not known until the update");
    } else {
      expect(cls.map((d) => d.level)).toEqual(said.length ? ["mandatory"] : []);
      for (const fragment of said) expect(cls[0].message).toContain(fragment);
    }
  });
});

describe.each(PROVIDERS)("a group unknown at preview that no dependency names (%s)", (p) => {
  const resources = (rules: Rule[]) => materialise([asg(p, "asg-edge"), ...azureEdge(p, { nicRules: rules, nicGroups: [ref("asg-edge")] })], "preview");
  const rule = (r: Rule): Rule => ({ ...r, extra: towards(p, { group: UNKNOWN }) });

  test.each([
    ["an allow is judged as admitting, and says why", [rule(MEDIA)], 'rule 200 "allow-media" of NSG "edge-nic-nsg" was judged as admitting this traffic, though its destination (application security group (unknown at preview)) may not include'],
    ["a deny earns no credit", [rule(DENY_CLS), MEDIA], 'rule 100 "deny-cls" of NSG "edge-nic-nsg" was not credited: the application security group NetworkSecurityGroup "edge-nic-nsg" names at securityRules[0].destinationApplicationSecurityGroup'],
  ])("%s: cannot verify, never a pass", async (_name, rules, fragment) => {
    const cls = (await runPack(resources(rules as Rule[]))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["advisory"]);
    expect(cls[0].message).toContain("cannot verify");
    expect(cls[0].message).toContain(fragment);
  });
});

const rows: Row[] = [
  { name: "a NIC NSG allowing the media range from Internet, no subnet NSG", resources: (p) => azureEdge(p, { nicRules: [MEDIA] }), cls: ['"edge-nic-nsg" securityRules[0] (tcp 50000-59999) lets TCP 50001-50003 in from Internet', 'Reachable now: NetworkInterface "edge-nic" (of ', 'has PublicI', '"edge-pip"', 'Subnet "edge" has no NSG, so nothing filters there'], media: ["lets TCP 50000-59999 in from Internet"] },
  { name: "deny before allow in the same NSG", resources: (p) => azureEdge(p, { nicRules: [DENY_CLS, MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in from Internet"] },
  { name: "allow before deny in the same NSG: the deny is dead", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, priority: 300 }, MEDIA] }), cls: ["lets TCP 50001-50003 in from Internet"] },
  { name: "the subnet NSG denies while the NIC NSG allows", resources: (p) => azureEdge(p, { subnetRules: [DENY_CLS, allow(4000, "*", "*", "*")], nicRules: [MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in", '"edge-subnet-nsg" securityRules[1]'], mediaCount: 2 },
  { name: "the NSG of a VirtualNetwork's inline subnet denies while the NIC NSG allows", resources: (p) => azureEdge(p, { subnetRules: [DENY_CLS, allow(4000, "*", "*", "*")], nicRules: [MEDIA], inlineSubnet: true }), cls: [], media: ["lets TCP 50000, 50004-59999 in", '"edge-subnet-nsg" securityRules[1]'], mediaCount: 2 },
  { name: "the NSG of a VirtualNetwork's inline subnet allows only 443", resources: (p) => azureEdge(p, { subnetRules: [allow(100, "Tcp", "443")], nicRules: [MEDIA], inlineSubnet: true }), cls: [], media: [] },
  { name: "the subnet NSG allows only 443: DenyAllInBound stops the rest", resources: (p) => azureEdge(p, { subnetRules: [allow(100, "Tcp", "443")], nicRules: [MEDIA] }), cls: [], media: [] },
  { name: "the NIC NSG denies while the subnet NSG allows", resources: (p) => azureEdge(p, { subnetRules: [MEDIA], nicRules: [DENY_CLS, allow(4000, "*", "*", "*")] }), cls: [], media: ["lets TCP 50000, 50004-59999 in", '"edge-nic-nsg" securityRules[1]'], mediaCount: 2 },
  { name: "both NSGs allow", resources: (p) => azureEdge(p, { subnetRules: [MEDIA], nicRules: [allow(4000, "*", "*", "*")] }), cls: ['"edge-subnet-nsg" securityRules[0]', '"edge-nic-nsg" securityRules[0] (any 0-65535) lets TCP 50001-50003 in from *'], clsCount: 2 },
  { name: "a port list holding the CLS ports", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", ["443", "50000-50002"])] }), cls: ["lets TCP 50001-50002 in from Internet"] },
  { name: "a port list around the CLS ports", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", ["443", "50000", "50004-59999"])] }), cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "every port of every protocol from *", resources: (p) => azureEdge(p, { nicRules: [allow(200, "*", "*", "*")] }), cls: ["lets TCP 50001-50003 in from *"] },
  { name: "the literal 0.0.0.0/0", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50001", "0.0.0.0/0")] }), cls: ["lets TCP 50001 in from 0.0.0.0/0"] },
  { name: "Any, in any case", resources: (p) => azureEdge(p, { nicRules: [allow(200, "tcp", "50001", "any")] }), cls: ["lets TCP 50001 in from any"] },
  {
    name: "a deny from 0.0.0.0/0 leaves Internet its IPv6 part, and the message says so",
    resources: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "0.0.0.0/0"), MEDIA] }),
    cls: ["lets TCP 50001-50003 in from Internet (its IPv6 part only).", 'rule 100 "deny-100" of NSG "edge-nic-nsg" stops TCP 50001-50003 from IPv4 sources'],
  },
  {
    name: "a default route to an appliance puts the internet in VirtualNetwork: an allow from it is an opening",
    resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50000-59999", "VirtualNetwork")], routes: ["0.0.0.0/0"] }),
    cls: ['securityRules[0] (tcp 50000-59999) lets TCP 50001-50003 in from VirtualNetwork (holding the route prefixes of RouteTable "edge-rt": 0.0.0.0/0)', "the VirtualNetwork tag holds the address prefixes of user-defined routes"],
  },
  {
    name: "a default route with no rule of the NSG's own: AllowVnetInBound admits the internet",
    resources: (p) => azureEdge(p, { nicRules: [], routes: ["0.0.0.0/0"] }),
    cls: ['NetworkSecurityGroup "edge-nic-nsg" AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork (holding the route prefixes of RouteTable "edge-rt": 0.0.0.0/0)', "it is a default rule and cannot be edited; deny them before it instead"],
  },
  { name: "a default route as a Route resource of its own", resources: (p) => azureEdge(p, { nicRules: [], routes: ["0.0.0.0/0"], standaloneRoutes: true }), cls: ['AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork (holding the route prefixes of RouteTable "edge-rt": 0.0.0.0/0)'] },
  { name: "a default route on a VirtualNetwork's inline subnet", resources: (p) => azureEdge(p, { nicRules: [], routes: ["0.0.0.0/0"], inlineSubnet: true }), cls: ["AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork"] },
  { name: "a route table outside the stack may hold 0.0.0.0/0", resources: (p) => azureEdge(p, { nicRules: [], routes: "elsewhere" }), cls: ["AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork", "which is not in this stack (read as any address)"] },
  {
    name: "a public route prefix in VirtualNetwork passes the subnet NSG's AllowVnetInBound on to the NIC's allow",
    resources: (p) => azureEdge(p, { subnetRules: [], nicRules: [allow(200, "Tcp", "50000-59999", "203.0.113.0/24")], routes: ["203.0.113.0/24"] }),
    cls: ['"edge-nic-nsg" securityRules[0] (tcp 50000-59999) lets TCP 50001-50003 in from 203.0.113.0/24', '"edge-subnet-nsg" AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork (holding the route prefixes of RouteTable "edge-rt": 203.0.113.0/24)'],
    clsCount: 2,
  },
  { name: "a public service tag is read as any internet address", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50001", "AzureCloud")] }), cls: ["lets TCP 50001 in from AzureCloud"] },
  { name: "VirtualNetwork is internal", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50000-59999", "VirtualNetwork")] }), cls: [], media: [] },
  { name: "AzureLoadBalancer is internal", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50000-59999", "AzureLoadBalancer")] }), cls: [], media: [] },
  { name: "a private block is not the internet", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Tcp", "50000-59999", ["10.0.0.0/8", "192.168.0.0/16"])] }), cls: [], media: [] },
  { name: "UDP media only", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Udp", "50000-59999")] }), cls: [], media: ["lets UDP 50000-59999 in"] },
  { name: "an outbound allow is no opening", resources: (p) => azureEdge(p, { nicRules: [{ ...MEDIA, direction: "Outbound" }] }), cls: [], media: [] },
  { name: "a deny from a service tag earns no credit", resources: (p) => azureEdge(p, { nicRules: [deny(100, "Tcp", "50001-50003", "AzureCloud"), MEDIA] }), cls: ["lets TCP 50001-50003 in from Internet"] },
  { name: "a deny limited to one source port earns no credit", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, extra: { sourcePortRange: "1024" } }, MEDIA] }), cls: ["lets TCP 50001-50003 in", 'rule 100 "deny-cls" of NSG "edge-nic-nsg" was not credited: it matches source ports 1024 only'] },
  { name: "a deny of every source port, 0-65535, is credited", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, extra: { sourcePortRange: "0-65535" } }, MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "a deny towards the host's private address is credited", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, extra: towards(p, "10.0.1.4") }, MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "a deny towards the host's subnet is credited", resources: (p) => azureEdge(p, { subnetRules: [{ ...DENY_CLS, extra: towards(p, "10.0.1.0/24") }, allow(4000, "*", "*", "*")], nicRules: [MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in"], mediaCount: 2 },
  { name: "a deny towards a list of blocks holding the host is credited", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, extra: towards(p, ["10.0.9.0/24", "10.0.1.0/28"]) }, MEDIA] }), cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "an allow towards another host's address admits nothing to this one", resources: (p) => azureEdge(p, { nicRules: [{ ...MEDIA, extra: towards(p, "10.0.1.99") }] }), cls: [], media: [] },
  { name: "a deny with a priority out of range earns no credit", resources: (p) => azureEdge(p, { nicRules: [{ ...DENY_CLS, priority: 50 }, MEDIA] }), cls: ["lets TCP 50001-50003 in", "not a priority 100-4096"] },
  { name: "an allow with an unreadable protocol is read as everything", resources: (p) => azureEdge(p, { nicRules: [allow(200, "Gre", "*")] }), cls: ["lets TCP 50001-50003 in", 'is "Gre", not a protocol Azure accepts'] },
  { name: "the deny as a standalone rule", resources: (p) => [...azureEdge(p, { nicRules: [MEDIA] }), standaloneRule(p, "edge-nic-nsg", DENY_CLS)], cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "the allow as a standalone rule", resources: (p) => [...azureEdge(p, { nicRules: [] }), standaloneRule(p, "edge-nic-nsg", MEDIA)], cls: ['"edge-nic-nsg-allow-media" (tcp 50000-59999) lets TCP 50001-50003 in from Internet'] },
  { name: "no public IP: still an opening, not reachable now", resources: (p) => azureEdge(p, { nicRules: [MEDIA], publicIp: false }), cls: ["lets TCP 50001-50003 in", "Not reachable from the internet as the stack stands", "has no public IP address"] },
  { name: "an NSG no host uses: its own earlier deny still counts", resources: (p) => [nsg(p, "lonely", [DENY_CLS, MEDIA])], cls: [], media: ["lets TCP 50000, 50004-59999 in"] },
  { name: "an NSG no host uses, allowing", resources: (p) => [nsg(p, "lonely", [MEDIA])], cls: ["lets TCP 50001-50003 in", 'no network interface, scale set or VM interface configuration in this stack uses NSG "lonely"'] },
  {
    name: "the media range justified by the NSG's tags",
    resources: (p) => azureEdge(p, { nicRules: [{ ...MEDIA, ports: ["50000", "50004-59999"] }], nicTags: justified() as Record<string, string> }),
    cls: [],
    media: [],
  },
  {
    name: "a standalone rule justified by its NSG's tags",
    resources: (p) => [...azureEdge(p, { nicRules: [], nicTags: justified() as Record<string, string> }), standaloneRule(p, "edge-nic-nsg", { ...MEDIA, ports: ["50000", "50004-59999"] })],
    cls: [],
    media: [],
  },
];

describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("Azure NSGs (%s, %s)", (provider, mode) => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const diagnostics = await runPack(materialise(row.resources(provider), mode));
    const of = (policy: string) => diagnostics.filter((d) => d.policy === policy);
    const cls = of("cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(row.cls.length ? Array(row.clsCount ?? 1).fill("mandatory") : []);
    for (const fragment of row.cls) expect(cls.map((d) => d.message).join("\n")).toContain(fragment);
    if (row.media) {
      const media = of("media-range-inbound-justified");
      expect(media.map((d) => d.level)).toEqual(row.media.length ? Array(row.mediaCount ?? 1).fill("advisory") : []);
      for (const fragment of row.media) expect(media.map((d) => d.message).join("\n")).toContain(fragment);
    }
  });
});

/**
 * Classic associations with the ids azurerm writes (a subnet association's is its subnet's id),
 * listed after their subnet as programs declare them, and before it: neither order may lose one.
 */
const associationRows: { name: string; edge: EdgeOptions; cls: string[] }[] = [
  { name: "the subnet NSG denies while the NIC NSG allows", edge: { subnetRules: [DENY_CLS, allow(4000, "*", "*", "*")], nicRules: [MEDIA] }, cls: [] },
  { name: "only the subnet has an NSG, and it allows", edge: { subnetRules: [MEDIA] }, cls: ['"edge-subnet-nsg" securityRules[0]', 'Reachable now: NetworkInterface "edge-nic"'] },
];

test.each(associationRows.map((r) => [r.name, r] as const))("classic associations with azurerm's ids, listed after and before their subnet: %s", async (_name, row) => {
  const resources = azurermIds(materialise(azureEdge("classic", row.edge), "update"));
  const isAssociation = (r: TestResource) => r.type === CLASSIC.subnetAssociation || r.type === CLASSIC.nicAssociation;
  for (const listed of [resources, [...resources.filter(isAssociation), ...resources.filter((r) => !isAssociation(r))]]) {
    const cls = (await runPack(listed)).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(row.cls.length ? ["mandatory"] : []);
    for (const fragment of row.cls) expect(cls[0].message).toContain(fragment);
  }
});

test("an NSG shared by a routed and a plain subnet: VirtualNetwork holds the routes' prefixes for the routed subnet's host only", async () => {
  const route = { name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.0.0.4" };
  const resources = [
    nsg("native", "shared-nsg", [allow(200, "Tcp", "50000-59999", "VirtualNetwork")]),
    res(NATIVE.routeTable, "edge-rt", { name: "edge-rt", resourceGroupName: "rg", routes: [route] }),
    res(NATIVE.subnet, "routed", { name: "routed", addressPrefix: "10.0.1.0/24", routeTable: { id: ref("edge-rt") } }),
    res(NATIVE.subnet, "plain", { name: "plain", addressPrefix: "10.0.2.0/24" }),
    res(NATIVE.nic, "routed-nic", { networkSecurityGroup: { id: ref("shared-nsg") }, ipConfigurations: [{ subnet: { id: ref("routed") }, privateIPAddress: "10.0.1.4" }] }),
    res(NATIVE.publicIp, "plain-pip", { name: "plain-pip", publicIPAllocationMethod: "Static" }),
    res(NATIVE.nic, "plain-nic", { networkSecurityGroup: { id: ref("shared-nsg") }, ipConfigurations: [{ subnet: { id: ref("plain") }, privateIPAddress: "10.0.2.4", publicIPAddress: { id: ref("plain-pip") } }] }),
  ];
  for (const mode of ["update", "preview"] as const) {
    const cls = (await runPack(materialise(resources, mode))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
    expect(cls[0].message).toContain('Not reachable from the internet as the stack stands: NetworkInterface "routed-nic" in Subnet "routed"');
  }
});

/** The interface configuration a scale set gives its instances, and one a VM creates its own NIC from (azure-native, networkApiVersion set). */
const configured = (networkInterfaceConfigurations: unknown[]) => [
  ["a scale set whose instances get", res(NATIVE.scaleSet, "edge-host", { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations } } }), 'each instance of VirtualMachineScaleSet "edge-host" gets a public IP address'],
  ["a VM that creates its own NIC with", res(NATIVE.vm, "edge-host", { networkProfile: { networkApiVersion: "2020-11-01", networkInterfaceConfigurations } }), 'VirtualMachine "edge-host" gets a public IP address'],
] as const;

test.each(configured([{ name: "nic", networkSecurityGroup: { id: ref("edge-host-nsg") }, ipConfigurations: [{ name: "ip", subnet: { id: ref("edge") }, publicIPAddressConfiguration: { name: "pip" } }] }]))(
  "%s public IPs, behind a subnet NSG that denies",
  async (_name, host, reachable) => {
    const native = [
      nsg("native", "edge-subnet-nsg", [DENY_CLS, allow(4000, "*", "*", "*")]),
      nsg("native", "edge-host-nsg", [MEDIA]),
      res(NATIVE.subnet, "edge", { name: "edge", networkSecurityGroup: { id: ref("edge-subnet-nsg") } }),
      host,
    ];
    for (const mode of ["update", "preview"] as const) expect((await runPack(materialise(native, mode))).filter((d) => d.policy === "cls-ports-closed")).toEqual([]);
    const open = native.filter((r) => r.name !== "edge-subnet-nsg");
    const cls = (await runPack(materialise(open, "update"))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
    expect(cls[0].message).toMatch(/Reachable now: \S+ "edge-host" in Subnet "edge": /);
    expect(cls[0].message).toContain(`"edge": ${reachable} from its publicIPAddressConfiguration.`);
  },
);

test("a classic scale set's interface NSG and subnet", async () => {
  const classic = [
    nsg("classic", "edge-vmss-nsg", [MEDIA]),
    res(CLASSIC.subnet, "edge", { name: "edge" }),
    res(CLASSIC.linuxScaleSet, "edge-vmss", { networkInterfaces: [{ name: "nic", networkSecurityGroupId: ref("edge-vmss-nsg"), ipConfigurations: [{ name: "ip", subnetId: ref("edge"), publicIpAddresses: [] }] }] }),
  ];
  const cls = (await runPack(materialise(classic, "update"))).filter((d) => d.policy === "cls-ports-closed");
  expect(cls[0].message).toContain('LinuxVirtualMachineScaleSet "edge-vmss" has no public IP address');
});

// Every scale set is a host of its subnet: another host's NIC NSG deny must not cover it.
test.each([
  ["a Flexible scale set", res(CLASSIC.orchestratedScaleSet, "edge-vmss", { networkInterfaces: [{ name: "nic", networkSecurityGroupId: "", ipConfigurations: [{ name: "ip", subnetId: ref("edge"), publicIpAddresses: [{ name: "pip", domainNameLabel: "", idleTimeoutInMinutes: 4 }] }] }] })],
  ["a legacy ScaleSet", res(CLASSIC.legacyScaleSet, "edge-vmss", { networkProfiles: [{ name: "nic", networkSecurityGroupId: "", ipConfigurations: [{ name: "ip", subnetId: ref("edge"), publicIpAddressConfiguration: { name: "pip", domainNameLabel: "edge", idleTimeout: 4 }, loadBalancerInboundNatRulesIds: [] }] }] })],
])("%s behind only the subnet's NSG is exposed, whatever another host's NIC NSG denies", async (_name, scaleSet) => {
  const classic = [
    nsg("classic", "edge-subnet-nsg", [MEDIA]),
    nsg("classic", "edge-nic-nsg", [DENY_CLS]),
    res(CLASSIC.subnet, "edge", { name: "edge" }),
    res(CLASSIC.subnetAssociation, "edge-subnet-assoc", { subnetId: ref("edge"), networkSecurityGroupId: ref("edge-subnet-nsg") }),
    res(CLASSIC.nic, "edge-nic", { ipConfigurations: [{ name: "ip", subnetId: ref("edge"), privateIpAddress: "10.0.1.4", publicIpAddressId: "" }] }),
    res(CLASSIC.nicAssociation, "edge-nic-assoc", { networkInterfaceId: ref("edge-nic"), networkSecurityGroupId: ref("edge-nic-nsg") }),
    scaleSet,
  ];
  const cls = (await runPack(materialise(classic, "update"))).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain('each instance of');
});

test("a NIC whose NSG is unknown at preview and named by no dependency: advisory, not silent", async () => {
  const resources = materialise(azureEdge("native", { subnetRules: [DENY_CLS, allow(4000, "*", "*", "*")], nicRules: [MEDIA] }), "preview").map((r) => (r.name === "edge-nic" ? { ...r, propertyDependencies: {} } : r));
  const cls = (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["advisory"]);
  expect(cls[0].message).toContain('of NetworkInterface "edge-nic" (networkSecurityGroup.id) is not known at preview');
});

test("a standalone allow whose NSG is elsewhere is judged alone, and says so", async () => {
  const rule = { ...standaloneRule("classic", "edge-nic-nsg", MEDIA), props: { ...standaloneRule("classic", "edge-nic-nsg", MEDIA).props, networkSecurityGroupName: "other-nsg" } };
  const cls = (await runPack([rule])).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain("its NSG (other-nsg) is not in this stack");
});

test("a subnet NSG's allow towards a group: the member is exposed, and the other NIC's path says it is not a member", async () => {
  const other = res(NATIVE.nic, "other-nic", { name: "other-nic", ipConfigurations: [{ name: "ipconfig", subnet: { id: ref("edge") }, privateIPAddress: "10.0.1.9" }] });
  const rule = { ...MEDIA, extra: towards("native", { group: ref("asg-edge") }) };
  const resources = [asg("native", "asg-edge"), ...azureEdge("native", { subnetRules: [rule], nicGroups: [ref("asg-edge")] }), other];
  const cls = (await runPack(materialise(resources, "update"))).filter((d) => d.policy === "cls-ports-closed");
  expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
  expect(cls[0].message).toContain('Reachable now: NetworkInterface "edge-nic"');
  expect(cls[0].message).toMatch(/the destination of rule 200 "allow-media" of NSG "edge-subnet-nsg" \(application security group [^)]+\), of which NetworkInterface "other-nic" is not a member stops TCP 50001-50003/);
});

/**
 * After an update Azure Native writes ARM's response: a child (a route, a rule) keeps its parent's
 * name and resource group only in its own ARM id, not in routeTableName / networkSecurityGroupName.
 * Where the program wrote the parent's name as a literal, no dependency links them either.
 */
describe("children as Azure Native writes them after an update, their parent named by a literal", () => {
  const ARM = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network";
  const asArmWrites = (resources: TestResource[], child: string, parentKey: string, id: string) =>
    materialise(resources, "update").map((r) => (r.name === child ? { ...r, props: { ...Object.fromEntries(Object.entries(r.props).filter(([k]) => k !== parentKey && k !== "resourceGroupName")), id } } : r));
  const cls = async (resources: TestResource[]) => (await runPack(resources)).filter((d) => d.policy === "cls-ports-closed").map((d) => d.message);

  test("a Route still adds its prefix to VirtualNetwork", async () => {
    const resources = asArmWrites(azureEdge("native", { nicRules: [], routes: ["0.0.0.0/0"], standaloneRoutes: true }), "edge-rt-route-0", "routeTableName", `${ARM}/routeTables/edge-rt/routes/route-0`);
    expect(await cls(resources)).toEqual([expect.stringContaining('AllowVnetInBound (65000) (any 0-65535) lets TCP 50001-50003 in from VirtualNetwork (holding the route prefixes of RouteTable "edge-rt": 0.0.0.0/0)')]);
  });

  test("a SecurityRule's deny is still credited to its NSG", async () => {
    const resources = asArmWrites([...azureEdge("native", { nicRules: [MEDIA] }), standaloneRule("native", "edge-nic-nsg", DENY_CLS)], `edge-nic-nsg-${DENY_CLS.name}`, "networkSecurityGroupName", `${ARM}/networkSecurityGroups/edge-nic-nsg/securityRules/${DENY_CLS.name}`);
    expect(await cls(resources)).toEqual([]);
  });
});

/** Virtual Network Manager's AlwaysAllow admin rules come before the NSGs, which cannot stop what they allow. */
describe("security admin rules", () => {
  const adminRule = (access: string) =>
    res(NATIVE.adminRule, "always-media", { name: "always-media", kind: "Custom", access, direction: "Inbound", priority: 10, protocol: "Tcp", sources: [{ addressPrefix: "Internet", addressPrefixType: "ServiceTag" }], destinations: [], sourcePortRanges: [], destinationPortRanges: ["50000-59999"], ruleCollectionName: "edge", configurationName: "edge", networkManagerName: "avnm" });
  const diagnostics = async (access: string, mode: "update" | "preview") => (await runPack(materialise([...azureEdge("native", { nicRules: [DENY_CLS, MEDIA] }), adminRule(access)], mode))).filter((d) => d.policy === "cls-ports-closed");

  test.each(["update", "preview"] as const)("an AlwaysAllow of the media range opens the CLS ports whatever the NSG denies (%s)", async (mode) => {
    const cls = await diagnostics("AlwaysAllow", mode);
    expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
    expect(cls[0].message).toContain('AdminRule "always-media" (tcp 50000-59999) lets TCP 50001-50003 in from Internet');
    expect(cls[0].message).toContain("no NSG can deny what it allows");
  });

  test("an AlwaysAllow from VirtualNetwork admits what the subnets' routes add to it", async () => {
    const fromVnet = { ...adminRule("AlwaysAllow"), props: { ...adminRule("AlwaysAllow").props, sources: [{ addressPrefix: "VirtualNetwork", addressPrefixType: "ServiceTag" }] } };
    const run = async (routes?: string[]) => (await runPack(materialise([...azureEdge("native", { nicRules: [DENY_CLS, MEDIA], ...(routes ? { routes } : {}) }), fromVnet], "update"))).filter((d) => d.policy === "cls-ports-closed");
    const routed = await run(["0.0.0.0/0"]);
    expect(routed.map((d) => d.level)).toEqual(["mandatory"]);
    expect(routed[0].message).toContain("VirtualNetwork (holding the route prefixes of the stack's subnets: RouteTable \"edge-rt\": 0.0.0.0/0)");
    expect(await run()).toEqual([]);
  });

  test("an Allow hands on to the NSGs, whose deny holds", async () => {
    expect(await diagnostics("Allow", "update")).toEqual([]);
  });
});
