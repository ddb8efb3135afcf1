import { ALL_IPV4, ALL_IPV6, FAMILY_NAME, FAMILY_SPACE, type Family } from "../model/addresses";
import type { Doubt } from "../model/rule";
import type { Traffic } from "../model/traffic";
import type { Settings } from "../settings";
import { cloudOf } from "../shapes/clouds";
import { DESCRIPTION_FORMAT } from "../shapes/gcp/description";
import { TAG_KEYS } from "../shapes/tags";
import { say, type Finding, type MessageData, type Messages } from "../verdict/finding";
import type { Assessment, HostBlock } from "../verdict/assessment";
import type { Exposure } from "../verdict/exposure";
import { formatNumbers, formatOpening, formatOrigin, formatSource, formatTraffic, portSpansOf } from "./format";

/**
 * The placeholders every opening message shares: `{{origin}} ({{opening}}) lets {{traffic}} in from
 * {{sources}}.` and `{{notes}}`, the lines on reachability, doubts, upstream filters and approval.
 */
export function openingData(u: Assessment): MessageData {
  const rule = u.opening.rule;
  const notes = [reachabilityNote(u), doubtNote(u), upstreamNote(u), approvalNote(u), u.opening.unlinked ? `Note: ${u.opening.unlinked}.` : ""].filter(Boolean);
  return {
    origin: formatOrigin(rule.origin),
    opening: formatOpening(rule),
    traffic: formatTraffic(u.exposed),
    sources: sourcesOf(u).join(", "),
    notes: notes.map((n) => `\n${n}`).join(""),
  };
}

function sourcesOf(u: Assessment): string[] {
  return [...new Set(u.exposures.map(exposedSource))];
}

/** The one address family some traffic's sources lie in, if they lie in one (asked box by box: this runs for every finding). */
function familyOf(traffic: Traffic): Family | undefined {
  const meets = (family: Family) => traffic.boxes.some((b) => b.addresses.overlaps(FAMILY_SPACE[family]));
  const [v4, v6] = [meets("ipv4"), meets("ipv6")];
  return v4 === v6 ? undefined : v4 ? "ipv4" : "ipv6";
}

/** A source as its exposure shows it: where a filter took one address family and left the other, it says which is left. */
function exposedSource(e: Exposure): string {
  if (e.through?.length) {
    const forwarders = e.through.join(" and ");
    const why = e.source.kind === "security-group" || e.source.kind === "self" ? `a group of ${forwarders}` : `which holds the address ${forwarders} connects from`;
    return `${formatSource(e.source)} (${why}, so every internet client it forwards gets in)`;
  }
  // A block of one family cannot leave the other; only a source of both families (Internet, *, a service tag) can.
  if (e.source.kind === "cidr" && !(e.source.addresses.overlaps(ALL_IPV4) && e.source.addresses.overlaps(ALL_IPV6))) return formatSource(e.source);
  const left = familyOf(e.traffic);
  return left ? `${formatSource(e.source)} (its ${FAMILY_NAME[left]} part only)` : formatSource(e.source);
}

/** What a filter stopped, and from which family where the exposure left is of the other. */
function stoppedText(b: HostBlock, exposed: Traffic): string {
  const family = familyOf(b.traffic);
  const other = family && exposed.boxes.some((box) => !box.addresses.subtract(FAMILY_SPACE[family]).isEmpty());
  return `${b.by} stops ${formatTraffic(b.traffic)}${other ? ` from ${FAMILY_NAME[family]} sources` : ""}`;
}

/** The facts every finding about an opening carries as data, beside its message. */
export function openingFacts(u: Assessment): Omit<Finding, "messageId" | "data" | "message"> {
  const origin = u.opening.rule.origin;
  return { urn: origin.urn, certainty: u.certainty, rule: origin.rule, exposed: portSpansOf(u.exposed), sources: sourcesOf(u) };
}

/** A finding about an opening: the policy's message (with openingData and its own data), the opening's facts and its reachability. */
export function openingFinding<M extends Messages>(u: Assessment, messages: M, messageId: keyof M & string, data: MessageData): Finding {
  const { state, path } = u.reachability;
  return { ...openingFacts(u), ...say(messages, messageId, { ...openingData(u), ...data }), reachable: state, path };
}

