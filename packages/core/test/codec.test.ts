import { describe, expect, it } from "vitest";
import { Cursor, decode, encode } from "../src/channel/codec.ts";

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

const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
const withProp = Object.assign([1, 2], { extra: true });
const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
const offsetView = new Uint8Array(new ArrayBuffer(16), 4, 8);
const shared = { x: 1 };
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const protoKey = JSON.parse('{"__proto__": {"polluted": true}}') as object;

/** [label, value, takes the fast path] */
const MATRIX: Array<[string, unknown, boolean]> = [
  ["undefined", undefined, true],
  ["null", null, true],
  ["true", true, true],
  ["false", false, true],
  ["0", 0, true],
  ["-0", -0, true],
  ["int32 max", 2 ** 31 - 1, true],
  ["int32 min", -(2 ** 31), true],
  ["beyond int32", 2 ** 31, true],
  ["float", 3.141592653589793, true],
  ["NaN", NaN, true],
  ["Infinity", -Infinity, true],
  ["MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER, true],
  ["empty string", "", true],
  ["ascii", "hello", true],
  ["unicode", "héllo wörld ✓ 日本語 🧵", true],
  ["lone surrogate", "a\uD800b", true],
  ["long string", "x".repeat(1000), true],
  ["bigint", 12345678901234567890n, true],
  ["negative bigint", -(2n ** 100n), true],
  ["bigint 0", 0n, true],
  ["empty array", [], true],
  ["nested arrays", [1, [2, [3, "four"]], null], true],
  ["plain object", { a: 1, b: "two", c: [3], d: { e: null, f: undefined } }, true],
  ["integer-like keys keep their order", { 2: "b", 1: "a", x: "c" }, true],
  ["null-prototype object", nullProto, true],
  ["Uint8Array", new Uint8Array([1, 2, 255]), true],
  ["Float64Array", new Float64Array([1.5, -2, NaN]), true],
  ["BigInt64Array", new BigInt64Array([1n, -1n]), true],
  ["Uint8ClampedArray", new Uint8ClampedArray([0, 128, 255]), true],
  ["ArrayBuffer", new Uint16Array([1, 2, 3]).buffer, true],
  ["arguments of a call", [1, "a", { n: 2, u: new Float64Array(4) }], true],
  // The structured-clone path: shapes the fast encoding declines.
  ["sparse array", sparse, false],
  ["array with a named property", withProp, false],
  ["view on part of a buffer", offsetView, false],
  ["the same object twice", [shared, shared], false],
  ["a cycle", cyclic, false],
  ["own __proto__ key", protoKey, false],
  ["Map", new Map([[1, "a"]]), false],
  ["Set", new Set([1]), false],
  ["Date", new Date(0), false],
  ["RegExp", /x/g, false],
  ["Error", new TypeError("t"), false],
  ["class instance", new (class Point { x = 1 })(), false],
  ["boxed number", Object(1) as object, false],
  ["DataView", new DataView(new ArrayBuffer(4)), false],
  ["view on shared memory", new Int32Array(new SharedArrayBuffer(8)), false],
  ["too large for the slot", "y".repeat(5000), false],
];

describe("the shared-memory value encoding", () => {
  it.each(MATRIX)("%s: decodes exactly as structuredClone, or declines", (_label, value, fast) => {
    const out = roundTrip(value);
    expect(out !== undefined).toBe(fast);
    if (out) expect(out.value).toStrictEqual(structuredClone(value));
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
