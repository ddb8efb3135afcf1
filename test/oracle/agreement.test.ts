import { test } from "@fast-check/jest";
import { RULES } from "../../policies/rules";
import { evaluate } from "../../src/policy";
import type { ResourceView } from "../../src/shapes/resource";
import { TODAY, urnOf } from "../support/harness";
import { exposed, justified, PROTECTED, WATCHED } from "./oracle";
import { justification, render, world, type World } from "./world";

/**
 * cls-guard's verdicts against the brute-force oracle on random Edge networks. Seeded: a failure
 * prints its seed and path, and FC_SEED replays it. `npm run fuzz -- <runs>` runs more.
 */
const runs = Number(process.env.FC_RUNS ?? 600);
const seed = process.env.FC_SEED === undefined ? 20261121 : Number(process.env.FC_SEED);
const params = { numRuns: runs, seed, endOnFailure: true };

function views(w: World): ResourceView[] {
  return render(w).map((r) => ({ urn: urnOf(r), type: r.type, name: r.name, props: r.props, propertyDependencies: {} }));
}

/** Rule index -> where cls-guard reports it: the group's inline ingress[k] or the standalone rule. */
function origins(w: World): { urn: string; rule: string }[] {
  let inline = 0;
  return w.rules.map((r, i) => (r.shape === "inline" ? { urn: urnOf({ type: "aws:ec2/securityGroup:SecurityGroup", name: "edge" }), rule: `ingress[${inline++}]` } : { urn: urnOf({ type: r.shape === "rule" ? "aws:ec2/securityGroupRule:SecurityGroupRule" : "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: `rule-${i}` }), rule: "rule" }));
}

function flagged(w: World, policy: string): boolean[] {
  const rule = RULES.find((r) => r.name === policy)!;
  const config = { trustedPrefixLists: w.trustedPrefixLists };
  const findings = evaluate(rule, views(w), config, new Date(`${TODAY.toISOString().slice(0, 10)}T12:00:00Z`));
  return origins(w).map((o) => findings.some((f) => f.urn === o.urn && f.rule === o.rule && f.certainty === "definite"));
}

describe("cls-guard agrees with the brute-force oracle", () => {
  test.prop([world], params)("cls-ports-closed: flagged exactly when some CLS packet from the internet gets through unjustified", (w) => {
    const expected = w.rules.map((_, i) => exposed(w, i, PROTECTED) && !justified(w.justification));
    expect(flagged(w, "cls-ports-closed")).toEqual(expected);
  });

  test.prop([world], params)("media-range-inbound-justified: flagged exactly when some media-range packet gets through unjustified", (w) => {
    const expected = w.rules.map((_, i) => exposed(w, i, WATCHED) && !justified(w.justification));
    expect(flagged(w, "media-range-inbound-justified")).toEqual(expected);
  });
});

describe("justification-valid agrees with the naive reading of a justification", () => {
  test.prop([justification], params)("a justification is reported exactly when it is present and not valid", (j) => {
    const w: World = { rules: [], justification: j, trustedPrefixLists: [] };
    const present = j !== undefined && Object.values(j).some((v) => v !== undefined);
    const findings = evaluate(RULES.find((r) => r.name === "justification-valid")!, views(w), {}, new Date("2026-11-21T12:00:00Z"));
    expect(findings.some((f) => f.urn === urnOf({ type: "aws:ec2/securityGroup:SecurityGroup", name: "edge" }))).toBe(present && !justified(j));
  });
});
