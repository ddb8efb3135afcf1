import { test } from "@fast-check/jest";
import { RULES } from "../../policies/rules";
import { evaluate } from "../../src/policy";
import type { ResourceView } from "../../src/shapes/resource";
import { TODAY, urnOf, type TestResource } from "../support/harness";
import { azureExposing, key } from "./azureOracle";
import { azureWorld, LEVELS, NSG_NAMES, renderAzure, ruleName, type AzureWorld } from "./azureWorld";
import { gcpExposing } from "./gcpOracle";
import { firewallName, gcpWorld, renderGcp, type GcpWorld } from "./gcpWorld";
import { PROTECTED, WATCHED } from "./oracle";

/**
 * cls-guard's verdicts on Azure NSGs and Google Cloud VPC firewall rules against the naive
 * oracles, on random worlds. Seeded like agreement.test.ts: a failure prints its seed and path,
 * FC_SEED replays it and FC_RUNS runs more.
 */
const runs = Number(process.env.FC_RUNS ?? 200);
const seed = process.env.FC_SEED === undefined ? 20261121 : Number(process.env.FC_SEED);
const params = { numRuns: runs, seed, endOnFailure: true };

/** Where a finding lands, and which of the oracle's rules that is. */
interface Origin {
  readonly urn: string;
  readonly rule: string;
  readonly key: string;
}

/** The definite findings of one policy over a stack, as `urn rule`. */
function findings(resources: readonly TestResource[], policy: string): Set<string> {
  const views: ResourceView[] = resources.map((r) => ({ urn: urnOf(r), type: r.type, name: r.name, props: r.props, propertyDependencies: {} }));
  const all = evaluate(RULES.find((r) => r.name === policy)!, views, {}, TODAY);
  return new Set(all.filter((f) => f.certainty === "definite").map((f) => `${f.urn} ${f.rule}`));
}

/** Each NSG's inline rules are securityRules[k] of the NSG; a standalone rule is its own resource's "rule". */
function azureOrigins(w: AzureWorld, resources: readonly TestResource[]): Origin[] {
  const urn = (name: string) => urnOf(resources.find((r) => r.name === name)!);
  return LEVELS.flatMap((level) => {
    let inline = 0;
    const nsg = NSG_NAMES[level];
    return (w[level] ?? []).map((r) => ({
      key: key(level, r),
      ...(r.standalone ? { urn: urn(`${nsg}-${ruleName(r)}`), rule: "rule" } : { urn: urn(nsg), rule: `securityRules[${inline++}]` }),
    }));
  });
}

/** Each allow entry of a firewall is allows[k] of its resource. */
function gcpOrigins(w: GcpWorld): Origin[] {
  return w.rules.flatMap((r, i) =>
    r.action === "allow" ? r.entries.map((_, k) => ({ key: `${i} ${k}`, urn: urnOf({ type: "gcp:compute/firewall:Firewall", name: firewallName(i) }), rule: `allows[${k}]` })) : [],
  );
}

/** Which origins the policy flags, and which the oracle says it must: two lists to compare. */
function verdicts(resources: readonly TestResource[], origins: readonly Origin[], exposing: Set<string>, policy: string) {
  const found = findings(resources, policy);
  const label = (o: Origin) => `${o.urn.split("::").pop()} ${o.rule}`;
  return {
    flagged: origins.filter((o) => found.has(`${o.urn} ${o.rule}`)).map(label),
    expected: origins.filter((o) => exposing.has(o.key)).map(label),
    strays: [...found].filter((f) => !origins.some((o) => f === `${o.urn} ${o.rule}`)),
  };
}

const POLICIES = [
  ["cls-ports-closed", PROTECTED],
  ["media-range-inbound-justified", WATCHED],
] as const;

describe.each(POLICIES)("%s agrees with the naive judge", (policy, target) => {
  test.prop([azureWorld], params)("on Azure NSGs at the subnet and the NIC", (w) => {
    const resources = renderAzure(w);
    const v = verdicts(resources, azureOrigins(w, resources), azureExposing(w, target), policy);
    expect({ flagged: v.flagged, strays: v.strays }).toEqual({ flagged: v.expected, strays: [] });
  });

  test.prop([gcpWorld], params)("on Google Cloud VPC firewall rules", (w) => {
    const v = verdicts(renderGcp(w), gcpOrigins(w), gcpExposing(w, target), policy);
    expect({ flagged: v.flagged, strays: v.strays }).toEqual({ flagged: v.expected, strays: [] });
  });
});
