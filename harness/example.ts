import * as path from "path";
import { PACK_DIR, PolicyPackProcess, ROOT, type EngineResource, type WireDiagnostic } from "./engine";
import { runProgram } from "./programRun";

/**
 * The README's main job: run the bundled example program (stacks/edge) under mocks, hand its
 * resources to the cls-guard pack over the engine's protocol exactly as `pulumi preview
 * --policy-pack policies` would, and print what Pulumi would print. No Pulumi account, no cloud.
 *
 *   node dist/harness/example.js [--preview]
 */
async function main(argv: string[]): Promise<number> {
  const preview = argv.includes("--preview");
  const resources = await runProgram(path.join(ROOT, "dist/stacks/edge"), { preview });
  const pack = await PolicyPackProcess.start();
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configure();
    const diagnostics: WireDiagnostic[] = [];
    for (const r of resources) diagnostics.push(...(await pack.analyze(engineView(r, r.inputs))).map((d) => ({ ...d, urn: d.urn || r.urn })));
    diagnostics.push(...(await pack.analyzeStack(resources.map((r) => engineView(r, r.outputs)))));
    process.stdout.write(render(`${info.name}@v${info.version}`, diagnostics, resources.length, preview));
    return diagnostics.some((d) => d.level === "mandatory") ? 1 : 0;
  } finally {
    pack.stop();
  }
}

function engineView(r: Awaited<ReturnType<typeof runProgram>>[number], props: Record<string, unknown>): EngineResource {
  return { urn: r.urn, type: r.type, name: r.name, props, propertyDependencies: r.propertyDependencies };
}

/** The "Policies:" block of `pulumi preview`, one entry per diagnostic. */
function render(pack: string, diagnostics: readonly WireDiagnostic[], count: number, preview: boolean): string {
  const failed = diagnostics.some((d) => d.level === "mandatory");
  const lines = [`${preview ? "Previewing" : "Checking"} stacks/edge (${count} resources) with the cls-guard pack`, "", "Policies:", `    ${failed ? "❌" : "✅"} ${pack} (local: ${path.relative(process.cwd(), PACK_DIR) || "."})`];
  for (const d of diagnostics) {
    const [, , type, name] = d.urn ? d.urn.split("::") : [];
    lines.push(`        - [${d.level}]  ${d.policy}  ${d.urn ? `(${type.split("$").pop()}: ${name})` : "(stack)"}`);
    lines.push(...d.message.split("\n").map((l) => `          ${l}`));
  }
  if (diagnostics.length === 0) lines.push("        no violations");
  return `${lines.join("\n")}\n`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cls-guard example: ${err instanceof Error ? err.message : err}\n`);
    process.exit(2);
  },
);
