import type { Certainty } from "./exposure";

/**
 * A policy's messages, declared once under ids with {{placeholders}} (typescript-eslint's
 * `meta.messages` habit): tests assert an id and its data, and SARIF carries the templates.
 */
export type Messages = Readonly<Record<string, string>>;
export type MessageData = Readonly<Record<string, string>>;

/** What a policy reports: the message a reviewer reads, and the same facts as data for reports. */
export interface Finding {
  /** The resource to blame; "" for a finding about the configuration itself. */
  readonly urn: string;
  readonly certainty: Certainty;
  /** The template's id among the policy's messages, and the values of its placeholders. */
  readonly messageId: string;
  readonly data: MessageData;
  /** The template filled in with the data. */
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

/** Messages every policy can report: a check that could not run must not read as a pass. */
export const COMMON_MESSAGES = {
  "config-invalid": "The {{policy}} configuration is invalid, so the policy did not run: {{errors}}. Fix --policy-pack-config (or the cls-guard --config file).",
  "config-problem": "Configuration: {{problem}}.",
  "evaluation-failed": "cls-guard could not evaluate {{subject}} ({{error}}); treating it as a violation until it can. Please report this with the resource's shape.",
  "unreadable": "cls-guard could not read the resources ({{error}}); treating this as a violation.",
} as const satisfies Messages;

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The names of a template's placeholders, in order of first appearance. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Fills a template; a placeholder without data is a bug in the policy, so it throws. */
export function render(template: string, data: MessageData): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    if (!Object.hasOwn(data, key)) throw new Error(`message data lacks "${key}"`);
    return data[key];
  });
}

/** The message fields of a finding: `{ messageId, data, message }`. */
export function say<M extends Messages>(messages: M, messageId: keyof M & string, data: MessageData): Pick<Finding, "messageId" | "data" | "message"> {
  return { messageId, data, message: render(messages[messageId], data) };
}
