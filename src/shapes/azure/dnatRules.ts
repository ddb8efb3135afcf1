import { ALL_ADDRESSES, ALL_IPV4, parseAddressBlock } from "../../model/addresses";
import { IntervalSet } from "../../model/intervals";
import { ALL_PORTS, isPort, TCP, TCP_AND_UDP, UDP, type Doubt, type InboundRule, type ProtocolMatch, type Source } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { field, isUnset, listField, malformedDoubt, unknownDoubt, type Field, unresolved } from "../fields";
import { isRecord, own, type ResourceView } from "../resource";
import { CLASSIC, NATIVE } from "./types";

/**
 * Azure Firewall DNAT rules as openings. A DNAT rule forwards the firewall's public address and
 * ports to one translated address and port, so what it exposes is the translated port of the
 * translated host, whatever the public port. Four shapes carry them: an azure-native firewall's
 * own NAT collections, a classic standalone NAT collection, and the NAT collections of a firewall
 * policy's rule collection group in either provider.
 */
export interface DnatRule {
  readonly rule: InboundRule;
  /** The private address the rule forwards to, when it names one exactly. */
  readonly translatedAddress?: string;
  /** The translated address is a value not known until the update. */
  readonly addressUnknown?: boolean;
  /** Where it forwards to, as written: an address, an FQDN, or what stands in their place. */
  readonly target: string;
  /** What it forwards, as a reviewer reads it: `443 to 10.0.1.4:50001`. */
  readonly forwards: string;
}

/** Where a shape keeps its NAT collections, and how a collection spells its action and protocols. */
interface Layout {
  /** The property listing the collections; undefined where the resource is one collection. */
  readonly collections?: string;
  readonly action: (collection: unknown, prefix: string) => Field;
  readonly protocols: string;
  /** A policy group lists filter collections beside the NAT ones. */
  readonly isNat: (collection: unknown) => boolean;
}

/** azure-native writes the action as `{type: "Dnat"}`. */
function actionType(collection: unknown, prefix: string): Field {
  const action = own(collection, "action");
  return isUnknown(action) ? { path: `${prefix}action`, value: action } : field(action, "type", `${prefix}action.`);
}

const flatAction = (collection: unknown, prefix: string) => field(collection, "action", prefix);
const everyCollection = () => true;

/** A collection whose type is unknown at preview may hold NAT rules. */
function natCollection(collection: unknown): boolean {
  const type = reveal(own(collection, "ruleCollectionType"));
  return isUnknown(type) || (typeof type === "string" && type.toLowerCase() === "firewallpolicynatrulecollection");
}

const LAYOUTS: Readonly<Record<string, Layout>> = {
  [NATIVE.firewall]: { collections: "natRuleCollections", action: actionType, protocols: "protocols", isNat: everyCollection },
  [NATIVE.policyGroup]: { collections: "ruleCollections", action: actionType, protocols: "ipProtocols", isNat: natCollection },
  [CLASSIC.natRuleCollection]: { action: flatAction, protocols: "protocols", isNat: everyCollection },
  [CLASSIC.policyGroup]: { collections: "natRuleCollections", action: flatAction, protocols: "protocols", isNat: everyCollection },
};

