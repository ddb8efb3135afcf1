import { syntheticExport, type ExportedResource } from "../../scripts/generate";

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
