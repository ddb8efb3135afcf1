import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { ARM_COMPUTED } from "./armState";
import { publicIp, Registered, type ComputedTable, type MockArgs, type Props } from "./cloudState";
import { GCP_COMPUTED } from "./gcpState";
import { compiled, ROOT } from "./paths";
import { providerOutputs } from "./providerSchema";

/**
 * Runs a Pulumi program without the CLI or a cloud: pulumi.runtime.setMocks stands in for the
 * providers, and every registration is recorded as the engine would see it - raw inputs (unknowns
 * as the engine's sentinel at preview), outputs (after an update, as the AWS, Azure or Google Cloud
 * provider writes them: see providerSchema.ts), and the dependencies between resources.
 */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Where the program declared it, as the engine stores it: "project:///stacks/edge/index.ts#12,3". */
  readonly sourcePosition?: string;
}

export interface RunOptions {
  readonly project?: string;
  readonly stack?: string;
  /** Preview: ids and other computed outputs are unknown, as in `pulumi preview`. */
  readonly preview?: boolean;
  /** Stack config, keys as in Pulumi.<stack>.yaml ("project:key"). */
  readonly config?: Record<string, string>;
}

interface MonitorRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  getSourceposition(): { getUri(): string; getLine(): number; getColumn(): number } | undefined;
}

interface MonitorResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
}

type Callback = (err: Error | null, res?: MonitorResponse) => void;

export async function runProgram(programDir: string, options: RunOptions = {}): Promise<RecordedResource[]> {
  const { project = "cls-guard-edge", stack = "dev", preview = false } = options;
  pulumi.runtime.setAllConfig({ ...(options.config ?? {}) });
  const recorded: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      // At preview ids and computed outputs are unknown; after an update the provider has written every field.
      newResource: (args) => (preview ? { id: undefined, state: args.inputs } : updated(args, recorded)),
      call: (args) => args.inputs,
    },
    project,
    stack,
    preview,
  );

  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: MonitorRequest, cb: Callback): Promise<void> };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res) recorded.push(record(req, res));
      cb(err, res);
    });

  await pulumi.runtime.runInPulumiStack(async () => require(path.resolve(programDir)));
  // Resources whose inputs wait on other resources' outputs register after the stack resolves;
  // the SDK's own waitForRPCs (exported, but left out of its typings) waits for them.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return recorded.filter((r) => r.type !== "pulumi:pulumi:Stack");
}

/** A firewall endpoint per subnet mapping, in the zone of its subnet, as AWS reports them in sync states. */
function syncStates(owner: string, mappings: unknown, registered: Registered): Props[] {
  return (Array.isArray(mappings) ? mappings : []).map((mapping: Props) => {
    const availabilityZone = registered.withOutput("id", mapping?.subnetId)?.outputs.availabilityZone ?? "";
    return { availabilityZone, attachments: [{ endpointId: `vpce-${owner}-${availabilityZone}`, subnetId: mapping?.subnetId }] };
  });
}

/** The VPC a default resource adopts: the one whose `key` output is the id the resource names. */
function vpcAdopting(key: string, args: MockArgs, registered: Registered) {
  return { id: args.inputs[key], outputs: { vpcId: registered.withOutput(key, args.inputs[key])?.outputs.id } };
}

