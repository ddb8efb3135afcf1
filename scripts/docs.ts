import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../harness/paths";
import { RULES } from "../policies/rules";
import type { ClsGuardPolicy } from "../src/policy";
import { configSchemaFor } from "../src/settings";
import { COMMON_MESSAGES } from "../src/verdict/finding";

/**
 * docs/policies/<name>.md, written from each policy file's metadata (ESLint's docs/rules habit):
 * the page every SARIF rule's helpUri and the README link to. `npm run docs` rewrites them, and a
 * test fails when one is out of date.
 *
 *   node dist/scripts/docs.js
 */
export const DOCS_DIR = path.join(ROOT, "docs/policies");

function settingsTable(policy: ClsGuardPolicy): string[] {
  const schema = configSchemaFor(policy.settings).properties as Record<string, { description?: string; default?: unknown }>;
  const rows = policy.settings.map((name) => `| \`${name}\` | ${schema[name].description ?? ""} | \`${JSON.stringify(schema[name].default)}\` |`);
  return ["| setting | meaning | default |", "| --- | --- | --- |", ...rows];
}

function messagesList(messages: Record<string, string>): string[] {
  return Object.entries(messages).map(([id, template]) => `- \`${id}\`: ${template.replace(/\n/g, " ").replace(/\s+/g, " ")}`);
}

export function policyPage(policy: ClsGuardPolicy): string {
  const lines = [
    `# ${policy.name}`,
    "",
    `> ${policy.description}`,
    "",
    `Default enforcement level: **${policy.enforcementLevel}** (${policy.scope} policy). Severity: **${policy.severity}**.`,
    "",
    policy.docs,
    "",
    "## Settings",
    "",
    "Given per policy in `--policy-pack-config` (or the cls-guard `--config` file), or to every policy at once through `clsGuardPolicies({ settings })`.",
    "",
    ...settingsTable(policy),
    "",
    "## Messages",
    "",
    "Findings carry one of these ids (`messageId`) with the values of its placeholders (`data`).",
    "",
    ...messagesList(policy.messages),
    ...messagesList(COMMON_MESSAGES),
    "",
    `<sub>Written by \`npm run docs\` from [policies/${policy.name}.ts](../../policies/${policy.name}.ts).</sub>`,
  ];
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  for (const policy of RULES) fs.writeFileSync(path.join(DOCS_DIR, `${policy.name}.md`), policyPage(policy));
  process.stdout.write(`wrote ${RULES.length} pages to ${path.relative(process.cwd(), DOCS_DIR)}\n`);
}
