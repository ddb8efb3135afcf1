import { parseAddressBlock } from "../../model/addresses";
import type { Source } from "../../model/rule";
import { describe, display, isUnknown, reveal } from "../../model/values";
import { malformedDoubt, unknownDoubt, type Field, unresolved } from "../fields";


/** An address range of sourceRanges or match.srcIpRanges: IPv4 or IPv6, a block or one address. */
export function rangeSource(f: Field): Source {
  if (f.problem) return unresolved(f, malformedDoubt(f, f.problem));
  if (isUnknown(f.value)) return unresolved(f, unknownDoubt(f));
  const text = reveal(f.value);
  const addresses = typeof text === "string" ? parseAddressBlock(text.trim()) : undefined;
  if (addresses) return { kind: "cidr", text: display(f.value), addresses };
  return unresolved(f, malformedDoubt(f, `is ${describe(f.value)}, not an IPv4 or IPv6 range`));
}

/**
 * Instances named by what they are (source tags, service accounts, secure tags, networks): never an
 * internet address, whatever the value, so even an unknown one is internal.
 */
export function internalSource(f: Field, what: string): Source {
  return { kind: "internal", text: isUnknown(f.value) ? `${what} (unknown at preview)` : `${what} ${display(f.value)}` };
}
