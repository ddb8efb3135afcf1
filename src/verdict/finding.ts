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
}
