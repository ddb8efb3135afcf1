import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PolicyPackProcess } from "../../harness/engine";
import { shareDecoding } from "../../policies/sharedDecoding";
import { sg, tcp } from "../support/fixtures";
import { toEngine } from "../support/harness";

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;
type AnalyzeStackRpc = (call: { request: analyzer.AnalyzeStackRequest }, callback: (err: unknown) => void) => void;
interface PolicyServer {
  deserialize: { deserializeProperties: Decode };
  makeAnalyzeStackRpcFun: (pack: string, version: string, level: string, policies: StackValidationPolicy[]) => AnalyzeStackRpc;
}

/** A fresh copy of @pulumi/policy's server and its decoder (both internal, so untyped), shared or not. */
function policyServer(shared: boolean): PolicyServer {
  let server: PolicyServer | undefined;
  jest.isolateModules(() => {
    server = {
      deserialize: require("@pulumi/policy/deserialize"),
      makeAnalyzeStackRpcFun: require("@pulumi/policy/server").makeAnalyzeStackRpcFun,
    };
  });
  if (shared) shareDecoding(server!.deserialize);
  return server!;
}

const { getSpecialProxyTarget: PROXY_TARGET } = require("@pulumi/policy/proxy") as { getSpecialProxyTarget: string };

/** Stack policies that keep the decoded props (the object behind @pulumi/policy's proxy) of every resource they are given. */
function recorders(count: number, seen: object[][]): StackValidationPolicy[] {
  const record = (r: PolicyResource) => (r.props as Record<string, object>)[PROXY_TARGET];
  return Array.from({ length: count }, (_, i) => ({ name: `p${i}`, description: "records", enforcementLevel: "advisory", validateStack: (args) => void seen.push(args.resources.map(record)) }));
}

const request = () => analyzer.AnalyzeStackRequest.deserializeBinary(PolicyPackProcess.encodeStack(toEngine([sg("a", [tcp(50001, 50003)]), sg("b", [])])));

function analyzeStack(server: PolicyServer, policies: StackValidationPolicy[], req: analyzer.AnalyzeStackRequest): Promise<void> {
  const rpc = server.makeAnalyzeStackRpcFun("test", "1.0.0", "advisory", policies);
  return new Promise((resolve, reject) => rpc({ request: req }, (err) => (err ? reject(err) : resolve())));
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test.each([
  ["as @pulumi/policy ships, each stack policy decodes the stack afresh", false],
  ["shared, the stack policies of one AnalyzeStack read one decoding", true],
])("%s", async (_, shared) => {
  const seen: object[][] = [];
  const req = request();
  await analyzeStack(policyServer(shared), recorders(3, seen), req);

  expect(seen).toHaveLength(3);
  expect(seen[1]).toEqual(seen[0]);
  for (const k of [0, 1]) expect(seen[2][k] === seen[0][k]).toBe(shared);
});

test("a decoding is let go after the turn it was made in: the next call decodes again", async () => {
  const seen: object[][] = [];
  const server = policyServer(true);
  const req = request();
  await analyzeStack(server, recorders(1, seen), req);
  await nextTurn();
  await analyzeStack(server, recorders(1, seen), req);
  expect(seen[1][0]).toEqual(seen[0][0]);
  expect(seen[1][0]).not.toBe(seen[0][0]);
});

test("props decoded for remediation (secrets behind proxies) are decoded each time", () => {
  const { deserialize } = policyServer(true);
  const struct = request().getResourcesList()[0].getProperties()!;
  expect(deserialize.deserializeProperties(struct, true)).not.toBe(deserialize.deserializeProperties(struct, true));
  expect(deserialize.deserializeProperties(struct, false)).toBe(deserialize.deserializeProperties(struct, false));
});

test("sharing twice wraps the decoder once", () => {
  const { deserialize } = policyServer(true);
  const once = deserialize.deserializeProperties;
  shareDecoding(deserialize);
  expect(deserialize.deserializeProperties).toBe(once);
});
