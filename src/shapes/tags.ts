import { isUnknown, UNKNOWN } from "../model/values";
import type { JustificationRecord } from "../model/justification";
import { isRecord, own, type ResourceView } from "./resource";

export const TAG_KEYS = {
  reason: "cls-guard:reason",
  ticket: "cls-guard:ticket",
  approvedBy: "cls-guard:approved-by",
  expires: "cls-guard:expires",
} as const;

const PREFIX = "cls-guard:";

/**
 * The justification a resource's tags carry: none when no cls-guard:* tag is set; every field
 * unknown when the tags themselves are unknown at preview.
 */
export function tagJustification(view: ResourceView): JustificationRecord | undefined {
  const tags = own(view.props, "tags");
  const where = `tags of ${JSON.stringify(view.name)}`;
  if (isUnknown(tags)) {
    return { from: "tags", where: `${where} (unknown at preview)`, reason: UNKNOWN, ticket: UNKNOWN, approvedBy: UNKNOWN, expires: UNKNOWN };
  }
  if (!isRecord(tags) || !Object.keys(tags).some((k) => k.startsWith(PREFIX))) return undefined;
  return {
    from: "tags",
    where,
    reason: own(tags, TAG_KEYS.reason),
    ticket: own(tags, TAG_KEYS.ticket),
    approvedBy: own(tags, TAG_KEYS.approvedBy),
    expires: own(tags, TAG_KEYS.expires),
  };
}
