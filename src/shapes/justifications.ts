import type { JustificationRecord, Subject } from "../model/justification";
import { descriptionJustification } from "./gcp/description";
import { FIREWALL } from "./gcp/firewall";
import { readPolicyRules } from "./gcp/policies";
import type { GcpRule } from "./gcp/rules";
import { own, type ResourceView } from "./resource";
import { tagJustification } from "./tags";

/** A resource whose tags may justify an opening (AWS, Azure). */
export function taggedSubject(view: ResourceView): Subject {
  return { urn: view.urn, name: view.name, tags: tagJustification(view) };
}

/** Where a GCP rule's justification is written: its description, or that of one rule of a policy. */
function descriptionWhere(view: ResourceView, path: string): string {
  return `description of ${path.startsWith("rules") ? `${path} of ${JSON.stringify(view.name)}` : JSON.stringify(view.name)}`;
}

/** A GCP rule, justified by its description: firewall rules carry no labels, and label keys cannot hold ":". */
export function describedSubject(rule: GcpRule): Subject {
  return { urn: rule.view.urn, name: rule.view.name, tags: descriptionJustification(rule.description.value, descriptionWhere(rule.view, rule.path)) };
}

/**
 * Every justification a resource records, for justification-valid: its tags, or each of its GCP
 * rules' descriptions. A VPC firewall rule's allows and denies share its one description, which
 * is read without reading the rule (a stack may hold 100k of them).
 */
export function recordedJustifications(view: ResourceView): JustificationRecord[] {
  const records = view.type === FIREWALL ? [descriptionJustification(own(view.props, "description"), descriptionWhere(view, ""))] : (readPolicyRules(view)?.rules.map((r) => describedSubject(r).tags) ?? [tagJustification(view)]);
  return records.filter((r): r is JustificationRecord => r !== undefined);
}
