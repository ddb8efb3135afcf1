import type { Context } from "../policy";
import { openingsOf } from "../shapes/stack";
import type { PortSpec } from "./exposure";
import { trafficOf, trustFrom } from "./exposure";
import { approvalSettingsFrom } from "./approval";
import type { Finding } from "./finding";
import { unapprovedOpenings, type UnapprovedOpening } from "./unapproved";

/**
 * The check both exposure policies run: every opening of `target` from outside that has no valid
 * justification, each turned into a finding by the policy's own wording.
 */
export function checkOpenings(context: Context, target: readonly PortSpec[], toFinding: (u: UnapprovedOpening) => Finding): Finding[] {
  const { settings, today } = context;
  const { trust, problems } = trustFrom(settings.trustedCidrs, settings.trustedPrefixLists);
  const configFindings = problems.map((message): Finding => ({ urn: "", certainty: "definite", message: `Configuration: ${message}.` }));
  const openings = unapprovedOpenings(openingsOf(context.views), trafficOf(target), trust, approvalSettingsFrom(settings, today));
  return [...configFindings, ...openings.map(toFinding)];
}