/** Verdicts do not hang on it (an address or route can come later), but a reviewer weighs it. */
function reachabilityNote(u: Assessment): string {
  const r = u.reachability;
  if (r.state === "yes") return `Reachable now: ${r.how}.`;
  if (r.state === "no") return `Not reachable from the internet as the stack stands: ${r.how}. The opening still counts: an address or a route can be added without touching the rule.`;
  return `Reachability from the internet cannot be told: ${r.how}.`;
}

function doubtNote(u: Assessment): string {
  const doubts = [...new Map(u.exposures.flatMap((e) => e.doubts).map((d): [string, Doubt] => [d.detail, d])).values()];
  const malformed = doubts.filter((d) => d.kind === "malformed").map((d) => d.detail);
  const unknown = doubts.filter((d) => d.kind === "unknown").map((d) => d.detail);
  return [
    malformed.length ? `Treated as open because the input is malformed: ${malformed.join("; ")}.` : "",
    unknown.length ? `Cannot verify at preview (it will be checked on update): ${unknown.join("; ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** What network ACLs and firewalls did stop, and why others earned no credit. */
function upstreamNote(u: Assessment): string {
  const stopped = [...new Map(u.blocks.map((b) => [b.by, stoppedText(b, u.exposed)])).values()];
  const around = [...new Map(u.bypassed.map((b) => [`${b.by}|${b.why}`, `${b.by} drops ${formatTraffic(b.traffic)}, but the internet's traffic to ${b.host} does not pass through it: ${b.why}`])).values()];
  const parts = [...stopped, ...around, ...u.notes];
  return parts.length ? `Upstream: ${parts.join("; ")}.` : "";
}

function approvalNote(u: Assessment): string {
  const a = u.approval;
  if (a.state === "approved") return "";
  if (a.state === "unverified") return `Its justification cannot be checked until the update: ${a.checks.map((c) => `${c.record.where} (${c.unknowns.join(", ")} unknown)`).join("; ")}.`;
  const invalid = a.invalid.map((c) => `${c.record.where} ${c.problems.join(", ")}`);
  const ignored = a.ignoredTags.map((r) => `${r.where} are ignored: this stack accepts central exceptions only`);
  return [...invalid, ...ignored].length ? `Its justification does not count: ${[...invalid, ...ignored].join("; ")}.` : "";
}

/** "carve the ports out" advice, computed from the rule: which spans to open instead. */
export function carveAdvice(u: Assessment): string {
  const rule = u.opening.rule;
  const exposedPorts = u.exposed.project("ports");
  if (rule.origin.builtIn) return "it is a default rule and cannot be edited; deny them before it instead";
  if (rule.doubts.length > 0) return "correct the rule so it names exactly the protocol and ports the Edge needs";
  if (rule.protocol.portless) return `replace the ${formatOpening(rule)} rule with rules for the protocols and ports the Edge needs, leaving out ${formatNumbers(exposedPorts)}`;
  const rest = rule.ports.subtract(exposedPorts);
  return rest.isEmpty() ? "remove the rule" : `open ${rule.protocol.label} ${formatNumbers(rest)} instead`;
}

/** How to justify the opening, where its cloud records a justification: tags, or a GCP rule's description. */
export function justificationAdvice(settings: Settings, u: Assessment): string {
  const central = "a central exception in the policy config (exceptions: [{resource, reason, ticket, approvedBy, expires}])";
  const record = `reason one of ${settings.acceptedReasons.join(" | ")}, a ticket, an approver and an expiry within ${settings.maxJustificationDays} days`;
  if (settings.centralExceptionsOnly) return `ask the security team for ${central}: ${record}`;
  const own =
    cloudOf(u.opening.rule.origin.type) === "gcp"
      ? `the rule's description "${DESCRIPTION_FORMAT}"`
      : `tags ${TAG_KEYS.reason}, ${TAG_KEYS.ticket}, ${TAG_KEYS.approvedBy}, ${TAG_KEYS.expires} (YYYY-MM-DD)`;
  return `record a justification (${record}) as ${own} or as ${central}`;
}
