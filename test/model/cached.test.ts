import { cached, cachedBounded, once } from "../../src/cached";

describe("memos", () => {
  test("cached computes a key once", () => {
    const store = new Map<string, number>();
    let calls = 0;
    const square = (n: number) => cached(store, String(n), () => (calls++, n * n));
    expect([square(3), square(3), square(4)]).toEqual([9, 9, 16]);
    expect(calls).toBe(2);
  });

  test("cached stores an undefined answer too, and does not compute it again", () => {
    const store = new Map<string, undefined>();
    let calls = 0;
    const nothing = () => cached(store, "k", () => void calls++);
    expect([nothing(), nothing()]).toEqual([undefined, undefined]);
    expect(calls).toBe(1);
  });

  test("cachedBounded empties a full memo before it grows past its limit, and keeps answering", () => {
    const store = new Map<string, string>();
    const upper = (text: string) => cachedBounded(store, text, () => text.toUpperCase(), 3);
    expect(["a", "b", "c"].map(upper)).toEqual(["A", "B", "C"]);
    expect(upper("a")).toBe("A");
    expect(store.size).toBe(3);
    expect(upper("d")).toBe("D");
    expect([...store.keys()]).toEqual(["d"]);
  });

  test("once computes nothing until asked, then once, an undefined answer included", () => {
    let calls = 0;
    const answer = once(() => void calls++);
    expect(calls).toBe(0);
    expect([answer(), answer()]).toEqual([undefined, undefined]);
    expect(calls).toBe(1);
  });
});