/** "Dnat" forwards and "Snat" does not; an action that cannot be read may forward. */
function readAction(f: Field): { forwards: boolean; doubts: Doubt[] } {
  const v = reveal(f.value);
  const lower = typeof v === "string" ? v.toLowerCase() : undefined;
  if (lower === "dnat" || lower === "snat") return { forwards: lower === "dnat", doubts: [] };
  return { forwards: true, doubts: [isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}, not "Dnat" or "Snat"; read as DNAT`)] };
}

const PROTOCOLS: Readonly<Record<string, readonly number[]>> = { tcp: [TCP], udp: [UDP], any: [TCP, UDP] };
const TCP_AND_UDP_MATCH: ProtocolMatch = { label: "tcp and udp", numbers: TCP_AND_UDP, portless: false };

function protocolMatch(numbers: ReadonlySet<number>): ProtocolMatch {
  if (numbers.size > 1) return TCP_AND_UDP_MATCH;
  const [n] = numbers;
  return { label: n === TCP ? "tcp" : "udp", numbers: IntervalSet.range(n, n), portless: false };
}

/** A DNAT rule forwards TCP and UDP only ("Any" is both), so a protocol that cannot be read is read as both. */
function readProtocols(whole: Field, list: readonly Field[]): { protocol: ProtocolMatch; doubts: Doubt[] } {
  if (list.length === 0) return { protocol: TCP_AND_UDP_MATCH, doubts: [malformedDoubt(whole, "is missing or empty; read as TCP and UDP")] };
  const numbers = new Set<number>();
  const doubts: Doubt[] = [];
  for (const f of list) {
    const v = reveal(f.value);
    const lower = typeof v === "string" && !f.problem ? v.toLowerCase() : "";
    const known = Object.hasOwn(PROTOCOLS, lower) ? PROTOCOLS[lower] : undefined;
    for (const n of known ?? [TCP, UDP]) numbers.add(n);
    if (!known) doubts.push(isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, f.problem ?? `is ${describe(f.value)}, not a protocol a DNAT rule takes (TCP, UDP or Any); read as TCP and UDP`));
  }
  return { protocol: protocolMatch(numbers), doubts };
}

/** How a value is shown in `forwards`: numbers plainly, secrets hidden. */
function shown(value: unknown): string {
  if (isUnknown(value)) return "(unknown at preview)";
  return typeof value === "number" ? String(value) : display(value);
}

/** The one port the host receives on, a number or a string of digits; unreadable, it may be any port. */
function readTranslatedPort(f: Field): { ports: IntervalSet; doubts: Doubt[] } {
  const v = reveal(f.value);
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (isPort(n)) return { ports: IntervalSet.range(n, n), doubts: [] };
  return { ports: ALL_PORTS, doubts: [isUnknown(f.value) ? unknownDoubt(f) : malformedDoubt(f, `is ${describe(f.value)}, not a port 0-65535; read as every port`)] };
}


/** "a.b.c.d-e.f.g.h": two bare addresses of one family, in order. */
function addressRange(text: string): IntervalSet | undefined {
  const ends = text.split("-");
  if (ends.length !== 2 || ends.some((e) => e.includes("/"))) return undefined;
  const [first, last] = ends.map(parseAddressBlock);
  if (!first || !last) return undefined;
  const [lo, hi] = [first.intervals[0][0], last.intervals[0][0]];
  return lo <= hi && ALL_IPV4.has(lo) === ALL_IPV4.has(hi) ? IntervalSet.of([lo, hi]) : undefined;
}

/** "*", an address, a CIDR block or a range; anything else stands for any address. */
function addressSource(f: Field): Source {
  if (f.problem) return unresolved(f, malformedDoubt(f, f.problem));
  if (isUnknown(f.value)) return unresolved(f, unknownDoubt(f));
  const text = reveal(f.value);
  const addresses = typeof text === "string" ? (text === "*" ? ALL_ADDRESSES : (parseAddressBlock(text) ?? addressRange(text))) : undefined;
  if (addresses) return { kind: "cidr", text: display(f.value), addresses };
  return unresolved(f, malformedDoubt(f, `${describe(f.value)} is not *, an address, a CIDR block or a range a-b; read as any address`));
}

/**
 * An IP group's addresses live in another resource that is not read: it stands for any address,
 * whatever its id (an id unknown at preview changes nothing), and its text says so.
 */
function ipGroupSource(f: Field): Source {
  if (f.problem) return unresolved(f, malformedDoubt(f, f.problem));
  const id = isUnknown(f.value) ? "(id unknown at preview)" : display(f.value);
  return { kind: "cidr", text: `IP group ${id} (its addresses are not read; taken as any address)`, addresses: ALL_ADDRESSES };
}

function readSources(item: unknown, at: string): Source[] {
  const sources = [...listField(item, "sourceAddresses", at).map(addressSource), ...listField(item, "sourceIpGroups", at).map(ipGroupSource)];
  if (sources.length > 0) return sources;
  const f = field(item, "sourceAddresses", at);
  return [unresolved(f, malformedDoubt(f, `and ${at}sourceIpGroups are both empty; read as any address`))];
}

/** The translated address, or else the FQDN the rule forwards to (the classic bridge writes "" for the unset one). */
function readTarget(item: unknown, at: string): { address?: string; text: string } {
  const address = field(item, "translatedAddress", at);
  const fqdn = field(item, "translatedFqdn", at);
  const v = reveal(address.value);
  if (typeof v === "string" && v !== "") return { address: v, text: display(address.value) };
  if (!isUnset(address.value)) return { text: `${address.path} ${shown(address.value)}` };
  return { text: isUnset(fqdn.value) ? "no translated address" : shown(fqdn.value) };
}

function readRule(view: ResourceView, layout: Layout, item: unknown, path: string, actionDoubts: readonly Doubt[]): DnatRule {
  const at = `${path}.`;
  const { protocol, doubts: protocolDoubts } = readProtocols(field(item, layout.protocols, at), listField(item, layout.protocols, at));
  const port = field(item, "translatedPort", at);
  const { ports, doubts: portDoubts } = readTranslatedPort(port);
  const target = readTarget(item, at);
  // The classic policy group writes destinationPorts as one string, the other shapes as a list.
  const publicPorts = own(item, "destinationPorts");
  const publicText = Array.isArray(publicPorts) ? publicPorts.map(shown).join(", ") : shown(publicPorts);
  return {
    rule: { origin: { urn: view.urn, type: view.type, name: view.name, rule: path }, protocol, ports, sources: readSources(item, at), doubts: [...protocolDoubts, ...portDoubts, ...actionDoubts] },
    translatedAddress: target.address,
    ...(isUnknown(field(item, "translatedAddress", at).value) ? { addressUnknown: true } : {}),
    target: target.text,
    forwards: `${publicText} to ${target.text}:${shown(port.value)}`,
  };
}

/** A collection or rule that cannot be read at all may forward anything from anywhere. */
function unreadableRule(view: ResourceView, whole: Field): DnatRule {
  const doubt = whole.problem ? malformedDoubt(whole, whole.problem) : unknownDoubt(whole);
  const rule: InboundRule = { origin: { urn: view.urn, type: view.type, name: view.name, rule: whole.path }, protocol: TCP_AND_UDP_MATCH, ports: ALL_PORTS, sources: [unresolved(whole, doubt)], doubts: [doubt] };
  return { rule, target: `whatever ${whole.path} holds`, forwards: `whatever ${whole.path} holds` };
}

/** The readings of a list property's items; a list or item that cannot be read becomes one rule that may forward anything. */
function eachItem(view: ResourceView, list: Field, read: (item: unknown, path: string) => DnatRule[]): DnatRule[] {
  if (isUnset(list.value)) return [];
  const items = reveal(list.value);
  if (!Array.isArray(items)) return [unreadableRule(view, { ...list, problem: isUnknown(list.value) ? undefined : `is ${describe(list.value)}, not a list` })];
  return items.flatMap((item, i) => {
    const path = `${list.path}[${i}]`;
    return isRecord(item) ? read(item, path) : [unreadableRule(view, { path, value: item, problem: isUnknown(item) ? undefined : `is ${describe(item)}, not an object` })];
  });
}

function collectionRules(view: ResourceView, layout: Layout, collection: unknown, prefix: string): DnatRule[] {
  const action = readAction(layout.action(collection, prefix));
  if (!action.forwards) return [];
  return eachItem(view, field(collection, "rules", prefix), (item, path) => [readRule(view, layout, item, path, action.doubts)]);
}

/** The DNAT rules a resource carries; none for SNAT collections, filter collections or other resources. */
export function dnatRules(view: ResourceView): DnatRule[] {
  const layout = Object.hasOwn(LAYOUTS, view.type) ? LAYOUTS[view.type] : undefined;
  if (!layout) return [];
  if (!layout.collections) return collectionRules(view, layout, view.props, "");
  const list = field(view.props, layout.collections);
  return eachItem(view, list, (collection, path) => (layout.isNat(collection) ? collectionRules(view, layout, collection, `${path}.`) : []));
}
