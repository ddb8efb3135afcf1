import { RULES } from "../../policies/rules";
import { syntheticAzureExport, syntheticExport, syntheticGcpExport, type ExportedResource } from "../../scripts/generate";
import { evaluate } from "../../src/policy";
import { TODAY } from "../support/harness";

const ofType = (resources: readonly ExportedResource[], suffix: string) => resources.filter((r) => r.type.endsWith(suffix));

describe("the benchmark's synthetic stack export", () => {
  const { resources } = syntheticExport(2_500).deployment;
  const byId = new Map(resources.map((r) => [r.id, r]));

  test("has exactly the resources asked for, the same every time", () => {
    expect(resources).toHaveLength(2_500);
    expect(syntheticExport(2_500)).toEqual(syntheticExport(2_500));
  });

  test("writes outputs as the provider does: every route target, unset ones as empty strings", () => {
    const routes = ofType(resources, ":RouteTable").flatMap((t) => t.outputs.routes as Record<string, unknown>[]);
    expect(routes.length).toBeGreaterThan(100);
    for (const route of routes) {
      const targets = ["gatewayId", "vpcEndpointId", "natGatewayId", "networkInterfaceId", "transitGatewayId"].map((k) => route[k]);
      expect(targets.filter((t) => t !== "")).toHaveLength(1);
      expect(route.ipv6CidrBlock).toBe("");
    }
    const entry = (ofType(resources, ":NetworkAcl")[0].outputs.ingress as Record<string, unknown>[])[0];
    expect(entry).toMatchObject({ ipv6CidrBlock: "", icmpCode: 0, icmpType: 0 });
  });

  test("routes half of a firewalled VPC's units through the firewall endpoint both ways, the rest straight to the internet gateway", () => {
    const [firewall] = ofType(resources, ":Firewall");
    const endpoint = (firewall.outputs.firewallStatuses as { syncStates: { attachments: { endpointId: string }[] }[] }[])[0].syncStates[0].attachments[0].endpointId;
    const vpcId = firewall.outputs.vpcId;
    const igw = ofType(resources, ":InternetGateway").find((g) => g.outputs.vpcId === vpcId)!.id;
    const tableOf = (association: ExportedResource) => byId.get(association.outputs.routeTableId as string)!;
    const associations = ofType(resources, ":RouteTableAssociation").filter((a) => tableOf(a).outputs.vpcId === vpcId);
    const edge = associations.filter((a) => a.outputs.gatewayId !== "").map(tableOf);
    expect(edge).toHaveLength(1);
    const inspected = new Set((edge[0].outputs.routes as Record<string, unknown>[]).filter((r) => r.vpcEndpointId === endpoint).map((r) => r.cidrBlock));
    const units = associations.filter((a) => (a.outputs.subnetId as string).startsWith("subnet-"));
    expect(inspected.size).toBe(units.length / 2);
    for (const a of units) {
      const cidr = byId.get(a.outputs.subnetId as string)!.outputs.cidrBlock;
      const [toInternet] = tableOf(a).outputs.routes as Record<string, unknown>[];
      expect(toInternet.vpcEndpointId !== "" ? toInternet.vpcEndpointId : toInternet.gatewayId).toBe(inspected.has(cidr) ? endpoint : igw);
    }
  });
});

/** The units a cloud's generator opens to the internet without a deny: a third of them, every other one denied. */
describe.each([
  // The NSG holds its deny inline. A GCP deny is a resource of its own, which the last unit may
  // lack; it targets the allow's tag, so it covers every instance the allow reaches, in the stack or not.
  ["Azure", syntheticAzureExport, "azure-native:network:NetworkSecurityGroup", "nsg-", (u: number) => u % 2 === 0],
  ["Google Cloud", syntheticGcpExport, "gcp:compute/firewall:Firewall", "edge-", (u: number, names: Set<string>) => names.has(`edge-${u}-deny-cls`)],
] as const)("the benchmark's synthetic %s stack export", (_cloud, generate, opening, prefix, denied) => {
  const { resources } = generate(2_000).deployment;

  test("has exactly the resources asked for, the same every time", () => {
    expect(resources).toHaveLength(2_000);
    expect(generate(2_000)).toEqual(generate(2_000));
  });

  test("cls-ports-closed flags exactly the units opened to the internet without a deny", () => {
    const views = resources.map((r) => ({ urn: r.urn, type: r.type, name: r.urn.split("::").pop()!, props: r.outputs, propertyDependencies: r.propertyDependencies }));
    const units = resources.filter((r) => r.type === opening).map((r) => Number(/\d+/.exec(r.urn.split("::").pop()!)![0]));
    const names = new Set(views.map((v) => v.name));
    const exposed = [...new Set(units.filter((u) => u % 3 === 0 && !denied(u, names)))].map((u) => `${prefix}${u}`);
    const findings = evaluate(RULES.find((r) => r.name === "cls-ports-closed")!, views, {}, TODAY);
    expect(findings.every((f) => f.certainty === "definite")).toBe(true);
    expect([...new Set(findings.map((f) => f.urn.split("::").pop()!.replace(/-media$/, "")))].sort()).toEqual(exposed.sort());
  });
});

test("outputs as each provider writes them: azure-native drops what only addresses the resource, GCP's bridge writes unset lists", () => {
  const nsg = syntheticAzureExport(100).deployment.resources.find((r) => r.type === "azure-native:network:NetworkSecurityGroup")!;
  expect(nsg.outputs.resourceGroupName).toBeUndefined();
  expect(nsg.id).toMatch(/^\/subscriptions\/.+\/providers\/Microsoft\.Network\/NetworkSecurityGroup\/nsg-0$/);
  const firewall = syntheticGcpExport(100).deployment.resources.find((r) => r.type === "gcp:compute/firewall:Firewall")!;
  expect(firewall.outputs).toMatchObject({ sourceTags: [], targetServiceAccounts: [], disabled: false });
});
