import { Traffic } from "../src/model/traffic";
import { portSpansOf } from "../src/report/format";
import { resolveSettings, type Settings } from "../src/settings";
import { tagJustification } from "../src/shapes/tags";
import { approvalSettingsFrom } from "../src/verdict/approval";
import { assessStack } from "../src/verdict/assessStack";
import { trafficOf } from "../src/verdict/exposure";
import type { JustificationRecord } from "../src/model/justification";
import { checkJustification } from "../src/verdict/justification";
import type { InputResource } from "./input";
import { viewsOf, type PolicyRun } from "./scan";

/**
 * What a change does to exposure: for every inbound rule, the external traffic it lets reach the
 * watched and protected ports before and after (network ACLs and firewalls applied, justification
 * aside), and every cls-guard justification that appears, goes, changes or is about to expire.
 */
export type { PortSpan as Span } from "../src/report/format";
import type { PortSpan as Span } from "../src/report/format";

export interface OpeningChange {
  readonly change: "opened" | "closed" | "widened" | "narrowed";
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly rule: string;
  readonly before: Span[];
  readonly after: Span[];
  readonly added: Span[];
  readonly removed: Span[];
  /** The change reaches or releases a protected port (the CLS agent by default). */
  readonly protectedPorts: boolean;
  /** What the change adds reaches a protected port. */
  readonly exposesProtected: boolean;
  /** After the change (before it, for a closing), a valid justification approves the opening. */
  readonly justified: boolean;
  /** The resources whose change made the difference: the rule's own, or a route, NACL or firewall on its path. */
  readonly causes: readonly { readonly urn: string; readonly type: string; readonly name: string }[];
}

export interface JustificationChange {
  readonly change: "added" | "removed" | "changed" | "expiring";
  readonly urn: string;
  readonly name: string;
  readonly reason?: string;
  readonly expires?: string;
  readonly problems: readonly string[];
}

export interface Review {
  readonly openings: readonly OpeningChange[];
  readonly justifications: readonly JustificationChange[];
}

interface Measured {
  readonly resource: InputResource;
  readonly rule: string;
  readonly exposed: Traffic;
  readonly justified: boolean;
  /** The rule's resource and every resource its paths were read from. */
  readonly grounds: readonly string[];
}

function settingsOf(runs: readonly PolicyRun[], name: string): Settings {
  const run = runs.find((r) => r.policy.name === name);
  const resolved = resolveSettings(run?.settings ?? {}, run?.policy.settings ?? []);
  if (!resolved.ok) throw new Error(`settings of ${name}: ${resolved.errors.join("; ")}`);
  return resolved.settings;
}

function exposures(resources: readonly InputResource[], settings: Settings, ports: Settings["watchedPorts"], today: Date): Map<string, Measured> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const { assessments } = assessStack({ views: viewsOf(resources).outputs, settings, today }, ports);
  const out = new Map<string, Measured>();
  for (const a of assessments) {
    const origin = a.opening.rule.origin;
    const grounds = [origin.urn, ...a.opening.subjects.map((s) => s.urn), ...(a.opening.paths?.paths ?? []).flatMap((p) => p.resources)];
    out.set(`${origin.urn}|${origin.identity ?? origin.rule}`, { resource: byUrn.get(origin.urn)!, rule: origin.rule, exposed: a.exposed, justified: a.approval.state === "approved", grounds });
  }
  return out;
}

/** The resources that differ between the two sides (added, removed or changed), by URN. */
function changedResources(before: readonly InputResource[], after: readonly InputResource[]): Map<string, InputResource> {
  const text = (r: InputResource) => JSON.stringify([r.type, r.inputs, r.outputs]);
  const old = new Map(before.map((r) => [r.urn, text(r)]));
  const now = new Map(after.map((r) => [r.urn, r]));
  const changed = new Map(after.filter((r) => old.get(r.urn) !== text(r)).map((r) => [r.urn, r]));
  for (const r of before) if (!now.has(r.urn)) changed.set(r.urn, r);
  return changed;
}

