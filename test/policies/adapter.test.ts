import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { StackValidationPolicy } from "@pulumi/policy";
import { PolicyPackProcess, type EngineResource } from "../../harness/engine";
import { toPulumiPolicy } from "../../policies/adapter";
import { docsUrl, type ClsGuardPolicy } from "../../src/policy";
import type { ResourceView } from "../../src/shapes/resource";
import { sg, tcp } from "../support/fixtures";
import { toEngine } from "../support/harness";

type Callback = (err: unknown, res?: analyzer.AnalyzeResponse) => void;
type AnalyzeStackRpc = (call: { request: analyzer.AnalyzeStackRequest }, callback: Callback) => void;
// The policy server's own AnalyzeStack handler (internal to @pulumi/policy, so untyped).
const { makeAnalyzeStackRpcFun } = require("@pulumi/policy/server") as {
  makeAnalyzeStackRpcFun: (pack: string, version: string, level: string, policies: StackValidationPolicy[]) => AnalyzeStackRpc;
};

/** A stack policy that keeps the views it is given and finds nothing. */
function recorder(name: string, seen: (readonly ResourceView[])[]): ClsGuardPolicy {
  return { name, description: name, enforcementLevel: "advisory", severity: "low", url: docsUrl(name), scope: "stack", settings: [], docs: "", messages: {}, check: ({ views }) => (seen.push(views), []) };
}

/** One AnalyzeStack as the policy server handles it: the request decoded from the wire, every stack policy run over it. */
function analyzeStack(policies: StackValidationPolicy[], resources: EngineResource[]): Promise<analyzer.AnalyzeResponse | undefined> {
  const request = analyzer.AnalyzeStackRequest.deserializeBinary(PolicyPackProcess.encodeStack(resources));
  const rpc = makeAnalyzeStackRpcFun("test", "1.0.0", "advisory", policies);
  return new Promise((resolve, reject) => rpc({ request }, (err, res) => (err ? reject(err) : resolve(res))));
}

test("the stack policies of one AnalyzeStack share one reading of the stack, and the next call reads its own", async () => {
  const seen: (readonly ResourceView[])[] = [];
  const policies = ["first", "second", "third"].map((name) => toPulumiPolicy(recorder(name, seen)) as StackValidationPolicy);

  await analyzeStack(policies, toEngine([sg("a", [tcp(50001, 50003)]), sg("b", [])]));
  expect(seen).toHaveLength(3);
  expect(seen[1]).toBe(seen[0]);
  expect(seen[2]).toBe(seen[0]);
  expect(seen[0].map((v) => v.name)).toEqual(["a", "b"]);

  await analyzeStack(policies, toEngine([sg("a", []), sg("b", [])]));
  expect(seen).toHaveLength(6);
  expect(seen[3]).not.toBe(seen[0]);
  expect(seen[4]).toBe(seen[3]);
  expect(seen[3][0].props.ingress).toEqual([]);
});
