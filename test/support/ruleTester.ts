import type { EnforcementLevel } from "@pulumi/policy";
import type { PackOptions } from "../../policies/pack";
import { RULES } from "../../policies/rules";
import { evaluate } from "../../src/policy";
import type { Finding } from "../../src/verdict/finding";
import { runPack, toEngine, TODAY, urnOf, type PolicyConfig, type TestResource } from "./harness";

/**
 * ESLint's RuleTester habit: a policy's behaviour as two tables. A valid case yields no diagnostic
 * from the policy; an invalid case yields exactly the listed ones, in order.
 */
export interface Case {
  readonly name: string;
  readonly resources: readonly TestResource[];
  readonly config?: PolicyConfig;
  readonly options?: PackOptions;
}

export interface Expected {
  /** The resource the diagnostic must name (by name); omit for stack-level or advisory ones. */
  readonly on?: string;
  readonly level: EnforcementLevel;
  readonly has: readonly (string | RegExp)[];
  readonly hasNot?: readonly (string | RegExp)[];
  /** The id of the policy's message, and (some of) the values of its placeholders. */
  readonly messageId?: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** The policy's definite findings as evaluate() returns them: what the pack reports, in order, with ids and data. */
function definiteFindings(policyName: string, c: Case): Finding[] {
  const policy = RULES.find((r) => r.name === policyName)!;
  const { enforcementLevel: _, ...config } = c.config?.[policyName] ?? {};
  const views = toEngine(c.resources).map((r) => ({ ...r, propertyDependencies: r.propertyDependencies ?? {} }));
  return evaluate(policy, views, { ...c.options?.settings, ...config }, TODAY).filter((f) => f.certainty === "definite");
}

export interface InvalidCase extends Case {
  readonly errors: readonly Expected[];
}

export function ruleTester(policy: string, cases: { valid: readonly Case[]; invalid: readonly InvalidCase[] }): void {
  const run = async (c: Case) => (await runPack(c.resources, c.config, c.options)).filter((d) => d.policy === policy);

  if (cases.valid.length > 0) describe(`${policy}: valid`, () => {
    test.each(cases.valid.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      expect(await run(c)).toEqual([]);
    });
  });

  if (cases.invalid.length > 0) describe(`${policy}: invalid`, () => {
    test.each(cases.invalid.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const diagnostics = await run(c);
      expect(diagnostics.map((d) => d.level)).toEqual(c.errors.map((e) => e.level));
      c.errors.forEach((expected, i) => {
        const d = diagnostics[i];
        if (expected.on) {
          const resource = c.resources.find((r) => r.name === expected.on);
          expect(d.urn).toBe(resource ? urnOf(resource) : expected.on);
        }
        for (const fragment of expected.has) expect(d.message).toMatch(fragment);
        for (const fragment of expected.hasNot ?? []) expect(d.message).not.toMatch(fragment);
      });
      const said = c.errors.some((e) => e.messageId) ? definiteFindings(policy, c) : [];
      c.errors.forEach((expected, i) => {
        if (expected.messageId) expect({ messageId: said[i]?.messageId, data: said[i]?.data }).toEqual({ messageId: expected.messageId, data: expect.objectContaining(expected.data ?? {}) });
      });
    });
  });
}

