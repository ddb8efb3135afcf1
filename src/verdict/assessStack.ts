import { cached } from "../cached";
import type { Context } from "../policy";
import { openingsOf } from "../network/openings";
import type { ResourceView } from "../shapes/resource";
import { approvalSettingsFrom } from "./approval";
import { assessOpenings, type Assessment } from "./assessment";
import { trafficOf, trustFrom, type PortSpec } from "./exposure";
import { COMMON_MESSAGES, say, type Finding } from "./finding";

type Result = { assessments: Assessment[]; configFindings: Finding[] };

/** cls-ports-closed and cls-deny-explicit assess the same ports of the same stack: once is enough. */
const memo = new WeakMap<readonly ResourceView[], Map<string, Result>>();

/**
 * Every opening of `target` from outside, after network ACLs and firewalls, with its
 * justification: what both exposure policies and the upstream-deny policy start from. Config
 * problems come back as findings.
 */
export function assessStack(context: Context, target: readonly PortSpec[]): Result {
  const { settings, today } = context;
  const { trustedCidrs, trustedPrefixLists, acceptedReasons, maxJustificationDays, exceptions, centralExceptionsOnly } = settings;
  const key = JSON.stringify([target, trustedCidrs, trustedPrefixLists, acceptedReasons, maxJustificationDays, exceptions, centralExceptionsOnly, today.toISOString().slice(0, 10)]);
  return cached(cached(memo, context.views, () => new Map<string, Result>()), key, () => {
    const { trust, problems } = trustFrom(trustedCidrs, trustedPrefixLists);
    const configFindings = problems.map((problem): Finding => ({ urn: "", certainty: "definite", ...say(COMMON_MESSAGES, "config-problem", { problem }) }));
    return { assessments: assessOpenings(openingsOf(context.views), trafficOf(target), trust, approvalSettingsFrom(settings, today)), configFindings };
  });
}
