/**
 * Values that cross between a pool and its workers, for tests in every
 * runtime: each must arrive exactly as `structuredClone` would deliver it,
 * whichever path (shared-memory slot or message) it takes. `fast` says which
 * path the shared-memory encoding should take for it.
 */
const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
const withProp = Object.assign([1, 2], { extra: true });
const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
const shared = { x: 1 };
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

export const VALUE_MATRIX: Array<[label: string, value: unknown, fast: boolean]> = [
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
  ["-Infinity", -Infinity, true],
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
  ["sparse array", sparse, false],
  ["array with a named property", withProp, false],
  ["view on part of a buffer", new Uint8Array(new ArrayBuffer(16), 4, 8), false],
  ["the same object twice", [shared, shared], false],
  ["a cycle", cyclic, false],
  ["Map", new Map<unknown, unknown>([[1, "a"], ["k", { v: 2 }]]), false],
  ["Set", new Set([1, "two"]), false],
  ["Date", new Date(0), false],
  ["RegExp", /x/g, false],
  ["boxed number", Object(1) as object, false],
  ["DataView", new DataView(new Uint8Array([1, 2, 3, 4]).buffer), false],
  ["large string", "y".repeat(64 * 1024), false],
];

/**
 * A canonical description of a value that two structured clones of the same
 * value share: types and classes, -0 and NaN, holes, key order, typed array
 * contents, and which references are the same object. Comparable across
 * runtimes and through a page, where a deep-equal assertion is not at hand.
 */
export function fingerprint(value: unknown): string {
  const seen = new Map<object, number>();
  const walk = (v: unknown): string => {
    if (v === undefined) return "undefined";
    if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : `n:${v}`;
    if (typeof v === "bigint") return `big:${v}`;
    if (typeof v === "string") return `s:${JSON.stringify(v)}:${[...v].length}:${v.length}:${/[\uD800-\uDFFF]/.test(v) ? [...v].map((c) => c.charCodeAt(0)).join(".") : ""}`;
    if (typeof v !== "object" || v === null) return `${typeof v}:${String(v)}`;
    const ref = seen.get(v);
    if (ref !== undefined) return `ref:${ref}`;
    seen.set(v, seen.size);
    const name = Object.prototype.toString.call(v);
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return `${name}[off ${v.byteOffset} of ${v.buffer.byteLength}](${Array.from(bytes).join(",")})`;
    }
    if (v instanceof ArrayBuffer) return `${name}(${Array.from(new Uint8Array(v)).join(",")})`;
    if (v instanceof Map) return `${name}{${[...v].map(([k, x]) => `${walk(k)}=>${walk(x)}`).join(",")}}`;
    if (v instanceof Set) return `${name}{${[...v].map(walk).join(",")}}`;
    if (v instanceof Date) return `${name}(${v.getTime()})`;
    if (v instanceof RegExp) return `${name}(${String(v)})`;
    if (Array.isArray(v)) {
      const items = Array.from({ length: v.length }, (_, i) => (i in v ? walk(v[i]) : "hole"));
      const extra = Object.keys(v).filter((k) => !/^\d+$/.test(k));
      return `${name}[${items.join(",")}]{${extra.map((k) => `${k}:${walk((v as unknown as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    const proto = Object.getPrototypeOf(v);
    const kind = proto === Object.prototype ? "Object" : proto === null ? "null-proto" : `${name}:${String((v as { valueOf(): unknown }).valueOf())}`;
    return `${kind}{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k])}`).join(",")}}`;
  };
  return walk(value);
}
