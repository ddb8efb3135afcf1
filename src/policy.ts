import type { ResourceView } from "./shapes/resource";
import { resolveSettings, type SettingName, type Settings } from "./settings";
import type { Finding } from "./verdict/finding";

/** What a policy's check sees: the resources (one, for a resource policy), its settings, the date. */
export interface Context {
  readonly views: readonly ResourceView[];
  readonly settings: Settings;
  readonly today: Date;
}

/**
 * A cls-guard policy, one per file under policies/ like an ESLint rule: its metadata, the settings
 * it reads (its config schema), its documentation and its check live together.
 */
export interface ClsGuardPolicy {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  /** "resource": checked per resource before it is created; "stack": checked over the whole stack. */
  readonly scope: "resource" | "stack";
  readonly settings: readonly SettingName[];
  /** Markdown for a reviewer: what is checked, why, and the ways out. */
  readonly docs: string;
  check(context: Context): Finding[];
}

/**
 * Runs a policy as every front end does (the engine's pack, the CLI, the tests): config checked
 * and defaulted first, and nothing thrown. A config error or a failure inside the check becomes a
 * definite finding, because a check that did not run must not read as a pass.
 */
export function evaluate(policy: ClsGuardPolicy, views: readonly ResourceView[], config: unknown, today: Date): Finding[] {
  const resolved = resolveSettings(config, policy.settings);
  if (!resolved.ok) {
    const message = `The ${policy.name} configuration is invalid, so the policy did not run: ${resolved.errors.join("; ")}. Fix --policy-pack-config (or the cls-guard --config file).`;
    return [{ urn: "", certainty: "definite", message }];
  }
  try {
    return policy.check({ views, settings: resolved.settings, today });
  } catch (e) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : "a non-Error was thrown";
    const subject = views.length === 1 ? views[0].urn : "";
    const message = `cls-guard could not evaluate ${views.length === 1 ? views[0].name : "the stack"} (${what}); treating it as a violation until it can. Please report this with the resource's shape.`;
    return [{ urn: subject, certainty: "definite", message }];
  }
}