const AWS_COMPUTED: ComputedTable = {
  // A new VPC's main route table is its default route table.
  "aws:ec2/vpc:Vpc": ({ name }) => ({
    outputs: { mainRouteTableId: `rtb-${name}-main`, defaultRouteTableId: `rtb-${name}-main`, defaultNetworkAclId: `acl-${name}-default`, defaultSecurityGroupId: `sg-${name}-default` },
  }),
  "aws:ec2/defaultRouteTable:DefaultRouteTable": (args, registered) => vpcAdopting("defaultRouteTableId", args, registered),
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": (args, registered) => vpcAdopting("defaultNetworkAclId", args, registered),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ({ inputs }, registered) => ({ id: registered.withOutput("id", inputs.vpcId)?.outputs.defaultSecurityGroupId }),
  "aws:networkfirewall/firewall:Firewall": ({ name, inputs }, registered) => ({
    outputs: { firewallStatuses: [{ syncStates: syncStates(name, inputs.subnetMappings, registered), transitGatewayAttachmentSyncStates: [] }] },
  }),
  "aws:networkfirewall/vpcEndpointAssociation:VpcEndpointAssociation": ({ name, inputs }, registered) => ({
    outputs: { vpcEndpointAssociationStatuses: [{ associationSyncStates: syncStates(name, [inputs.subnetMapping], registered) }] },
  }),
  // Unset, the instance takes its subnet's mapPublicIpOnLaunch, as EC2 does.
  "aws:ec2/instance:Instance": ({ name, inputs }, registered) => {
    const associate = (inputs.associatePublicIpAddress ?? registered.withOutput("id", inputs.subnetId)?.outputs.mapPublicIpOnLaunch) === true;
    return { outputs: { associatePublicIpAddress: associate, publicIp: associate ? publicIp(name) : "" } };
  },
  "aws:ec2/eip:Eip": ({ name }) => ({ outputs: { publicIp: publicIp(name) } }),
};

const COMPUTED: ComputedTable = { ...AWS_COMPUTED, ...ARM_COMPUTED, ...GCP_COMPUTED };

/** Only AWS resources have ARNs. */
const OTHER_CLOUDS = /^(azure|azure-native|gcp):/;

function updated(args: MockArgs, recorded: readonly RecordedResource[]): { id: string; state: Props } {
  const computed = COMPUTED[args.type]?.(args, new Registered(recorded)) ?? {};
  const id = typeof computed.id === "string" && computed.id !== "" ? computed.id : `${args.name}-id`;
  const arn = OTHER_CLOUDS.test(args.type) ? {} : { arn: `arn:aws:mock::${args.name}` };
  return { id, state: providerOutputs(args.type, args.inputs, { ...arn, ...computed.outputs }) };
}

function record(req: MonitorRequest, res: MonitorResponse): RecordedResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of req.getPropertydependenciesMap().entries()) propertyDependencies[key] = deps.getUrnsList();
  return {
    urn: res.getUrn(),
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    id: res.getId() || undefined,
    parent: req.getParent() || undefined,
    inputs: req.getObject().toJavaScript(),
    outputs: { ...res.getObject().toJavaScript(), ...(res.getId() ? { id: res.getId() } : {}) },
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    sourcePosition: projectPosition(req.getSourceposition()),
  };
}

/** The engine's form of a source position: relative to the project, "project:///path#line,column". */
function projectPosition(pos: ReturnType<MonitorRequest["getSourceposition"]>): string | undefined {
  if (!pos || !pos.getUri()) return undefined;
  const file = path.relative(ROOT, decodeURIComponent(pos.getUri().replace(/^file:\/\//, ""))).split(path.sep).join("/");
  return `project:///${file}#${pos.getLine()},${pos.getColumn()}`;
}

/** The `config:` map of a Pulumi.<stack>.yaml file, values as strings as Pulumi passes them. */
export function loadStackConfig(file: string): Record<string, string> {
  const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
  return Object.fromEntries(Object.entries(doc?.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/**
 * Runs a program in a process of its own: the Pulumi runtime keeps global state, so each stack
 * (and each of preview and update) gets a fresh one. Needs the compiled harness (npm run build).
 */
export function runProgramIsolated(programDir: string, options: RunOptions = {}): Promise<RecordedResource[]> {
  return new Promise((resolve, reject) => {
    const script = compiled("harness/programRun.js");
    execFile(process.execPath, [script, programDir, JSON.stringify(options)], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`running ${programDir} failed: ${stderr || err.message}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

if (require.main === module) {
  // Stack traces, and so the source positions the SDK records, point at the TypeScript program.
  require("source-map-support").install();
  const [programDir, options] = process.argv.slice(2);
  runProgram(programDir, JSON.parse(options ?? "{}")).then(
    (resources) => process.stdout.write(JSON.stringify(resources)),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
      process.exit(1);
    },
  );
}
