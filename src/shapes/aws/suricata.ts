import { ALL_ADDRESSES, parseAddressBlock } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS } from "../../model/traffic";

/**
 * Suricata rule text as AWS Network Firewall takes it (rulesString), and the 5-tuple form
 * (statefulRules) mapped onto the same structure:
 *   action proto src sport -> dst dport (options)
 */
export interface SuricataRule {
  readonly line: number;
  readonly action: string;
  readonly protocol: string;
  readonly source: string;
  readonly sourcePort: string;
  readonly bidirectional: boolean;
  readonly destination: string;
  readonly destinationPort: string;
  readonly options: readonly { keyword: string; value: string }[];
}

export type ParsedRule = { ok: true; rule: SuricataRule } | { ok: false; line: number; text: string; reason: string };

export const ACTIONS = ["alert", "pass", "drop", "reject", "rejectsrc", "rejectdst", "rejectboth"];

/** Splits on white space outside brackets, so "[1.2.3.4, 5.6.7.8]" stays one token. */
function tokens(header: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  for (const ch of header) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (current) out.push(current);
      current = "";
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

function options(body: string): { keyword: string; value: string }[] {
  return body
    .split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const colon = o.indexOf(":");
      return colon < 0 ? { keyword: o.toLowerCase(), value: "" } : { keyword: o.slice(0, colon).trim().toLowerCase(), value: o.slice(colon + 1).trim() };
    });
}

export function parseRule(text: string, line: number): ParsedRule {
  const open = text.indexOf("(");
  if (open < 0 || !text.trimEnd().endsWith(")")) return { ok: false, line, text, reason: "no (options) part" };
  const head = tokens(text.slice(0, open));
  if (head.length !== 7) return { ok: false, line, text, reason: `expected "action proto src sport -> dst dport", found ${head.length} fields` };
  const [action, protocol, source, sourcePort, direction, destination, destinationPort] = head;
  if (!ACTIONS.includes(action.toLowerCase())) return { ok: false, line, text, reason: `unknown action "${action}"` };
  if (direction !== "->" && direction !== "<>") return { ok: false, line, text, reason: `unknown direction "${direction}"` };
  const body = text.slice(open + 1, text.trimEnd().length - 1);
  return {
    ok: true,
    rule: { line, action: action.toLowerCase(), protocol: protocol.toLowerCase(), source, sourcePort, bidirectional: direction === "<>", destination, destinationPort, options: options(body) },
  };
}

/** Every rule of a rules string; comments and blank lines skipped, "\" continues a line. */
export function parseRules(text: string): ParsedRule[] {
  const out: ParsedRule[] = [];
  let pending = "";
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!pending) start = i + 1;
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) return;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    out.push(parseRule(pending + line, start));
    pending = "";
  });
  if (pending) out.push(parseRule(pending, start));
  return out;
}

/** Variables a rule may use, by name without "$"; undefined for one whose definition cannot be read. */
export type Variables = ReadonlyMap<string, IntervalSet | undefined>;

export type SetResult = { ok: true; set: IntervalSet } | { ok: false; reason: string };

/** Splits "a, [b, c], !d" at top-level commas. */
function listItems(inner: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of inner) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === "," && depth === 0) {
      items.push(current.trim());
      current = "";
    } else current += ch;
  }
  items.push(current.trim());
  return items.filter(Boolean);
}

/**
 * Suricata set expressions: `any`, `$VAR`, a literal, `[a, b, !c]` (the union of the positive
 * items, or everything when there are none, minus the negated ones) and `!x`.
 */
function evaluateSet(expr: string, universe: IntervalSet, vars: Variables, literal: (t: string) => IntervalSet | undefined): SetResult {
  const e = expr.trim();
  if (e.startsWith("!")) {
    const inner = evaluateSet(e.slice(1), universe, vars, literal);
    return inner.ok ? { ok: true, set: universe.subtract(inner.set) } : inner;
  }
  if (e.toLowerCase() === "any") return { ok: true, set: universe };
  if (e.startsWith("$")) {
    const value = vars.get(e.slice(1));
    if (value) return { ok: true, set: value };
    return { ok: false, reason: vars.has(e.slice(1)) ? `variable ${e} has a definition that cannot be read` : `variable ${e} is not defined` };
  }
  if (e.startsWith("[") && e.endsWith("]")) {
    let plus = IntervalSet.EMPTY;
    let minus = IntervalSet.EMPTY;
    let positives = 0;
    for (const item of listItems(e.slice(1, -1))) {
      const negated = item.startsWith("!");
      const r = evaluateSet(negated ? item.slice(1) : item, universe, vars, literal);
      if (!r.ok) return r;
      if (negated) minus = minus.union(r.set);
      else {
        plus = plus.union(r.set);
        positives++;
      }
    }
    return { ok: true, set: (positives > 0 ? plus : universe).subtract(minus) };
  }
  const set = literal(e);
  return set ? { ok: true, set } : { ok: false, reason: `"${e}" is not understood` };
}

export function addressSet(expr: string, vars: Variables): SetResult {
  return evaluateSet(expr, ALL_ADDRESSES, vars, parseAddressBlock);
}

/** Ports: `80`, `1024:`, `:1023`, `50001:50003`. */
export function portLiteral(text: string): IntervalSet | undefined {
  const m = /^(\d{1,5})?(:)?(\d{1,5})?$/.exec(text);
  if (!m || (!m[1] && !m[3])) return undefined;
  const lo = m[1] ? Number(m[1]) : 0;
  const hi = m[3] ? Number(m[3]) : m[2] ? 65535 : lo;
  return lo <= hi && hi <= 65535 ? IntervalSet.range(lo, hi) : undefined;
}

export function portSet(expr: string, vars: Variables): SetResult {
  return evaluateSet(expr, ALL_PORTS, vars, portLiteral);
}
