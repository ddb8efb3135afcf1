import type { Certainty } from "./exposure";

/** What a policy reports: the message a reviewer reads, and the same facts as data for reports. */
export interface Finding {
  /** The resource to blame; "" for a finding about the configuration itself. */
  readonly urn: string;
  readonly certainty: Certainty;
  readonly message: string;
  /** Which rule of the resource, e.g. "ingress[2]". */
  readonly rule?: string;
  readonly exposed?: readonly { readonly protocol: string; readonly from: number; readonly to: number }[];
  readonly sources?: readonly string[];
  /** Whether a host the opening exposes can be reached from the internet as the stack stands. */
  readonly reachable?: "yes" | "no" | "unknown";
  /** That host's path from the internet, as resources (URNs) in order: gateway first, host last. */
  readonly path?: readonly string[];
}
