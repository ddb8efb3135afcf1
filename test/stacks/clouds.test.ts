import * as pulumi from "@pulumi/pulumi";
import { EXAMPLES, findExample, runExample, type Example } from "../../harness/example";
import type { RecordedResource } from "../../harness/programRun";
import { providerOutputs } from "../../harness/providerSchema";

/**
 * The Azure and Google Cloud examples, run under mocks at preview and after an update: the
 * recorded resources must look as each provider writes them. Policy verdicts on these stacks are
 * asserted elsewhere once cls-guard reads Azure and GCP.
 */
type Props = Record<string, any>;

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CLOUD_EXAMPLES = EXAMPLES.filter((e) => e.cloud !== "aws");
const ARM_ID = /^\/subscriptions\/00000000-0000-0000-0000-000000000000\/resourceGroups\/rg-sfb-edge(\/providers\/Microsoft\.(Network|Compute)\/\w+\/[\w-]+(\/\w+\/[\w-]+)?)?$/;
const COMPUTE = "https://www.googleapis.com/compute/v1/";

const runs = new Map<string, RecordedResource[]>();

beforeAll(async () => {
  const all = CLOUD_EXAMPLES.flatMap((e) => [true, false].map(async (preview) => runs.set(`${e.name}:${preview}`, await runExample(e, preview))));
  await Promise.all(all);
}, 120_000);

/** Secrets as plain values: the SDK's mocks hand a resource a nested secret lifted to its enclosing object (the VM's osProfile), the engine keeps it in place. */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value !== "object" || value === null) return value;
  const object = value as Props;
  if (object[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return revealed(object.value);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, revealed(v)]));
}

const run = (e: Example, preview: boolean) => runs.get(`${e.name}:${preview}`)!;
const byName = (resources: readonly RecordedResource[], name: string) => resources.find((r) => r.name === name)!;
const outputsOf = (resources: readonly RecordedResource[], name: string): Props => byName(resources, name).outputs;

test("the examples are named <cloud>/<variant>, AWS ones also by their variant alone", () => {
  expect(CLOUD_EXAMPLES.map((e) => e.name)).toEqual(["azure/compliant", "azure/federation", "azure/denied", "azure/exposed", "gcp/compliant", "gcp/federation", "gcp/denied", "gcp/exposed"]);
  expect(findExample("exposed")?.name).toBe("aws/exposed");
  expect(findExample("denied")).toBeUndefined();
});

describe.each(CLOUD_EXAMPLES)("$name", (example) => {
  test("at preview, ids and computed outputs are unknown: outputs are the inputs", () => {
    const resources = run(example, true);
    expect(resources.length).toBeGreaterThanOrEqual(5);
    for (const r of resources) {
      expect(r.id).toBeUndefined();
      expect(revealed(r.outputs)).toEqual(revealed(r.inputs));
    }
    expect(JSON.stringify(resources)).toContain(UNKNOWN);
  });

  test("after an update, every resource has an id in its provider's form and no unknowns", () => {
    const resources = run(example, false);
    const idForm = example.cloud === "azure" ? ARM_ID : /^projects\/sfb-edge-example\/(global|regions\/europe-west1|zones\/europe-west1-b)\/\w+\/[\w-]+$/;
    for (const r of resources) expect(r.id).toMatch(idForm);
    expect(JSON.stringify(resources)).not.toContain(UNKNOWN);
  });
});

describe.each(CLOUD_EXAMPLES.filter((e) => e.cloud === "azure"))("$name after an update: ARM's shape", (example) => {
  test("references carry ARM ids; addressing inputs and unset fields are absent", () => {
    const resources = run(example, false);
    const nsg = outputsOf(resources, "edge-nsg");
    const subnet = outputsOf(resources, "edge-external");
    const nic = outputsOf(resources, "edge-1-nic");
    expect(nsg.id).toMatch(/\/providers\/Microsoft\.Network\/networkSecurityGroups\/nsg-sfb-edge-external$/);
    expect(subnet.networkSecurityGroup).toEqual({ id: nsg.id });
    expect(nic.ipConfigurations[0]).toEqual(expect.objectContaining({ subnet: { id: subnet.id }, publicIPAddress: { id: outputsOf(resources, "edge-1-pip").id }, privateIPAddress: "10.30.1.4" }));
    expect(outputsOf(resources, "edge-1").networkProfile.networkInterfaces).toEqual([{ id: nic.id, primary: true }]);
    for (const r of resources) expect(r.outputs).not.toHaveProperty("resourceGroupName");
    expect(nsg).not.toHaveProperty("flowLogs");
    expect(nsg.securityRules[0]).not.toHaveProperty("description");
    expect(outputsOf(resources, "edge-1").osProfile).toEqual(expect.not.objectContaining({ adminPassword: expect.anything() }));
  });

  test("each rule comes back with its id and ARM's empty list forms; Azure's default rules come too", () => {
    const nsg = outputsOf(run(example, false), "edge-nsg");
    expect(nsg.securityRules[0]).toEqual(
      expect.objectContaining({ id: `${nsg.id}/securityRules/allow-sip-tls`, destinationPortRange: "443", destinationPortRanges: [], sourceAddressPrefixes: [], provisioningState: "Succeeded" }),
    );
    expect(nsg.defaultSecurityRules.filter((r: Props) => r.direction === "Inbound").map((r: Props) => [r.name, r.priority])).toEqual([
      ["AllowVnetInBound", 65000],
      ["AllowAzureLoadBalancerInBound", 65001],
      ["DenyAllInBound", 65500],
    ]);
  });
});

