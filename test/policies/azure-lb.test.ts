import { azureEdge, behindBalancer, MEDIA, PROVIDERS, type BalancerOptions, type Provider } from "../support/azure";
import { runPack } from "../support/harness";
import { materialise } from "../support/network";

/**
 * Azure Load Balancer in front of an Edge NIC without a public IP of its own, through the real
 * pack: each row runs for both providers (azure-native's inline rules and IP-configuration links,
 * the classic provider's rule resources and associations), after an update and at preview. The
 * NIC's NSG allows the media range from Internet; `cls` is what cls-ports-closed says. What a
 * balancer that forwards other ports, an internal one or an NSG deny leave unchanged is told by the
 * path model's table (test/network/azurePaths.test.ts): the verdict reads as without the balancer.
 */
interface Row {
  readonly name: string;
  readonly balancer: BalancerOptions;
  readonly cls: string[];
}

const REACHABLE = (p: Provider) => `Reachable now: NetworkInterface "edge-nic" (of ${p === "native" ? "VirtualMachine" : "WindowsVirtualMachine"} "edge-vm") in Subnet "edge" through LoadBalancer "edge-lb": LoadBalancer "edge-lb" forwards`;

const rows: ((p: Provider) => Row)[] = [
  (p) => ({ name: "a public balancer's rule forwarding 50001 reaches the NIC through it", balancer: { forwards: [{ part: "rule", frontendPort: 50001, backendPort: 50001 }] }, cls: ["lets TCP 50001-50003 in from Internet", `${REACHABLE(p)} TCP 50001 on PublicI`, '"lb-pip" to port 50001 (load-balancing rule "rule-0")'] }),
  (p) => ({ name: "a NAT rule translating 443 to 50001 exposes 50001 through it", balancer: { forwards: [{ part: "nat rule", frontendPort: 443, backendPort: 50001 }] }, cls: [`${REACHABLE(p)} TCP 443 on PublicI`, 'to port 50001 (inbound NAT rule "nat-0")'] }),
];

describe.each(PROVIDERS.flatMap((p) => (["update", "preview"] as const).map((m) => [p, m] as const)))("Azure Load Balancer (%s, %s)", (provider, mode) => {
  test.each(rows.map((r) => [r(provider).name, r(provider)] as const))("%s", async (_name, row) => {
    const edge = azureEdge(provider, { nicRules: [MEDIA], publicIp: false });
    const cls = (await runPack(materialise(behindBalancer(provider, edge, row.balancer, mode), mode))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(row.cls.length ? ["mandatory"] : []);
    for (const fragment of row.cls) expect(cls.map((d) => d.message).join("\n")).toContain(fragment);
  });
});

describe.each(PROVIDERS)("a pool link unknown at preview that no dependency names (%s)", (provider) => {
  /** The NIC's (or the association's) link to the pool, with the engine's record of it dropped. */
  const unlinked = (p: Provider) => {
    const resources = materialise(behindBalancer(p, azureEdge(p, { nicRules: [MEDIA], publicIp: false }), { forwards: [{ part: "rule", frontendPort: 443, backendPort: 443 }] }, "preview"), "preview");
    const [holder, key, target] = p === "native" ? ["edge-nic", "ipConfigurations", "edge-lb"] : ["edge-pool-association-0", "backendAddressPoolId", "edge-pool"];
    return resources.map((r) => (r.name === holder ? { ...r, propertyDependencies: { ...r.propertyDependencies, [key]: r.propertyDependencies![key].filter((d) => d !== target) } } : r));
  };

  test("leaves reachability unknown, never a pass", async () => {
    const cls = (await runPack(unlinked(provider))).filter((d) => d.policy === "cls-ports-closed");
    expect(cls.map((d) => d.level)).toEqual(["mandatory"]);
    expect(cls[0].message).toContain("Reachability from the internet cannot be told:");
    expect(cls[0].message).toContain("is not known at preview and no dependency names it");
  });
});
