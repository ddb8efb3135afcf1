import * as path from "path";
import { PolicyPackProcess, type WireDiagnostic } from "./engine";
import { DIST, PACK_DIR, ROOT } from "./paths";
import { loadStackConfig, runProgramIsolated, type RecordedResource } from "./programRun";

/**
 * The README's main job: run the bundled example (stacks/edge) under mocks for each of its
 * stacks, hand the resources to the cls-guard pack over the engine's protocol exactly as
 * `pulumi preview --policy-pack policies` would (Analyze per resource, AnalyzeStack at the end),
 * and print what Pulumi would print. No Pulumi account, no cloud.
 *
 *   node dist/harness/example.js [--preview] [--stack <variant>]
 */
export const VARIANTS = ["compliant", "federation", "denied-by-nacl", "denied-by-network-firewall", "firewall-bypassed", "exposed", "exposed-inline"];
const PROGRAM = path.join(DIST, "stacks/edge");

/** One variant's resources; `stack` names the stack in the URNs (another name lets one stack move between variants). */
export function exampleRun(variant: string, preview: boolean, stack = variant): Promise<RecordedResource[]> {
  return runProgramIsolated(PROGRAM, { stack, preview, config: loadStackConfig(path.join(ROOT, "stacks/edge", `Pulumi.${variant}.yaml`)) });
}

/** What the engine asks of the pack for one stack: every resource's inputs, then the stack's outputs. */
export async function checkStack(pack: PolicyPackProcess, resources: readonly RecordedResource[]): Promise<WireDiagnostic[]> {
  const perResource: WireDiagnostic[] = [];
  for (const r of resources) perResource.push(...(await pack.analyze({ ...r, props: r.inputs })).map((d) => ({ ...d, urn: d.urn || r.urn })));
  return [...perResource, ...(await pack.analyzeStack(resources.map((r) => ({ ...r, props: r.outputs }))))];
}

/** The "Policies:" block of `pulumi preview`, one entry per diagnostic. */
function render(stack: string, pack: string, diagnostics: readonly WireDiagnostic[], count: number, preview: boolean): string {
  const failed = diagnostics.some((d) => d.level === "mandatory");
  const lines = [`${preview ? "Previewing" : "Updating"} stack ${stack} (stacks/edge, ${count} resources)`, "Policies:", `    ${failed ? "❌" : "✅"} ${pack} (local: ${path.relative(process.cwd(), PACK_DIR) || "."})`];
  for (const d of diagnostics) {
    const [, , type, name] = d.urn ? d.urn.split("::") : [];
    lines.push(`        - [${d.level}]  ${d.policy}  ${d.urn ? `(${type.split("$").pop()}: ${name})` : "(stack)"}`);
    lines.push(...d.message.split("\n").map((l) => `          ${l}`));
  }
  if (diagnostics.length === 0) lines.push("        no violations");
  return `${lines.join("\n")}\n\n`;
}

async function main(argv: string[]): Promise<number> {
  const preview = argv.includes("--preview");
  const only = argv.includes("--stack") ? argv[argv.indexOf("--stack") + 1] : undefined;
  if (only !== undefined && !VARIANTS.includes(only)) throw new Error(`--stack takes one of ${VARIANTS.join(", ")}`);
  const pack = await PolicyPackProcess.start();
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configure();
    let failed = false;
    for (const stack of only ? [only] : VARIANTS) {
      const resources = await exampleRun(stack, preview);
      const diagnostics = await checkStack(pack, resources);
      failed ||= diagnostics.some((d) => d.level === "mandatory");
      process.stdout.write(render(stack, `${info.name}@v${info.version}`, diagnostics, resources.length, preview));
    }
    return failed ? 1 : 0;
  } finally {
    pack.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`cls-guard example: ${err instanceof Error ? err.message : err}\n`);
      process.exit(2);
    },
  );
}
