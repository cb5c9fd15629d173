import { describe, expect, it } from "vitest";
import { Cursor, decode, encode } from "../src/channel/codec.ts";
import { VALUE_MATRIX, fingerprint } from "./value-matrix.ts";

/** Encodes into a fresh shared region and decodes back; undefined when the value takes the structured-clone path. */
function roundTrip(value: unknown, bytes = 4096): { value: unknown } | undefined {
  const c = new Cursor(new SharedArrayBuffer(bytes), 0, bytes).reset(0, bytes);
  if (!encode(c, value)) return undefined;
  const end = c.pos;
  c.pos = 0;
  const out = decode(c);
  expect(c.pos).toBe(end);
  return { value: out };
}

describe("the shared-memory value encoding", () => {
  it.each(VALUE_MATRIX)("%s: decodes exactly as structuredClone, or declines", (_label, value, fast) => {
    const out = roundTrip(value);
    expect(out !== undefined).toBe(fast);
    if (out) {
      expect(out.value).toStrictEqual(structuredClone(value));
      expect(fingerprint(out.value)).toBe(fingerprint(structuredClone(value)));
    }
  });

  it("an own __proto__ key, an Error, a class instance and shared memory decline too", () => {
    expect(roundTrip(JSON.parse('{"__proto__": {"polluted": true}}'))).toBeUndefined();
    expect(roundTrip(new TypeError("t"))).toBeUndefined();
    expect(roundTrip(new (class Point { x = 1 })())).toBeUndefined();
    expect(roundTrip(new Int32Array(new SharedArrayBuffer(8)))).toBeUndefined();
  });

  it("fingerprints tell apart what structured clone keeps apart", () => {
    const one = { x: 1 };
    expect(fingerprint([one, one])).not.toBe(fingerprint([{ x: 1 }, { x: 1 }]));
    expect(fingerprint(-0)).not.toBe(fingerprint(0));
    expect(fingerprint([1, , 3])).not.toBe(fingerprint([1, undefined, 3])); // eslint-disable-line no-sparse-arrays
    expect(fingerprint(new Uint8Array([1]))).not.toBe(fingerprint(new Int8Array([1])));
    expect(fingerprint({ a: 1, b: 2 })).not.toBe(fingerprint({ b: 2, a: 1 }));
  });

  it("keeps -0, NaN and the typed array class", () => {
    expect(Object.is(roundTrip(-0)!.value, -0)).toBe(true);
    expect(Number.isNaN(roundTrip(NaN)!.value)).toBe(true);
    expect(roundTrip(new Float32Array([1]))!.value).toBeInstanceOf(Float32Array);
  });

  it("copies: the decoded typed array owns its memory", () => {
    const out = roundTrip(new Uint8Array([9, 9]))!.value as Uint8Array;
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    expect(out.buffer.byteLength).toBe(2);
  });

  it("declines, never truncates, at the end of the region", () => {
    for (const bytes of [8, 16, 64]) expect(roundTrip({ s: "z".repeat(40) }, bytes)).toBeUndefined();
  });

  it("functions and symbols decline, so structured clone reports them", () => {
    expect(roundTrip(() => 1)).toBeUndefined();
    expect(roundTrip(Symbol("s"))).toBeUndefined();
    expect(roundTrip({ f() {} })).toBeUndefined();
  });
});
