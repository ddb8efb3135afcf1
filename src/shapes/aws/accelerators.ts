import { IntervalSet } from "../../model/intervals";
import { TCP_ONLY, UDP_ONLY } from "../../model/rule";
import { reveal } from "../../model/values";
import { listOf, own, type ResourceView } from "../resource";

export const ENDPOINT_GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup";
export const ACCELERATOR_LISTENER = "aws:globalaccelerator/listener:Listener";

/** What a Global Accelerator listener delivers to the endpoints of one endpoint group. */
export interface EndpointTraffic {
  readonly protocols: IntervalSet;
  /** The endpoint's ports: the listener's, each moved where the group's portOverrides say. */
  readonly ports: IntervalSet;
  readonly text: string;
}

const PROTOCOLS: Readonly<Record<string, IntervalSet>> = { TCP: TCP_ONLY, UDP: UDP_ONLY };

const port = (value: unknown): number | undefined => {
  const v = reveal(value);
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : undefined;
};

/**
 * The protocol and endpoint ports a listener forwards through an endpoint group ("Overriding
 * listener ports": traffic to a listener port goes to the endpoint port that overrides it, else to
 * the same port); undefined where any of it cannot be read, so that every port counts.
 */
export function endpointTraffic(listener: ResourceView, group: ResourceView): EndpointTraffic | undefined {
  const written = reveal(own(listener.props, "protocol"));
  const protocol = typeof written === "string" ? written.toUpperCase() : "";
  const protocols = Object.hasOwn(PROTOCOLS, protocol) ? PROTOCOLS[protocol] : undefined;
  const ranges = listOf(own(listener.props, "portRanges")).map((r) => [port(own(r, "fromPort")), port(own(r, "toPort"))] as const);
  const overrides = listOf(own(group.props, "portOverrides")).map((o) => [port(own(o, "listenerPort")), port(own(o, "endpointPort"))] as const);
  if (!protocols || ranges.length === 0 || [...ranges, ...overrides].some(([a, b]) => a === undefined || b === undefined)) return undefined;
  const listened = ranges.reduce((acc, [from, to]) => acc.union(IntervalSet.range(from!, to!)), IntervalSet.EMPTY);
  const moved = overrides.filter(([from]) => listened.has(from!));
  const single = (p: number) => IntervalSet.range(p, p);
  const ports = moved.reduce((acc, [from]) => acc.subtract(single(from!)), listened).union(moved.reduce((acc, [, to]) => acc.union(single(to!)), IntervalSet.EMPTY));
  const spans = ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(", ");
  const remaps = moved.map(([from, to]) => `${from} to ${to}`).join(", ");
  return { protocols, ports, text: `${protocol} ${spans}${remaps ? ` (${remaps})` : ""}` };
}
