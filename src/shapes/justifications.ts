import type { JustificationRecord, Subject } from "../model/justification";
import { descriptionJustification } from "./gcp/description";
import { FIREWALL, readFirewall } from "./gcp/firewall";
import { readPolicyRules } from "./gcp/policies";
import type { GcpRule } from "./gcp/rules";
import type { ResourceView } from "./resource";
import { tagJustification } from "./tags";

/** A resource whose tags may justify an opening (AWS, Azure). */
export function taggedSubject(view: ResourceView): Subject {
  return { urn: view.urn, name: view.name, tags: tagJustification(view) };
}

/** A GCP rule, justified by its description: firewall rules carry no labels, and label keys cannot hold ":". */
export function describedSubject(rule: GcpRule): Subject {
  const of = rule.path.startsWith("rules") ? `${rule.path} of ${JSON.stringify(rule.view.name)}` : JSON.stringify(rule.view.name);
  return { urn: rule.view.urn, name: rule.view.name, tags: descriptionJustification(rule.description.value, `description of ${of}`) };
}

function gcpRules(view: ResourceView): readonly GcpRule[] | undefined {
  return view.type === FIREWALL ? readFirewall(view).rules : readPolicyRules(view)?.rules;
}

/** Every justification a resource records, for justification-valid: its tags, or each of its GCP rules' descriptions. */
export function recordedJustifications(view: ResourceView): JustificationRecord[] {
  const rules = gcpRules(view);
  const records = rules ? rules.map((r) => describedSubject(r).tags) : [tagJustification(view)];
  const defined = records.filter((r): r is JustificationRecord => r !== undefined);
  // A VPC rule's allows and denies share one description: report it once.
  return defined.filter((r, i) => defined.findIndex((o) => o.where === r.where) === i);
}
