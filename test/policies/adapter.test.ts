import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { StackValidationPolicy } from "@pulumi/policy";
import { PolicyPackProcess, type EngineResource } from "../../harness/engine";
import { toPulumiPolicies } from "../../policies/adapter";
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

const decoded = (resources: EngineResource[]) => analyzer.AnalyzeStackRequest.deserializeBinary(PolicyPackProcess.encodeStack(resources));

/** One AnalyzeStack as the policy server handles it: the request as decoded from the wire, every stack policy run over it. */
function analyzeStack(policies: StackValidationPolicy[], request: analyzer.AnalyzeStackRequest): Promise<analyzer.AnalyzeResponse | undefined> {
  const rpc = makeAnalyzeStackRpcFun("test", "1.0.0", "advisory", policies);
  return new Promise((resolve, reject) => rpc({ request }, (err, res) => (err ? reject(err) : resolve(res))));
}

const NAMES = ["first", "second", "third"];

test("the stack policies of one AnalyzeStack share one reading of the stack, and the next call reads its own", async () => {
  const seen: (readonly ResourceView[])[] = [];
  const policies = toPulumiPolicies(NAMES.map((name) => recorder(name, seen))) as StackValidationPolicy[];

  await analyzeStack(policies, decoded(toEngine([sg("a", [tcp(50001, 50003)]), sg("b", [])])));
  expect(seen).toHaveLength(3);
  expect(seen[1]).toBe(seen[0]);
  expect(seen[2]).toBe(seen[0]);
  expect(seen[0].map((v) => v.name)).toEqual(["a", "b"]);

  await analyzeStack(policies, decoded(toEngine([sg("a", []), sg("b", [])])));
  expect(seen).toHaveLength(6);
  expect(seen[3]).not.toBe(seen[0]);
  expect(seen[4]).toBe(seen[3]);
  expect(seen[3][0].props.ingress).toEqual([]);
});

// The policy server builds its response while the request is alive; a reading kept until then
// crowds node's heap on a large stack. Analysing the same request again shows whether it was kept.
test.each([
  ["every policy of the group has read it", NAMES, {}, NAMES],
  ["the policies not disabled have read it", NAMES, { enforcementLevels: { third: "disabled" as const } }, ["first", "second"]],
])("the reading is let go once %s", async (_, names, options, running) => {
  const seen: (readonly ResourceView[])[] = [];
  const policies = toPulumiPolicies(names.map((name) => recorder(name, seen)), options) as StackValidationPolicy[];
  const request = decoded(toEngine([sg("a", []), sg("b", [])]));

  // The policy server itself skips a disabled policy.
  await analyzeStack(policies, request);
  await analyzeStack(policies, request);
  expect(seen).toHaveLength(2 * running.length);
  expect(seen[running.length]).not.toBe(seen[0]);
  expect(seen[running.length + 1]).toBe(seen[running.length]);
});

test("a group's reading is kept while one of its policies has yet to read it", async () => {
  const seen: (readonly ResourceView[])[] = [];
  const [first, second] = toPulumiPolicies(NAMES.map((name) => recorder(name, seen))) as StackValidationPolicy[];
  const request = decoded(toEngine([sg("a", []), sg("b", [])]));

  await analyzeStack([first], request);
  await analyzeStack([second], request);
  expect(seen[1]).toBe(seen[0]);
});
