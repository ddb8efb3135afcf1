import * as path from "path";
import type { Cloud } from "../src/shapes/clouds";
import { PolicyPackProcess, type WireDiagnostic } from "./engine";
import { DIST, PACK_DIR, ROOT } from "./paths";
import { loadStackConfig, runProgramIsolated, type RecordedResource } from "./programRun";

/**
 * The README's main job: run the bundled examples (stacks/edge on AWS, stacks/edge-azure,
 * stacks/edge-gcp) under mocks for each of their stacks, hand the resources to the cls-guard pack
 * over the engine's protocol exactly as `pulumi preview --policy-pack policies` would (Analyze per
 * resource, AnalyzeStack at the end), and print what Pulumi would print. No Pulumi account, no cloud.
 *
 *   node dist/harness/example.js [--preview] [--stack <cloud>/<variant> | <AWS variant>]
 */
export const VARIANTS = ["compliant", "federation", "denied-by-nacl", "denied-by-network-firewall", "firewall-bypassed", "exposed", "exposed-inline"];

/** An example program: where it is, its Pulumi project (the namespace of its config keys), its stacks. */
interface Program {
  readonly cloud: Cloud;
  readonly title: string;
  readonly dir: string;
  readonly project: string;
  readonly variants: readonly string[];
  /** Set with `pulumi config set --secret` and so kept out of the stack files; placeholders here. */
  readonly secrets?: Record<string, string>;
}

const CLOUD_VARIANTS = ["compliant", "federation", "denied", "exposed"];

const PROGRAMS: readonly Program[] = [
  { cloud: "aws", title: "AWS", dir: "stacks/edge", project: "cls-guard-edge", variants: VARIANTS },
  { cloud: "azure", title: "Azure", dir: "stacks/edge-azure", project: "cls-guard-edge-azure", variants: CLOUD_VARIANTS, secrets: { adminPassword: "mock-Passw0rd!" } },
  { cloud: "gcp", title: "Google Cloud", dir: "stacks/edge-gcp", project: "cls-guard-edge-gcp", variants: CLOUD_VARIANTS },
];

/** One stack of an example program, named "<cloud>/<variant>" ("azure/exposed"). */
export interface Example extends Program {
  readonly name: string;
  readonly variant: string;
}

export const EXAMPLES: readonly Example[] = PROGRAMS.flatMap((p) => p.variants.map((variant) => ({ ...p, name: `${p.cloud}/${variant}`, variant })));

/** An example by name; an AWS variant may go without its "aws/" (the names from before there were other clouds). */
export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name || e.name === `aws/${name}`);
}

/** One example's resources; `stack` names the stack in the URNs (another name lets one stack move between variants). */
export function runExample(example: Example, preview: boolean, stack = example.variant): Promise<RecordedResource[]> {
  const secrets = Object.entries(example.secrets ?? {}).map(([key, value]) => [`${example.project}:${key}`, value]);
  const config = { ...loadStackConfig(path.join(ROOT, example.dir, `Pulumi.${example.variant}.yaml`)), ...Object.fromEntries(secrets) };
  return runProgramIsolated(path.join(DIST, example.dir), { project: example.project, stack, preview, config });
}

/** One variant of the AWS example's resources. */
export function exampleRun(variant: string, preview: boolean, stack = variant): Promise<RecordedResource[]> {
  const example = findExample(`aws/${variant}`);
  if (!example) throw new Error(`no AWS example variant "${variant}"`);
  return runExample(example, preview, stack);
}

/** What the engine asks of the pack for one stack: every resource's inputs, then the stack's outputs. */
export async function checkStack(pack: PolicyPackProcess, resources: readonly RecordedResource[]): Promise<WireDiagnostic[]> {
  const perResource: WireDiagnostic[] = [];
  for (const r of resources) perResource.push(...(await pack.analyze({ ...r, props: r.inputs })).map((d) => ({ ...d, urn: d.urn || r.urn })));
  return [...perResource, ...(await pack.analyzeStack(resources.map((r) => ({ ...r, props: r.outputs }))))];
}

/** The "Policies:" block of `pulumi preview`, one entry per diagnostic. */
function render(example: Example, pack: string, diagnostics: readonly WireDiagnostic[], count: number, preview: boolean): string {
  const failed = diagnostics.some((d) => d.level === "mandatory");
  const heading = `${preview ? "Previewing" : "Updating"} stack ${example.variant} (${example.title} example, ${example.dir}, ${count} resources)`;
  const lines = [heading, "Policies:", `    ${failed ? "❌" : "✅"} ${pack} (local: ${path.relative(process.cwd(), PACK_DIR) || "."})`];
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
  const chosen = only === undefined ? EXAMPLES : EXAMPLES.filter((e) => e === findExample(only));
  if (chosen.length === 0) throw new Error(`--stack takes one of ${EXAMPLES.map((e) => e.name).join(", ")} (an AWS variant also without "aws/")`);
  const pack = await PolicyPackProcess.start();
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configure();
    let failed = false;
    for (const example of chosen) {
      const resources = await runExample(example, preview);
      const diagnostics = await checkStack(pack, resources);
      failed ||= diagnostics.some((d) => d.level === "mandatory");
      process.stdout.write(render(example, `${info.name}@v${info.version}`, diagnostics, resources.length, preview));
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
