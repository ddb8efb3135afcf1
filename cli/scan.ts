import { RULES } from "../policies/rules";
import { evaluate, type ClsGuardPolicy } from "../src/policy";
import { resolveSettings } from "../src/settings";
import { cloudOf, type Cloud } from "../src/shapes/clouds";
import { resourceLabel, type ResourceView } from "../src/shapes/resource";
import type { Finding } from "../src/verdict/finding";
import { InputError, type InputResource, type Props } from "./input";

/**
 * The CLI's run of the pack: every policy, through the same evaluate() the engine's pack calls,
 * on resources whose unknowns and secrets input.ts marked as the pack's proxy reading marks them.
 */
export type Level = "advisory" | "mandatory";

export interface PolicyRun {
  readonly policy: ClsGuardPolicy;
  readonly level: Level;
  readonly settings: Props;
}

export interface ReportFinding extends Omit<Finding, "urn"> {
  readonly policy: string;
  /** As the engine reports it: an unverified finding is advisory whatever the policy's level. */
  readonly enforcementLevel: Level;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The resource's cloud, for reports that cover several. */
  readonly cloud?: Cloud;
  readonly sourcePosition?: string;
}

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Reads `--policy-pack-config` JSON: `{"<policy>": {"enforcementLevel": ..., <settings>}}`, a bare
 * level instead of the object, and "all" for every policy's level. Anything off is an InputError.
 */
export function planRuns(config: unknown): PolicyRun[] {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new InputError("--config must hold a JSON object keyed by policy name");
  const entries = config as Record<string, unknown>;
  const known = RULES.map((r) => r.name);
  for (const key of Object.keys(entries)) {
    if (key !== "all" && !known.includes(key)) throw new InputError(`--config names unknown policy "${key}" (known: ${known.join(", ")}, all)`);
  }
  const levelOf = (key: string, value: unknown): string | undefined => {
    const level = typeof value === "string" ? value : (value as { enforcementLevel?: unknown } | undefined)?.enforcementLevel;
    if (level !== undefined && (typeof level !== "string" || !LEVELS.includes(level))) throw new InputError(`--config gives ${key} the level ${JSON.stringify(level)}; use one of ${LEVELS.join(", ")}`);
    return level as string | undefined;
  };
  const all = levelOf("all", entries.all);
  return RULES.flatMap((policy): PolicyRun[] => {
    const entry = entries[policy.name];
    const level = levelOf(policy.name, entry) ?? all ?? policy.enforcementLevel;
    if (level === "disabled") return [];
    const { enforcementLevel: _, ...settings } = typeof entry === "object" && entry !== null ? (entry as Props) : {};
    const resolved = resolveSettings(settings, policy.settings);
    if (!resolved.ok) throw new InputError(`--config settings of ${policy.name} are invalid: ${resolved.errors.join("; ")}`);
    return [{ policy, level: level === "advisory" ? "advisory" : "mandatory", settings }];
  });
}

/** The document's values are already in reader form (see input.ts), so a view is the resource as read. */
function view(r: InputResource, props: Props): ResourceView {
  return { urn: r.urn, type: r.type, name: r.name, props, propertyDependencies: r.propertyDependencies };
}

/** Resource policies see inputs, as Analyze does; stack policies outputs, as AnalyzeStack does (inputs where a plan has none yet). */
export function viewsOf(resources: readonly InputResource[]): { inputs: ResourceView[]; outputs: ResourceView[] } {
  return {
    inputs: resources.map((r) => view(r, Object.keys(r.inputs).length > 0 ? r.inputs : r.outputs)),
    outputs: resources.map((r) => view(r, Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs)),
  };
}

/**
 * References cls-guard cannot follow: inputs holding a value unknown at preview with no property
 * dependency naming where it comes from (engine events carry none). Linking them could credit a
 * deny or a justification, or place a host, so no finding of the stack is definite while they stand.
 */
export function unlinked(resources: readonly InputResource[]): string[] {
  return resources.flatMap((r) => r.unknownInputs.filter((key) => !r.propertyDependencies[key]?.length).map((key) => `${resourceLabel(r)} ${key}`));
}

function doubted(f: ReportFinding, loose: readonly string[], hint: string | undefined): ReportFinding {
  if (f.certainty === "unverified" && !hint) return f;
  const what = f.certainty === "unverified" ? "" : `Cannot verify: ${loose.length} reference(s) hold values unknown at preview that no property dependency links (${loose.slice(0, 3).join(", ")}${loose.length > 3 ? ", ..." : ""}), and following them could change this finding.`;
  return { ...f, certainty: "unverified", enforcementLevel: "advisory", message: [f.message, what, hint].filter(Boolean).join("\n") };
}

/** `hint`: what would make findings the document leaves unverifiable definite. */
export function scan(resources: readonly InputResource[], runs: readonly PolicyRun[], today: Date, hint?: string): ReportFinding[] {
  const loose = unlinked(resources);
  const findings = judge(resources, runs, today);
  return loose.length === 0 ? findings : findings.map((f) => doubted(f, loose, hint));
}

function judge(resources: readonly InputResource[], runs: readonly PolicyRun[], today: Date): ReportFinding[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const views = viewsOf(resources);
  return runs.flatMap((run) => {
    const findings = evaluate(run.policy, run.policy.scope === "resource" ? views.inputs : views.outputs, run.settings, today);
    return findings.map((f): ReportFinding => {
      const r = byUrn.get(f.urn);
      return {
        ...f,
        policy: run.policy.name,
        enforcementLevel: f.certainty === "unverified" ? "advisory" : run.level,
        type: r?.type ?? "",
        name: r?.name ?? "",
        ...(r && cloudOf(r.type) ? { cloud: cloudOf(r.type) } : {}),
        ...(r?.sourcePosition ? { sourcePosition: r.sourcePosition } : {}),
      };
    });
  });
}
