import type { Reachability } from "../paths";
import type { GcpHost } from "./hosts";

/**
 * Whether the internet can reach the host now: an access config gives the interface an external
 * IPv4 address, an IPv6 access config an external IPv6 one. Verdicts never hang on it.
 */
export function reachabilityOf(host: GcpHost): Reachability {
  const nic = host.nic;
  const path = [...new Set([host.view.urn, ...(host.template ? [host.template.urn] : [])])];
  if (!nic) return { state: "unknown", how: `the network interfaces of ${host.name} are not known until the update`, path: [] };
  if (nic.externalIpv4 === "yes") return { state: "yes", how: `${nic.path} has an access config (an external IPv4 address)`, path };
  if (nic.externalIpv6 === "yes") return { state: "yes", how: `${nic.path} has an IPv6 access config (an external IPv6 address)`, path };
  if (nic.externalIpv4 === "unknown" || nic.externalIpv6 === "unknown") return { state: "unknown", how: `whether ${nic.path} has an external address is not known until the update`, path: [] };
  return { state: "no", how: `${nic.path} has no access config (external IPv4) and no IPv6 access config`, path: [] };
}
