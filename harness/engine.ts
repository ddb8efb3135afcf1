import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK_DIR, shipped } from "./paths";

/** A resource as the engine sends it to a pack: inputs for Analyze, outputs for AnalyzeStack. */
export interface EngineResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Property name -> URNs of the resources that feed it. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A stand-in for the Pulumi engine's side of the analyzer protocol: it starts a policy pack the way
 * the engine does and speaks pulumirpc.Analyzer to it with the stubs @pulumi/pulumi ships.
 */
/** The engine runs the pack with the run-policy-pack of the @pulumi/pulumi the pack's directory resolves. */
function runPolicyPack(packDir: string): string {
  return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
}

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: Level[] = ["advisory", "mandatory", "disabled", "remediate"];

export interface WireDiagnostic {
  readonly policy: string;
  readonly level: Level;
  readonly message: string;
  readonly urn: string;
}

/** One policy's answer to Remediate: the resource's props rewritten, or a diagnostic instead. */
export interface WireRemediation {
  readonly policy: string;
  /** As the engine receives them: secrets in the wire's secret form, unknowns as the sentinel. */
  readonly props?: Record<string, unknown>;
  readonly diagnostic: string;
}

export interface PackInfo {
  readonly name: string;
  readonly version: string;
  readonly policies: { name: string; level: Level; defaults: Record<string, unknown> }[];
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void;

function call<Req, Res>(client: analyzerGrpc.AnalyzerClient, method: string, req: Req): Promise<Res> {
  const fn = (client as unknown as Record<string, Unary<Req, Res>>)[method].bind(client);
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res))));
}

function toDiagnostics(res: analyzer.AnalyzeResponse): WireDiagnostic[] {
  return res.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()],
    message: d.getMessage(),
    urn: d.getUrn(),
  }));
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
function describe<M extends analyzer.AnalyzeRequest | analyzer.AnalyzerResource>(message: M, r: EngineResource): M {
  message.setType(r.type).setName(r.name).setUrn(r.urn).setProperties(Struct.fromJavaScript(r.props as never));
  // The policy server refuses resources without options ("A more recent version of the Pulumi CLI is required").
  message.setOptions(new analyzer.AnalyzerResourceOptions().setProtect(false));
  return message;
}

export class PolicyPackProcess {
  private info?: PackInfo;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly client: analyzerGrpc.AnalyzerClient,
    readonly stderr: () => string,
  ) {}

  /** Starts the pack as the engine does: cwd = pack dir, `node run-policy-pack <engine> <packDir>`, port on stdout. */
  static async start(packDir = PACK_DIR): Promise<PolicyPackProcess> {
    if (packDir === PACK_DIR) shipped("policies/index.js");
    const child = spawn(process.execPath, [runPolicyPack(packDir), "127.0.0.1:1", packDir], { cwd: packDir });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const match = /^(\d+)\s*$/m.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port: ${stderr}`)));
    });
    // The engine accepts messages up to 400 MiB (rpcutil.MaxRPCMessageSize), far above gRPC's 4 MiB default.
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return new PolicyPackProcess(child, client, () => stderr);
  }

  async getAnalyzerInfo(): Promise<PackInfo> {
    const res = await call<Empty, analyzer.AnalyzerInfo>(this.client, "getAnalyzerInfo", new Empty());
    this.info = {
      name: res.getName(),
      version: res.getVersion(),
      policies: res.getPoliciesList().map((p) => {
        const schema = (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, { default?: unknown }>;
        const defaults = Object.fromEntries(Object.entries(schema).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
        return { name: p.getName(), level: LEVELS[p.getEnforcementlevel()], defaults };
      }),
    };
    return this.info;
  }

  /**
   * What the engine does after GetAnalyzerInfo: every policy gets its level and its properties
   * (schema defaults under the user's settings; `all` sets every level), never a PolicyConfig
   * without properties.
   */
  async configure(user: Record<string, Record<string, unknown>> = {}): Promise<void> {
    const info = this.info ?? (await this.getAnalyzerInfo());
    const req = new analyzer.ConfigureAnalyzerRequest();
    for (const policy of info.policies) {
      const { enforcementLevel, ...properties } = user[policy.name] ?? {};
      const level = (enforcementLevel ?? user.all?.enforcementLevel ?? policy.level) as Level;
      const config = new analyzer.PolicyConfig()
        .setEnforcementlevel(LEVELS.indexOf(level) as analyzer.EnforcementLevel)
        .setProperties(Struct.fromJavaScript({ ...policy.defaults, ...properties } as never));
      req.getPolicyconfigMap().set(policy.name, config);
    }
    await call(this.client, "configure", req);
  }

  async analyze(r: EngineResource): Promise<WireDiagnostic[]> {
    return toDiagnostics(await call(this.client, "analyze", describe(new analyzer.AnalyzeRequest(), r)));
  }

  /**
   * What the engine asks before it checks a resource, when some policy's level is remediate: the
   * resource's inputs in an AnalyzeRequest, each remediating policy's rewrite back, in order (each
   * policy sees the props as the one before it left them). The engine then sends the last rewrite
   * to Analyze.
   */
  async remediate(r: EngineResource): Promise<WireRemediation[]> {
    const res = await call<analyzer.AnalyzeRequest, analyzer.RemediateResponse>(this.client, "remediate", describe(new analyzer.AnalyzeRequest(), r));
    return res.getRemediationsList().map((m) => ({
      policy: m.getPolicyname(),
      props: m.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
      diagnostic: m.getDiagnostic(),
    }));
  }

  async analyzeStack(resources: readonly EngineResource[]): Promise<WireDiagnostic[]> {
    return this.analyzeEncodedStack(PolicyPackProcess.encodeStack(resources));
  }

  /**
   * An AnalyzeStackRequest on the wire, so that a benchmark can send it without timing its encoding.
   * Encoded a resource at a time and concatenated (the wire form of a repeated field), because the
   * messages of 100k provider-shaped resources held at once exceed node's default heap.
   */
  static encodeStack(resources: readonly EngineResource[]): Uint8Array {
    return Buffer.concat(resources.map((r) => {
      const resource = describe(new analyzer.AnalyzerResource(), r);
      for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
        resource.getPropertydependenciesMap().set(key, new analyzer.AnalyzerPropertyDependencies().setUrnsList([...urns]));
      }
      return new analyzer.AnalyzeStackRequest().setResourcesList([resource]).serializeBinary();
    }));
  }

  async analyzeEncodedStack(request: Uint8Array): Promise<WireDiagnostic[]> {
    const method = analyzerGrpc.AnalyzerService.analyzeStack;
    const asIs = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const response = await new Promise<analyzer.AnalyzeResponse>((resolve, reject) =>
      this.client.makeUnaryRequest(method.path, asIs, method.responseDeserialize, request, (err, res) => (err ? reject(err) : resolve(res as analyzer.AnalyzeResponse))),
    );
    return toDiagnostics(response);
  }

  /** The pack process's peak resident memory so far, for benchmarks; undefined where /proc cannot tell (not Linux). */
  peakResidentMb(): number | undefined {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}