describe.each(CLOUD_EXAMPLES.filter((e) => e.cloud === "gcp"))("$name after an update: the bridge's shape", (example) => {
  test("every field written, unset ones empty; API defaults written; references as self links", () => {
    const resources = run(example, false);
    const sip = outputsOf(resources, "edge-allow-sip");
    expect(sip).toEqual(expect.objectContaining({ description: "", denies: [], sourceTags: [], logConfig: null, disabled: false, priority: 1000, direction: "INGRESS" }));
    expect(sip.network).toBe(`${COMPUTE}${outputsOf(resources, "edge-net").id}`);
    const nic = outputsOf(resources, "edge-1").networkInterfaces[0];
    expect(nic).toEqual(expect.objectContaining({ name: "nic0", networkIp: "10.40.1.2", subnetwork: `${COMPUTE}${outputsOf(resources, "edge-external").id}`, ipv6Address: "" }));
    expect(nic.accessConfigs[0].natIp).toBe(outputsOf(resources, "edge-1-ip").address);
    expect(outputsOf(resources, "edge-1").tags).toEqual(["edge"]);
  });
});

describe("what each variant opens", () => {
  const azureRules = (variant: string) => outputsOf(run(findExample(`azure/${variant}`)!, false), "edge-nsg").securityRules.map((r: Props) => [r.name, r.priority, r.access]);
  const gcpRules = (variant: string) =>
    run(findExample(`gcp/${variant}`)!, false)
      .filter((r) => r.type === "gcp:compute/firewall:Firewall")
      .map((r) => [r.name, r.outputs.priority, (r.outputs as Props).denies.length > 0 ? "deny" : "allow"])
      .sort();

  test.each([
    ["compliant", []],
    ["exposed", [["allow-media-tcp", 200, "Allow"], ["allow-media-udp", 210, "Allow"]]],
    ["denied", [["deny-cls-agent", 150, "Deny"], ["allow-media-tcp", 200, "Allow"], ["allow-media-udp", 210, "Allow"]]],
    ["federation", [["deny-cls-agent", 150, "Deny"], ["allow-media-tcp", 200, "Allow"], ["allow-media-udp", 210, "Allow"]]],
  ])("azure/%s", (variant, extra) => {
    expect(azureRules(variant)).toEqual([["allow-sip-tls", 100, "Allow"], ["allow-sip-mtls-federation", 110, "Allow"], ["allow-stun-turn-udp", 120, "Allow"], ...extra]);
  });

  test.each([
    ["compliant", []],
    ["exposed", [["edge-allow-media", 1000, "allow"]]],
    ["denied", [["edge-allow-media", 1000, "allow"], ["edge-deny-cls-agent", 900, "deny"]]],
    ["federation", [["edge-allow-media", 1000, "allow"], ["edge-deny-cls-agent", 1000, "deny"]]],
  ])("gcp/%s", (variant, extra) => {
    expect(gcpRules(variant)).toEqual([...extra, ["edge-allow-sip", 1000, "allow"]].sort());
  });

  test("federation carries a justification in the accepted form, expiring within the window", () => {
    const tags = outputsOf(run(findExample("azure/federation")!, false), "edge-nsg").tags;
    const description = outputsOf(run(findExample("gcp/federation")!, false), "edge-allow-media").description;
    expect(tags).toEqual(expect.objectContaining({ "cls-guard:reason": "ocs-2007-federation", "cls-guard:ticket": "CHG-20417", "cls-guard:approved-by": "secops@example.com" }));
    expect(description).toBe(`cls-guard: reason=ocs-2007-federation; ticket=CHG-20417; approved-by=secops@example.com; expires=${tags["cls-guard:expires"]}`);
    const days = (Date.parse(tags["cls-guard:expires"]) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThan(365);
  });
});

describe("Azure Classic (a Terraform bridge) is written like AWS and Google Cloud", () => {
  test("an NSG's inline rule gains its unset fields", () => {
    const outputs = providerOutputs("azure:network/networkSecurityGroup:NetworkSecurityGroup", { securityRules: [{ name: "media", priority: 200, access: "Allow", protocol: "Tcp", destinationPortRange: "50000-59999" }] });
    expect(outputs.securityRules).toEqual([expect.objectContaining({ name: "media", destinationPortRanges: [], sourceAddressPrefix: "", sourceApplicationSecurityGroupIds: [], description: "" })]);
    expect(outputs).toEqual(expect.objectContaining({ location: "", tags: null }));
  });
});