function openingChanges(before: readonly InputResource[], after: readonly InputResource[], runs: readonly PolicyRun[], today: Date): OpeningChange[] {
  const cls = settingsOf(runs, "cls-ports-closed");
  const media = settingsOf(runs, "media-range-inbound-justified");
  const ports = [...media.watchedPorts, ...cls.protectedPorts];
  const protectedTraffic = trafficOf(cls.protectedPorts);
  const old = exposures(before, cls, ports, today);
  const now = exposures(after, cls, ports, today);
  const changed = changedResources(before, after);
  const changes: OpeningChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(key)?.exposed ?? Traffic.NONE;
    const is = now.get(key)?.exposed ?? Traffic.NONE;
    const added = is.subtract(was);
    const removed = was.subtract(is);
    if (added.isEmpty() && removed.isEmpty()) continue;
    const change = was.isEmpty() ? "opened" : is.isEmpty() ? "closed" : !added.isEmpty() ? "widened" : "narrowed";
    const { resource, rule, justified } = (now.get(key) ?? old.get(key))!;
    const touchesProtected = !added.union(removed).intersect(protectedTraffic).isEmpty();
    const grounds = new Set([...(old.get(key)?.grounds ?? []), ...(now.get(key)?.grounds ?? [])]);
    const causes = [...grounds].flatMap((urn) => {
      const r = changed.get(urn);
      return r ? [{ urn, type: r.type, name: r.name }] : [];
    });
    const exposesProtected = !added.intersect(protectedTraffic).isEmpty();
    const spans = { before: portSpansOf(was), after: portSpansOf(is), added: portSpansOf(added), removed: portSpansOf(removed) };
    changes.push({ change, urn: resource.urn, type: resource.type, name: resource.name, rule, ...spans, protectedPorts: touchesProtected, exposesProtected, justified, causes });
  }
  return changes;
}

function recordsOf(resources: readonly InputResource[]): Map<string, JustificationRecord> {
  const views = viewsOf(resources).inputs;
  return new Map(views.flatMap((v) => {
    const record = tagJustification(v);
    return record ? [[v.urn, record] as const] : [];
  }));
}

const text = (v: unknown) => (typeof v === "string" ? v : undefined);

function justificationChanges(before: readonly InputResource[], after: readonly InputResource[], runs: readonly PolicyRun[], today: Date, expiringDays: number): JustificationChange[] {
  const settings = settingsOf(runs, "justification-valid");
  const { rules } = approvalSettingsFrom(settings, today);
  const old = recordsOf(before);
  const now = recordsOf(after);
  const names = new Map([...before, ...after].map((r) => [r.urn, r.name]));
  const same = (a: JustificationRecord, b: JustificationRecord) => (["reason", "ticket", "approvedBy", "expires"] as const).every((k) => a[k] === b[k]);
  const soon = today.getTime() + expiringDays * 86_400_000;
  const changes: JustificationChange[] = [];
  for (const urn of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(urn);
    const is = now.get(urn);
    const record = (is ?? was)!;
    const base = { urn, name: names.get(urn) ?? urn, reason: text(record.reason), expires: text(record.expires), problems: is ? checkJustification(is, rules).problems : [] };
    if (!was) changes.push({ change: "added", ...base });
    else if (!is) changes.push({ change: "removed", ...base });
    else if (!same(was, is)) changes.push({ change: "changed", ...base });
    else if (base.expires && Date.parse(base.expires) <= soon) changes.push({ change: "expiring", ...base });
  }
  return changes;
}

/**
 * `review --fail-on`: which changes fail the gate. "opened" fails on a new opening that reaches a
 * protected port without a valid justification, "widened" (the default) also on an opening that
 * grows onto one, "any" on every opening or widening of a watched or protected port, justified or
 * not, and "never" on nothing.
 */
export const FAIL_ON = ["opened", "widened", "any", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function failingChanges(review: Review, failOn: FailOn): OpeningChange[] {
  const exposing = review.openings.filter((o) => o.change === "opened" || o.change === "widened");
  switch (failOn) {
    case "never":
      return [];
    case "any":
      return exposing;
    case "opened":
      return exposing.filter((o) => o.change === "opened" && o.exposesProtected && !o.justified);
    case "widened":
      return exposing.filter((o) => o.exposesProtected && !o.justified);
  }
}

export function review(before: readonly InputResource[], after: readonly InputResource[], runs: readonly PolicyRun[], today: Date, expiringDays: number): Review {
  return { openings: openingChanges(before, after, runs, today), justifications: justificationChanges(before, after, runs, today, expiringDays) };
}
