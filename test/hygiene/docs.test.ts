import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../policies/rules";
import { docsUrl } from "../../src/policy";
import { DOCS_DIR, policyPage } from "../../scripts/docs";

/** Every policy's page is written from its file and published where its helpUri points. */
test.each(RULES.map((r) => [r.name, r] as const))("docs/policies/%s.md is up to date (npm run docs)", (name, policy) => {
  expect(fs.readFileSync(path.join(DOCS_DIR, `${name}.md`), "utf8")).toBe(policyPage(policy));
  expect(policy.url).toBe(docsUrl(name));
  expect(policy.url.endsWith(`/docs/policies/${name}.md`)).toBe(true);
});

test("no page is left over from a policy that is gone", () => {
  expect(fs.readdirSync(DOCS_DIR).sort()).toEqual(RULES.map((r) => `${r.name}.md`).sort());
});

/** A message's placeholders are filled from its data: a template that names one no check supplies would throw at run time. */
test.each(RULES.map((r) => [r.name, r] as const))("%s declares each message once, with placeholders in {{name}} form", (_, policy) => {
  for (const template of Object.values(policy.messages)) expect(template).not.toMatch(/\{(?!\{)\w+\}(?!\})|\$\{/);
});
