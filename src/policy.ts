import type { Props, ResourceView } from "./shapes/resource";
import { resolveSettings, type SettingName, type Settings } from "./settings";
import { COMMON_MESSAGES, say, type Finding, type Messages } from "./verdict/finding";

/** What a policy's check sees: the resources (one, for a resource policy), its settings, the date. */
export interface Context {
  readonly views: readonly ResourceView[];
  readonly settings: Settings;
  readonly today: Date;
}

export type Severity = "critical" | "high" | "medium" | "low";

/** The project's home (package.json's homepage names it too). */
export const HOMEPAGE = "https://github.com/cls-guard/cls-guard";

/** Published docs of a policy: the file `npm run docs` writes from its metadata. */
export function docsUrl(policyName: string): string {
  return `${HOMEPAGE}/blob/main/docs/policies/${policyName}.md`;
}

/**
 * A cls-guard policy, one per file under policies/ like an ESLint rule: its metadata, the settings
 * it reads (its config schema), its documentation and its check live together.
 */
export interface ClsGuardPolicy {
  readonly name: string;
  readonly description: string;
  /** "disabled" for a policy a team must opt into, such as one that rewrites resources. */
  readonly enforcementLevel: "advisory" | "mandatory" | "disabled";
  /** "resource": checked per resource before it is created; "stack": checked over the whole stack. */
  readonly scope: "resource" | "stack";
  readonly settings: readonly SettingName[];
  /** Markdown for a reviewer: what is checked, why, and the ways out. */
  readonly docs: string;
  /** How bad a finding is for code scanning, which ranks alerts by it. */
  readonly severity: Severity;
  /** Where the docs are published (docs/policies/<name>.md, written from this file by `npm run docs`). */
  readonly url: string;
  /** Every message the check reports, by id; COMMON_MESSAGES come on top. */
  readonly messages: Messages;
  check(context: Context): Finding[];
  /**
   * For a resource policy that can fix what its check finds (enforcement level "remediate"): the
   * props of the one resource in `context.views` rewritten, or undefined to leave it as it is. What
   * it leaves, its check reports.
   */
  remediate?(context: Context): Props | undefined;
}

/**
 * Runs a policy as every front end does (the engine's pack, the CLI, the tests): config checked
 * and defaulted first, and nothing thrown. A config error or a failure inside the check becomes a
 * definite finding, because a check that did not run must not read as a pass.
 */
export function evaluate(policy: ClsGuardPolicy, views: readonly ResourceView[], config: unknown, today: Date): Finding[] {
  const resolved = resolveSettings(config, policy.settings);
  if (!resolved.ok) {
    return [{ urn: "", certainty: "definite", ...say(COMMON_MESSAGES, "config-invalid", { policy: policy.name, errors: resolved.errors.join("; ") }) }];
  }
  try {
    return policy.check({ views, settings: resolved.settings, today });
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : "a non-Error was thrown";
    const [urn, subject] = views.length === 1 ? [views[0].urn, views[0].name] : ["", "the stack"];
    return [{ urn, certainty: "definite", ...say(COMMON_MESSAGES, "evaluation-failed", { subject, error }) }];
  }
}

/**
 * Runs a policy's remediation as the engine's pack does: config checked and defaulted first, and
 * nothing thrown. Whatever goes wrong leaves the resource as it is (undefined), and evaluate()
 * on the same resource reports why, so a remediation that did not run never reads as a fix.
 */
export function remediate(policy: ClsGuardPolicy, view: ResourceView, config: unknown, today: Date): Props | undefined {
  const resolved = policy.remediate ? resolveSettings(config, policy.settings) : undefined;
  if (!resolved?.ok) return undefined;
  try {
    return policy.remediate?.({ views: [view], settings: resolved.settings, today });
  } catch {
    return undefined;
  }
}
