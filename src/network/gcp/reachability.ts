import { resourceLabel } from "../../shapes/resource";
import type { Reachability } from "../paths";
import type { GcpBalancers } from "./balancers";
import type { GcpHost } from "./hosts";

/** The host's resources on the internet's way to it: the instance or managed group, and its template. */
export const hostUrns = (host: GcpHost): string[] => [...new Set([host.view.urn, ...(host.template ? [host.template.urn] : [])])];

/**
 * Whether the internet can reach the host now: an access config gives the interface an external
 * IPv4 address, an IPv6 access config an external IPv6 one. Verdicts never hang on it. What an
 * external passthrough forwarding rule sends to the host takes a path of its own, with its own
 * reachability.
 */
export function reachabilityOf(host: GcpHost, balancers: GcpBalancers): Reachability {
  const nic = host.nic;
  const path = hostUrns(host);
  if (!nic) return { state: "unknown", how: `the network interfaces of ${host.name} are not known until the update`, path: [] };
  if (nic.externalIpv4 === "yes") return { state: "yes", how: `${nic.path} has an access config (an external IPv4 address)`, path };
  if (nic.externalIpv6 === "yes") return { state: "yes", how: `${nic.path} has an IPv6 access config (an external IPv6 address)`, path };
  if (nic.externalIpv4 === "unknown" || nic.externalIpv6 === "unknown") return { state: "unknown", how: `whether ${nic.path} has an external address is not known until the update`, path: [] };
  const none = `${nic.path} has no access config (external IPv4) and no IPv6 access config`;
  const proxies = balancers.proxiesTo(host.view);
  if (proxies.length > 0) {
    const services = proxies.map(resourceLabel).join(", ");
    return { state: "unknown", how: `${none}, but ${services} of a proxy load balancer sends to it, which cls-guard does not follow (a proxy balancer connects from Google Front End ranges 130.211.0.0/22 and 35.191.0.0/16 to the instance group's named port)`, path: [] };
  }
  const forwarding = balancers.to(host.view);
  if (forwarding.length > 0) return { state: "no", how: `${none}; what ${[...new Set(forwarding.map((f) => f.label))].join(", ")} forwards to it takes a path of its own`, path: [] };
  return { state: "no", how: `${none}, and no external forwarding rule of this stack sends to it (through a target pool, a target instance or a regional backend service)`, path: [] };
}
