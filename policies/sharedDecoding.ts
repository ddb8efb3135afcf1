/**
 * @pulumi/policy's server decodes each resource of an AnalyzeStack request afresh for every stack
 * policy it runs (server.js, makeAnalyzeStackRpcFun: deserializeProperties inside the loop over
 * policies), and each resource's provider with it. cls-guard has three stack policies, so a stack
 * was decoded three times, and that, not judging, was most of what the pack added to the engine's
 * time over a one-policy pack.
 *
 * Within one turn of the event loop a message decodes to the same props whoever asks, so the first
 * decoding is kept for the rest of that turn, keyed by the message (google-protobuf hands out the
 * same Struct for each read of a field), and then let go: an AnalyzeStack's policies run in one
 * turn, as cls-guard's judge synchronously, and nothing outlives the call. Props decoded for
 * remediation (secrets kept behind proxies) are decoded each time.
 *
 * The policies that share props must not change them. cls-guard's only change is putting them in
 * reader form (resource.ts, ownedProps), which leaves props already in that form as they are.
 */
type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

interface DecodingModule {
  deserializeProperties: Decode;
}

const SHARED = Symbol("cls-guard.sharedDecoding");

/** Makes `module.deserializeProperties` decode each message once per turn; installing it twice changes nothing. */
export function shareDecoding(module: DecodingModule): void {
  const decode = module.deserializeProperties;
  if (typeof decode !== "function" || SHARED in decode) return;
  const decoded = new Map<object, Record<string, unknown>>();
  const shared: Decode = (struct, proxySecrets) => {
    if (proxySecrets) return decode(struct, proxySecrets);
    let props = decoded.get(struct);
    if (props === undefined) {
      if (decoded.size === 0) setImmediate(() => decoded.clear());
      props = decode(struct, proxySecrets);
      decoded.set(struct, props);
    }
    return props;
  };
  module.deserializeProperties = Object.assign(shared, { [SHARED]: true });
}

/** Shares the decoding of the policy server this process runs. */
export function sharePolicyServerDecoding(): void {
  // Internal to @pulumi/policy and untyped; the server looks the function up on the module at each call.
  shareDecoding(require("@pulumi/policy/deserialize") as DecodingModule);
}
