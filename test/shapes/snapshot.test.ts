import { fc, test } from "@fast-check/jest";
import { Secret, UNKNOWN } from "../../src/model/values";
import { ownedProps, snapshot, UNKNOWN_SENTINELS, UnknownValueError, unknownCheckingProxy } from "../../src/shapes/resource";

/** What a policy sees reading through @pulumi/policy's proxy key by key: the reference snapshot() must agree with. */
function readThroughProxy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const read = (key: string | number) => {
    try {
      return readThroughProxy((value as Record<string | number, unknown>)[key]);
    } catch (e) {
      if (e instanceof UnknownValueError) return UNKNOWN;
      throw e;
    }
  };
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(i));
  return Object.fromEntries(Object.keys(value).map((key) => [key, read(key)]));
}

const sentinels = [...UNKNOWN_SENTINELS] as string[];
// Not "__getSpecialProxyTarget" or "__isSpecialProxy": the proxy answers those itself, hiding the data (a test below).
const keys = fc.oneof(fc.string().filter((k) => !k.startsWith("__")), fc.constantFrom("__proto__", "constructor", "hasOwnProperty"));
const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constantFrom(...sentinels));
const { props } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 4 }), tie("props")),
  props: fc.dictionary(keys, tie("value"), { maxKeys: 5 }),
}));

describe("snapshot", () => {
  test.prop([props], { seed: 20260521, numRuns: 400 })("reads what the proxy would give, every unknown as UNKNOWN", (data) => {
    // A JSON round trip makes "__proto__" an own key, as it can be in the engine's data.
    const target = JSON.parse(JSON.stringify(data));
    expect(snapshot(unknownCheckingProxy(target))).toEqual(readThroughProxy(unknownCheckingProxy(target)));
  });

  test.each(sentinels.map((s) => [s]))("the unknown %s is UNKNOWN at the top, in objects and in lists", (sentinel) => {
    const copy = snapshot(unknownCheckingProxy({ top: sentinel, nested: { deep: [1, sentinel] } }));
    expect(copy).toEqual({ top: UNKNOWN, nested: { deep: [1, UNKNOWN] } });
  });

  test("copies have no prototype, so data keys never meet inherited ones", () => {
    const copy = snapshot(unknownCheckingProxy(JSON.parse('{"__proto__": {"id": "sg-evil"}, "constructor": "x", "inner": {}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.getPrototypeOf(copy.inner)).toBeNull();
    expect(Object.keys(copy)).toEqual(["__proto__", "constructor", "inner"]);
    expect(copy.id).toBeUndefined();
  });

  test("the proxy's own keys in the data are data, not a way to swap what is read (reading through the proxy gets them wrong)", () => {
    const data = { ingress: { __getSpecialProxyTarget: { cidrBlocks: ["10.0.0.0/8"] }, __isSpecialProxy: true, cidrBlocks: ["0.0.0.0/0"] } };
    expect(snapshot(unknownCheckingProxy(data))).toEqual(data);
    expect(snapshot(data)).toEqual(data);
  });

  test("a proxy that does not hand out its target is read through, its unknowns still UNKNOWN", () => {
    const refusing = new Proxy({ a: 1, b: sentinels[0] }, {
      get: (o, key) => {
        const v = (o as Record<string | symbol, unknown>)[key];
        if (UNKNOWN_SENTINELS.has(v)) throw new UnknownValueError(v as string, [String(key)]);
        return v;
      },
    });
    expect(snapshot(refusing)).toEqual({ a: 1, b: UNKNOWN });
  });

  test("a secret stays a secret around its copied value", () => {
    const copy = snapshot(new Secret({ cidr: sentinels[0] }));
    expect(copy).toBeInstanceOf(Secret);
    expect((copy as Secret).value).toEqual({ cidr: UNKNOWN });
  });
});

describe("ownedProps", () => {
  test.prop([props], { seed: 20261122, numRuns: 400 })("reads what the proxy would give, every unknown as UNKNOWN, in the object the proxy wraps", (data) => {
    const expected = readThroughProxy(unknownCheckingProxy(JSON.parse(JSON.stringify(data))));
    const target = JSON.parse(JSON.stringify(data));
    const read = ownedProps(unknownCheckingProxy(target));
    expect(read).toBe(target);
    expect(read).toEqual(expected);
  });

  // The ready pack's policies share one decoding (policies/sharedDecoding.ts): each reads it in turn.
  test.prop([props], { seed: 20261122, numRuns: 200 })("reading props a policy has already read changes nothing", (data) => {
    const expected = readThroughProxy(unknownCheckingProxy(JSON.parse(JSON.stringify(data))));
    const target = JSON.parse(JSON.stringify(data));
    ownedProps(unknownCheckingProxy(target));
    expect(ownedProps(unknownCheckingProxy(target))).toBe(target);
    expect(target).toEqual(expected);
  });

  test("an object the deserializer gave a prototype (a \"__proto__\" key) is copied without one, so nothing is inherited from data", () => {
    const target: Record<string, unknown> = { inner: { cidr: "10.0.0.0/8" } };
    (target.inner as Record<string, unknown>)["__proto__"] = { cidr: "0.0.0.0/0", ipv6: "::/0" };
    const read = ownedProps(unknownCheckingProxy(target)) as Record<string, Record<string, unknown>>;
    expect(read).toBe(target);
    expect(Object.getPrototypeOf(read.inner)).toBeNull();
    expect(read.inner.cidr).toBe("10.0.0.0/8");
    expect(read.inner.ipv6).toBeUndefined();
  });

  test("props that come without the proxy are copied, not changed", () => {
    const data = { top: sentinels[0], nested: [sentinels[0]] };
    const read = ownedProps(data);
    expect(read).toEqual({ top: UNKNOWN, nested: [UNKNOWN] });
    expect(data.top).toBe(sentinels[0]);
  });
});

