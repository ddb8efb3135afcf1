import type { Context } from "../policy";
import { openingsOf } from "../shapes/stack";
import { approvalSettingsFrom } from "./approval";
import { assessOpenings, type Assessment } from "./assessment";
import { trafficOf, trustFrom, type PortSpec } from "./exposure";
import type { Finding } from "./finding";

/**
 * Every opening of `target` from outside, after network ACLs and firewalls, with its
 * justification: what both exposure policies and the upstream-deny policy start from. Config
 * problems come back as findings.
 */
export function assessStack(context: Context, target: readonly PortSpec[]): { assessments: Assessment[]; configFindings: Finding[] } {
  const { settings, today } = context;
  const { trust, problems } = trustFrom(settings.trustedCidrs, settings.trustedPrefixLists);
  const configFindings = problems.map((message): Finding => ({ urn: "", certainty: "definite", message: `Configuration: ${message}.` }));
  return { assessments: assessOpenings(openingsOf(context.views), trafficOf(target), trust, approvalSettingsFrom(settings, today)), configFindings };
}
