import { UNKNOWN } from "../../src/model/values";
import type { CentralException } from "../../src/settings";
import type { JustificationRecord, Subject } from "../../src/model/justification";
import { approvalFor, exceptionsFor, type ApprovalSettings } from "../../src/verdict/approval";

/** Which justification covers an opening: tags of the rule's resource or its group, or a central exception. */
const URN = "urn:pulumi:prod::edge::aws:ec2/securityGroup:SecurityGroup::edge-av";
const group: Subject = { urn: URN, name: "edge-av" };
const ruleResource: Subject = { urn: "urn:pulumi:prod::edge::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::media", name: "media" };
const valid = { reason: "ocs-2007-federation", ticket: "SEC-1", approvedBy: "secops", expires: "2027-01-01" };
const exception = (resource: string, more: Partial<CentralException> = {}): CentralException => ({ resource, ...valid, ...more });
const tags = (name: string, more: Record<string, unknown> = {}): JustificationRecord => ({ from: "tags", where: `tags of "${name}"`, ...valid, ...more });
const settings = (exceptions: CentralException[] = [], centralExceptionsOnly = false): ApprovalSettings => ({
  rules: { acceptedReasons: ["ocs-2007-federation"], maxDays: 365, today: new Date("2026-11-21T12:00:00Z") },
  exceptions,
  centralExceptionsOnly,
});

describe("exceptionsFor: patterns match a URN or a name", () => {
  test.each([
    ["the name", "edge-av", true],
    ["the whole URN", URN, true],
    ["* across the URN's / and ::", "*::edge-av", true],
    ["* inside a name", "edge*", true],
    ["? one character", "edge-a?", true],
    ["another name", "web*", false],
    ["braces are literal", "edge-{av,web}", false],
    ["extglobs are literal", "@(edge-av)", false],
  ])("%s: %s", (_name, pattern, matches) => expect(exceptionsFor([group], [exception(pattern)]).length).toBe(matches ? 1 : 0));

  test("* also matches names that start with a dot", () => expect(exceptionsFor([{ urn: ".edge-urn", name: ".edge" }], [exception("*")]).length).toBe(1));
  test("braces are matched as written", () => expect(exceptionsFor([{ urn: "u", name: "edge-{av,web}" }], [exception("edge-{av,web}")]).length).toBe(1));

  test("an exception for the group covers a rule of it; the record says where it came from", () => {
    expect(exceptionsFor([ruleResource, group], [exception("web"), exception("edge-av")])).toEqual([{ from: "exceptions", where: 'exceptions[1] ("edge-av")', ...valid }]);
  });
});

describe("approvalFor", () => {
  test("nothing at all: missing, with nothing to show", () => expect(approvalFor([ruleResource, group], settings())).toEqual({ state: "missing", invalid: [], ignoredTags: [] }));

  test("valid tags on the group approve", () => expect(approvalFor([ruleResource, { ...group, tags: tags("edge-av") }], settings())).toEqual({ state: "approved", by: tags("edge-av") }));

  test("invalid tags: missing, with the problems", () => {
    const approval = approvalFor([{ ...group, tags: tags("edge-av", { ticket: "" }) }], settings());
    expect(approval).toEqual({ state: "missing", invalid: [{ record: tags("edge-av", { ticket: "" }), problems: ["has no ticket"], unknowns: [] }], ignoredTags: [] });
  });

  test("a valid exception wins over invalid tags", () => {
    expect(approvalFor([{ ...group, tags: tags("edge-av", { ticket: "" }) }], settings([exception("edge-av")]))).toMatchObject({ state: "approved", by: { from: "exceptions" } });
  });

  test("tags with unknowns and no problems: unverified", () => {
    const approval = approvalFor([{ ...group, tags: tags("edge-av", { expires: UNKNOWN }) }], settings());
    expect(approval).toEqual({ state: "unverified", checks: [{ record: tags("edge-av", { expires: UNKNOWN }), problems: [], unknowns: ["expires"] }] });
  });

  test("central exceptions only: tags are ignored, and said to be", () => {
    expect(approvalFor([{ ...group, tags: tags("edge-av") }], settings([], true))).toEqual({ state: "missing", invalid: [], ignoredTags: [tags("edge-av")] });
  });
});
