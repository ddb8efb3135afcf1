export type Cloud = "aws" | "azure" | "gcp";

/** Each provider's type tokens begin with its package name: "aws:", "azure-native:", "azure:", "gcp:". */
const PROVIDERS: Readonly<Record<string, Cloud>> = { aws: "aws", "azure-native": "azure", azure: "azure", gcp: "gcp" };

/** The cloud a resource type belongs to, for reports; undefined for anything else (the stack, a config finding). */
export function cloudOf(type: string): Cloud | undefined {
  const provider = type.slice(0, type.indexOf(":"));
  return Object.hasOwn(PROVIDERS, provider) ? PROVIDERS[provider] : undefined;
}
