import { ruleTester } from "../support/ruleTester";
import { justified, MEDIA_RANGE_TCP, sg, sgRule, tcp, UNKNOWN } from "../support/fixtures";
import { nsg, MEDIA as NSG_MEDIA } from "../support/azure";
import { firewall, JUSTIFIED, MEDIA as GCP_MEDIA } from "../support/gcp";

const mandatory = (on: string, ...has: string[]) => ({ on, level: "mandatory" as const, has });
const exception = (overrides: Record<string, unknown> = {}) => ({ resource: "edge*", reason: "ocs-2007-federation", ticket: "SEC-1", approvedBy: "secops", expires: "2027-01-01", ...overrides });
const central = (...exceptions: object[]) => ({ "justification-valid": { exceptions } });

ruleTester("justification-valid", {
  valid: [
    { name: "no cls-guard tags at all", resources: [sg("edge", [MEDIA_RANGE_TCP], { Name: "edge", team: "uc" })] },
    { name: "a complete justification", resources: [sg("edge", [MEDIA_RANGE_TCP], justified())] },
    { name: "expires today", resources: [sg("edge", [], justified({ "cls-guard:expires": "2026-11-21" }))] },
    { name: "expires on the last allowed day (365 days)", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-11-21" }))] },
    { name: "a longer limit from config", resources: [sg("edge", [], justified({ "cls-guard:expires": "2028-01-01" }))], config: { "justification-valid": { maxJustificationDays: 730 } } },
    { name: "a valid central exception", resources: [sg("edge", [MEDIA_RANGE_TCP])], config: central(exception()) },
    { name: "a broken exception that names other resources", resources: [sg("web", [])], config: central(exception({ ticket: "" })) },
    { name: "a standalone rule without tags", resources: [sgRule("media", tcp(50000, 59999))] },
    { name: "Azure: a complete justification in an NSG's tags", resources: [nsg("native", "edge-nsg", [NSG_MEDIA], justified())] },
    { name: "GCP: a complete justification in a firewall rule's description", resources: [firewall("edge-media", { allows: GCP_MEDIA, description: JUSTIFIED })] },
    { name: "GCP: a description that does not mention cls-guard", resources: [firewall("edge-media", { allows: GCP_MEDIA, description: "media relay for the Edge" })] },
    { name: "GCP: no description, as the provider writes it unset (\"\")", resources: [firewall("edge-media", { allows: GCP_MEDIA })] },
  ],
  invalid: [
    { name: "no ticket", resources: [sg("edge", [], justified({ "cls-guard:ticket": undefined }))], errors: [mandatory("edge", 'tags of "edge" is not valid: it has no ticket')] },
    { name: "the message by id: where, and the problems as data", resources: [sg("edge", [], justified({ "cls-guard:ticket": undefined }))], errors: [{ on: "edge", level: "mandatory", has: [], messageId: "invalid", data: { where: 'tags of "edge"', problems: "has no ticket", maxDays: "365" } }] },
    { name: "no approver", resources: [sg("edge", [], justified({ "cls-guard:approved-by": "" }))], errors: [mandatory("edge", "has no approver")] },
    { name: "no reason", resources: [sg("edge", [], justified({ "cls-guard:reason": undefined }))], errors: [mandatory("edge", "has no reason")] },
    { name: "a reason that is not accepted", resources: [sg("edge", [], justified({ "cls-guard:reason": "because" }))], errors: [mandatory("edge", 'gives reason "because", which is not accepted (accepted: ocs-2007-federation, dnslb-nat-no-hairpin, optimised-media-path)')] },
    { name: "expired yesterday", resources: [sg("edge", [], justified({ "cls-guard:expires": "2026-11-20" }))], errors: [mandatory("edge", "expired on 2026-11-20")] },
    { name: "expires one day past the limit", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-11-22" }))], errors: [mandatory("edge", "more than 365 days from today")] },
    { name: "a date that does not exist", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-02-30" }))], errors: [mandatory("edge", 'has expiry "2027-02-30", which is not a date in YYYY-MM-DD form')] },
    { name: "a date with a prefix", resources: [sg("edge", [], justified({ "cls-guard:expires": "x2027-01-01" }))], errors: [mandatory("edge", 'has expiry "x2027-01-01", which is not a date in YYYY-MM-DD form')] },
    { name: "a date with a suffix", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-01-01T00:00" }))], errors: [mandatory("edge", 'has expiry "2027-01-01T00:00", which is not a date')] },
    { name: "a date without leading zeros", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-1-1" }))], errors: [mandatory("edge", 'has expiry "2027-1-1", which is not a date in YYYY-MM-DD form')] },
    { name: "a five-digit year", resources: [sg("edge", [], justified({ "cls-guard:expires": "12027-01-01" }))], errors: [mandatory("edge", 'has expiry "12027-01-01", which is not a date')] },
    { name: "a three-digit day", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-01-011" }))], errors: [mandatory("edge", 'has expiry "2027-01-011", which is not a date')] },
    { name: "day 0", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-03-00" }))], errors: [mandatory("edge", 'has expiry "2027-03-00", which is not a date')] },
    { name: "a month that does not exist", resources: [sg("edge", [], justified({ "cls-guard:expires": "2027-13-01" }))], errors: [mandatory("edge", 'has expiry "2027-13-01", which is not a date')] },
    { name: "an expiry of blanks", resources: [sg("edge", [], justified({ "cls-guard:expires": "  " }))], errors: [mandatory("edge", "has no expiry date")] },
    { name: "an expiry that is a number", resources: [sg("edge", [], justified({ "cls-guard:expires": 20270101 }))], errors: [mandatory("edge", "has expiry number 20270101, which is not a date in YYYY-MM-DD form")] },
    { name: "a date in another format", resources: [sg("edge", [], justified({ "cls-guard:expires": "01/03/2027" }))], errors: [mandatory("edge", "not a date in YYYY-MM-DD form")] },
    { name: "no expiry", resources: [sg("edge", [], justified({ "cls-guard:expires": undefined }))], errors: [mandatory("edge", "has no expiry date")] },
    { name: "a lone cls-guard tag", resources: [sg("edge", [], { "cls-guard:reason": "ocs-2007-federation" })], errors: [mandatory("edge", "has no ticket, has no approver, has no expiry date")] },
    { name: "a tag value that is not a string", resources: [sg("edge", [], justified({ "cls-guard:ticket": 42 }))], errors: [mandatory("edge", "has no ticket")] },
    {
      name: "tags when only central exceptions count",
      resources: [sg("edge", [], justified())],
      config: { "justification-valid": { centralExceptionsOnly: true } },
      errors: [mandatory("edge", "accepts central exceptions only (centralExceptionsOnly)")],
    },
    { name: "a central exception without an approver", resources: [sg("edge-av", [])], config: central(exception({ approvedBy: undefined })), errors: [mandatory("edge-av", 'exceptions[0] ("edge*") is not valid: it has no approver')] },
    { name: "an expired central exception", resources: [sg("edge-av", [])], config: central(exception({ expires: "2025-01-01" })), errors: [mandatory("edge-av", "expired on 2025-01-01")] },
    {
      name: "an exception with an unknown key is a config error",
      resources: [sg("edge-av", [])],
      config: central(exception({ approver: "me" })),
      errors: [{ level: "mandatory", has: ["configuration is invalid", 'additional properties "approver"'] }],
    },
    { name: "one tag unknown at preview", resources: [sg("edge", [], justified({ "cls-guard:ticket": UNKNOWN }))], errors: [{ level: "advisory", has: ['Cannot verify the justification in tags of "edge" at preview: ticket unknown until the update.'] }] },
    { name: "tags unknown at preview", resources: [sg("edge", [], UNKNOWN)], errors: [{ level: "advisory", has: ["Cannot verify the justification", "unknown until the update"] }] },
    { name: "Azure: an NSG's tags without an approver", resources: [nsg("classic", "edge-nsg", [NSG_MEDIA], justified({ "cls-guard:approved-by": undefined }))], errors: [mandatory("edge-nsg", 'tags of "edge-nsg" is not valid: it has no approver')] },
    {
      name: "GCP: a description with a part that has no \"=\"",
      resources: [firewall("edge-media", { allows: GCP_MEDIA, description: "cls-guard: reason=ocs-2007-federation; ticket SEC-1; approved-by=secops; expires=2027-01-01" })],
      errors: [mandatory("edge-media", 'description of "edge-media"', '"ticket SEC-1" has no "="', "has no ticket")],
    },
    { name: "GCP: a rule's allows and denies share its one description: one finding", resources: [firewall("edge-media", { allows: GCP_MEDIA, denies: [{ protocol: "udp", ports: [] }], description: JUSTIFIED.replace("2027-03-01", "2026-01-01") })], errors: [mandatory("edge-media", 'description of "edge-media"', "expired on 2026-01-01")] },
    { name: "GCP: a rule with neither allows nor denies still has its description checked", resources: [firewall("edge-media", { description: JUSTIFIED.replace("2027-03-01", "2026-01-01") })], errors: [mandatory("edge-media", "expired on 2026-01-01")] },
    { name: "GCP: an expired justification in a description", resources: [firewall("edge-media", { allows: GCP_MEDIA, description: JUSTIFIED.replace("2027-03-01", "2026-01-01") })], errors: [mandatory("edge-media", "expired on 2026-01-01")] },
    { name: "GCP: a description when only central exceptions count", resources: [firewall("edge-media", { allows: GCP_MEDIA, description: JUSTIFIED })], config: { "justification-valid": { centralExceptionsOnly: true } }, errors: [mandatory("edge-media", 'description of "edge-media" carry a cls-guard justification')] },
    { name: "GCP: a description unknown at preview", resources: [firewall("edge-media", { allows: GCP_MEDIA, description: UNKNOWN })], errors: [{ level: "advisory", has: ['Cannot verify the justification in description of "edge-media" (unknown at preview) at preview'] }] },
  ],
});
