import { Secret, UNKNOWN } from "../../src/model/values";
import { descriptionJustification } from "../../src/shapes/gcp/description";
import { checkJustification } from "../../src/verdict/justification";

/**
 * The justification format of GCP rule descriptions, read and then judged by the verdict code
 * unchanged: a row is a description and what the record says and what the verdict finds in it.
 */
const WHERE = 'description of "edge-media"';
const VALID = "cls-guard: reason=ocs-2007-federation; ticket=SEC-1234; approved-by=alice@example.com; expires=2027-03-01";
const RULES = { acceptedReasons: ["ocs-2007-federation", "dnslb-nat-no-hairpin", "optimised-media-path"], maxDays: 365, today: new Date("2026-11-21T12:00:00Z") };

const rows: [string, unknown, { where: string; fields: unknown[]; problems: string[] } | undefined][] = [
  ["the whole record", VALID, { where: WHERE, fields: ["ocs-2007-federation", "SEC-1234", "alice@example.com", "2027-03-01"], problems: [] }],
  ["after other text, with spaces and a trailing ';'", `Media for partner federation.  ${VALID.replace(/; /g, " ;  ")};`, { where: WHERE, fields: ["ocs-2007-federation", "SEC-1234", "alice@example.com", "2027-03-01"], problems: [] }],
  ["keys in any case and order", "cls-guard: Expires=2027-03-01; TICKET=SEC-1; approved-by=bob; reason=optimised-media-path", { where: WHERE, fields: ["optimised-media-path", "SEC-1", "bob", "2027-03-01"], problems: [] }],
  ["no cls-guard: text", "Edge media range", undefined],
  ["unset (the bridge writes \"\")", "", undefined],
  ["absent", undefined, undefined],
  ["missing pieces", "cls-guard: reason=ocs-2007-federation", { where: WHERE, fields: ["ocs-2007-federation", undefined, undefined, undefined], problems: ["has no ticket", "has no approver", "has no expiry date"] }],
  ["an empty value", VALID.replace("ticket=SEC-1234", "ticket="), { where: WHERE, fields: ["ocs-2007-federation", "", "alice@example.com", "2027-03-01"], problems: ["has no ticket"] }],
  [
    "a ticket without '=' reads as missing, and where says why",
    VALID.replace("ticket=SEC-1234", "ticket SEC-1234"),
    { where: `${WHERE} (its cls-guard: text is broken: "ticket SEC-1234" has no "=")`, fields: ["ocs-2007-federation", undefined, "alice@example.com", "2027-03-01"], problems: ["has no ticket"] },
  ],
  [
    "an expiry without '=' keeps the raw text, so the validation says why",
    VALID.replace("expires=2027-03-01", "expires 2027-03-01"),
    { where: `${WHERE} (its cls-guard: text is broken: "expires 2027-03-01" has no "=")`, fields: ["ocs-2007-federation", "SEC-1234", "alice@example.com", "expires 2027-03-01"], problems: ['has expiry "expires 2027-03-01", which is not a date in YYYY-MM-DD form'] },
  ],
  [
    "a key given twice is invalid",
    `${VALID}; reason=dnslb-nat-no-hairpin`,
    { where: `${WHERE} (its cls-guard: text is broken: reason is given twice)`, fields: ["reason=ocs-2007-federation; reason=dnslb-nat-no-hairpin", "SEC-1234", "alice@example.com", "2027-03-01"], problems: ['gives reason "reason=ocs-2007-federation; reason=dnslb-nat-no-hairpin", which is not accepted (accepted: ocs-2007-federation, dnslb-nat-no-hairpin, optimised-media-path)'] },
  ],
  [
    "an approver given twice reads as missing",
    `${VALID}; approved-by=mallory`,
    { where: `${WHERE} (its cls-guard: text is broken: approved-by is given twice)`, fields: ["ocs-2007-federation", "SEC-1234", undefined, "2027-03-01"], problems: ["has no approver"] },
  ],
  [
    "an unknown key spoils an otherwise valid record",
    `${VALID}; owner=bob`,
    { where: `${WHERE} (its cls-guard: text is broken: key "owner" is unknown (keys: reason, ticket, approved-by, expires))`, fields: ["[broken cls-guard: text]", "SEC-1234", "alice@example.com", "2027-03-01"], problems: ['gives reason "[broken cls-guard: text]", which is not accepted (accepted: ocs-2007-federation, dnslb-nat-no-hairpin, optimised-media-path)'] },
  ],
  [
    "a stray word spoils it too",
    `${VALID}; approved`,
    { where: `${WHERE} (its cls-guard: text is broken: "approved" has no "=")`, fields: ["[broken cls-guard: text]", "SEC-1234", "alice@example.com", "2027-03-01"], problems: ['gives reason "[broken cls-guard: text]", which is not accepted (accepted: ocs-2007-federation, dnslb-nat-no-hairpin, optimised-media-path)'] },
  ],
  ["an expired record", VALID.replace("2027-03-01", "2026-01-01"), { where: WHERE, fields: ["ocs-2007-federation", "SEC-1234", "alice@example.com", "2026-01-01"], problems: ["expired on 2026-01-01"] }],
  ["unknown at preview: every field unknown", UNKNOWN, { where: `${WHERE} (unknown at preview)`, fields: [UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN], problems: [] }],
];

test.each(rows)("%s", (_name, description, expected) => {
  const record = descriptionJustification(description, WHERE);
  if (!expected) return expect(record).toBeUndefined();
  expect(record?.from).toBe("description");
  expect({ where: record?.where, fields: [record?.reason, record?.ticket, record?.approvedBy, record?.expires], problems: checkJustification(record!, RULES).problems }).toEqual(expected);
});

test("a secret description stays secret: its parts are secrets, and where does not quote it", () => {
  const record = descriptionJustification(new Secret(`${VALID}; ticket SEC-9`), WHERE)!;
  expect(record.where).toBe(`${WHERE} (its cls-guard: text is broken)`);
  expect(record.reason).toBeInstanceOf(Secret);
  expect(checkJustification(record, RULES).problems).toEqual(["has no ticket"]);
});

test("unknown at preview cannot be judged until the update", () => {
  expect(checkJustification(descriptionJustification(UNKNOWN, WHERE)!, RULES).unknowns).toEqual(["reason", "ticket", "approvedBy", "expires"]);
});
