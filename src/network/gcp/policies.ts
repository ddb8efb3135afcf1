import type { Doubt } from "../../model/rule";
import { display, isUnknown } from "../../model/values";
import type { Field } from "../../shapes/fields";
import { familyOf, POLICY_TYPES, readAssociation, readPolicyRules, type PolicyFamily } from "../../shapes/gcp/policies";
import { type GcpRule } from "../../shapes/gcp/rules";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GcpIndex } from "./index";

/** A firewall policy of the stack with its rules (inline and standalone) and its associations. */
export interface Policy {
  readonly view: ResourceView;
  readonly family: PolicyFamily;
  readonly name: string;
  readonly rules: readonly GcpRule[];
  readonly associations: readonly { readonly view: ResourceView; readonly target: Field }[];
  readonly resources: readonly string[];
}

/** A standalone policy rule whose policy could not be found. */
export interface OrphanRule {
  readonly rule: GcpRule;
  readonly why: string;
  readonly doubt?: Doubt;
}

function policyName(view: ResourceView, family: PolicyFamily): string {
  const kind = { hierarchical: "hierarchical firewall policy", global: "network firewall policy", regional: "regional network firewall policy" }[family.kind];
  return `${kind} ${JSON.stringify(view.name)}`;
}

/** Every policy of the stack, with what belongs to it, and the rules that belong to none found. */
export function readPolicies(index: GcpIndex, views: readonly ResourceView[]): { policies: Policy[]; orphans: OrphanRule[] } {
  const rules = new Map<ResourceView, GcpRule[]>();
  const associations = new Map<ResourceView, { view: ResourceView; target: Field }[]>();
  const orphans: OrphanRule[] = [];
  const policyOf = (owner: ResourceView, f: Field, family: PolicyFamily) => index.refs(owner, f, [family.policy, family.withRules]);
  for (const view of views) {
    const reading = readPolicyRules(view);
    if (reading && !reading.policy) rules.set(view, [...(rules.get(view) ?? []), ...reading.rules]);
    else if (reading?.policy) {
      const link = policyOf(view, reading.policy, reading.family);
      const policy = link.targets[0];
      if (policy) rules.set(policy, [...(rules.get(policy) ?? []), ...reading.rules]);
      else orphans.push(...reading.rules.map((rule) => orphan(rule, reading.policy!, link.unknown)));
    }
    const association = readAssociation(view);
    if (association) for (const policy of policyOf(view, association.policy, association.family).targets) associations.set(policy, [...(associations.get(policy) ?? []), { view, target: association.target }]);
  }
  const policies = index.ofType(...POLICY_TYPES).map((view): Policy => {
    const family = familyOf(view.type)!;
    const own = rules.get(view) ?? [];
    const linked = associations.get(view) ?? [];
    return { view, family, name: policyName(view, family), rules: own, associations: linked, resources: [view.urn, ...new Set(own.map((r) => r.view.urn)), ...linked.map((a) => a.view.urn)] };
  });
  return { policies, orphans };
}

function orphan(rule: GcpRule, f: Field, unknown: boolean): OrphanRule {
  if (!unknown) return { rule, why: `its firewall policy (${display(f.value)}) is not in this stack, so what it is attached to and what comes before the rule could not be followed` };
  const doubt: Doubt = { kind: "unknown", field: `${rule.view.name} firewallPolicy`, detail: `the firewall policy of ${resourceLabel(rule.view)} is not known at preview and no dependency names it` };
  return { rule, why: `its firewall policy is not known at preview (${isUnknown(f.value) ? "unknown" : display(f.value)})`, doubt };
}
