/*
 * The fast encoding of call arguments and results inside a shared slot.
 *
 * It covers the shapes most calls carry (numbers, strings, booleans, null,
 * undefined, BigInt, dense plain arrays and plain objects of those, typed
 * arrays and ArrayBuffers, copied) and decodes them exactly as
 * `structuredClone` would. Anything else, or anything that does not fit,
 * makes `encode` return false and the caller sends the value by `postMessage`,
 * which is structured clone itself: so the semantics never depend on the path.
 */

import { TYPED_ARRAYS, type TypedArrayCtor } from "./typed-arrays.ts";

const enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Int32 = 4,
  Float64 = 5,
  String = 6,
  BigInt = 7,
  Array = 8,
  Object = 9,
  Typed = 10,
  Buffer = 11,
}

/** Typed array classes by tag byte; a subclass or anything else falls back to structured clone. */
const TYPED = TYPED_ARRAYS as unknown as TypedArrayCtor[];
const TYPED_PROTOS = TYPED.map((C) => C.prototype as object);

/** A view on one region of shared memory, with a cursor. */
export class Cursor {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  readonly u16: Uint16Array;
  pos = 0;
  end = 0;
  /** Objects encoded so far in this value: a short list, searched linearly, reused from call to call. */
  readonly seen: object[] = [];

  constructor(buffer: ArrayBufferLike, byteOffset: number, byteLength: number) {
    this.u8 = new Uint8Array(buffer, byteOffset, byteLength);
    this.dv = new DataView(buffer, byteOffset, byteLength);
    // Strings are copied as UTF-16 code units: exact for lone surrogates too, where UTF-8 would not be.
    this.u16 = new Uint16Array(buffer, byteOffset, byteLength >> 1);
  }

  /** Starts writing at `pos`, never past `end`. */
  reset(pos: number, end: number): this {
    this.pos = pos;
    this.end = end;
    this.seen.length = 0;
    return this;
  }
}

/** Encodes `value` at `c.pos`; returns false (cursor garbage) when it is not a fast shape or does not fit. */
export function encode(c: Cursor, value: unknown): boolean {
  switch (typeof value) {
    case "number":
      if ((value | 0) === value && !Object.is(value, -0)) {
        if (c.pos + 5 > c.end) return false;
        c.u8[c.pos] = Tag.Int32;
        c.dv.setInt32(c.pos + 1, value, true);
        c.pos += 5;
      } else {
        if (c.pos + 9 > c.end) return false;
        c.u8[c.pos] = Tag.Float64;
        c.dv.setFloat64(c.pos + 1, value, true);
        c.pos += 9;
      }
      return true;
    case "string":
      return encodeString(c, Tag.String, value);
    case "boolean":
      return byte(c, value ? Tag.True : Tag.False);
    case "undefined":
      return byte(c, Tag.Undefined);
    case "bigint":
      return encodeString(c, Tag.BigInt, value.toString(16));
    case "object":
      if (value === null) return byte(c, Tag.Null);
      return encodeObject(c, value);
    default:
      return false; // functions and symbols: structured clone refuses them, and says so
  }
}

function byte(c: Cursor, tag: number): boolean {
  if (c.pos >= c.end) return false;
  c.u8[c.pos++] = tag;
  return true;
}

function encodeString(c: Cursor, tag: number, s: string): boolean {
  const n = s.length;
  // tag, 4-byte length, then code units at an even offset
  let at = c.pos + 5;
  at += at & 1;
  if (at + 2 * n > c.end) return false;
  c.u8[c.pos] = tag;
  c.dv.setUint32(c.pos + 1, n, true);
  const u16 = c.u16;
  const base = at >> 1;
  for (let i = 0; i < n; i++) u16[base + i] = s.charCodeAt(i);
  c.pos = at + 2 * n;
  return true;
}

function encodeObject(c: Cursor, value: object): boolean {
  // Structured clone keeps shared references and cycles; this encoding would duplicate them, so it declines.
  // Past a few dozen objects the linear search would cost more than structured clone: decline too.
  const seen = c.seen;
  if (seen.length >= 64 || seen.includes(value)) return false;
  seen.push(value);
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const a = value as unknown[];
    const n = a.length;
    if (c.pos + 5 + n > c.end) return false;
    // Holes and extra named properties survive structured clone; only dense, plain arrays come here.
    if (Object.keys(a).length !== n) return false;
    c.u8[c.pos] = Tag.Array;
    c.dv.setUint32(c.pos + 1, n, true);
    c.pos += 5;
    for (let i = 0; i < n; i++) if (!encode(c, a[i])) return false;
    return true;
  }
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(value);
    if (c.pos + 5 > c.end) return false;
    c.u8[c.pos] = Tag.Object;
    c.dv.setUint32(c.pos + 1, keys.length, true);
    c.pos += 5;
    for (const k of keys) {
      if (k === "__proto__") return false; // an own "__proto__" would become the prototype on assignment
      if (!encodeString(c, Tag.String, k)) return false;
      if (!encode(c, (value as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  if (ArrayBuffer.isView(value)) {
    const kind = TYPED_PROTOS.indexOf(proto as object);
    if (kind < 0) return false; // DataView, Float16Array, subclasses
    const buffer = value.buffer;
    // Structured clone copies the whole underlying buffer and keeps the offset; only whole-buffer views come here.
    if (!(buffer instanceof ArrayBuffer) || value.byteOffset !== 0 || value.byteLength !== buffer.byteLength) return false;
    if (seen.includes(buffer)) return false;
    seen.push(buffer);
    return encodeBytes(c, Tag.Typed, kind, buffer);
  }
  if (proto === ArrayBuffer.prototype) return encodeBytes(c, Tag.Buffer, 0, value as ArrayBuffer);
  return false;
}

function encodeBytes(c: Cursor, tag: number, kind: number, buffer: ArrayBuffer): boolean {
  if ((buffer as { resizable?: boolean }).resizable) return false;
  const n = buffer.byteLength;
  let at = c.pos + 6;
  at += (8 - (at & 7)) & 7; // aligned, so a decoder could view it in place
  if (at + n > c.end) return false;
  c.u8[c.pos] = tag;
  c.u8[c.pos + 1] = kind;
  c.dv.setUint32(c.pos + 2, n, true);
  c.u8.set(new Uint8Array(buffer), at);
  c.pos = at + n;
  return true;
}

/** Decodes one value at `c.pos`. */
export function decode(c: Cursor): unknown {
  const tag = c.u8[c.pos]!;
  switch (tag) {
    case Tag.Undefined:
      c.pos++;
      return undefined;
    case Tag.Null:
      c.pos++;
      return null;
    case Tag.False:
      c.pos++;
      return false;
    case Tag.True:
      c.pos++;
      return true;
    case Tag.Int32: {
      const v = c.dv.getInt32(c.pos + 1, true);
      c.pos += 5;
      return v;
    }
    case Tag.Float64: {
      const v = c.dv.getFloat64(c.pos + 1, true);
      c.pos += 9;
      return v;
    }
    case Tag.String:
      return decodeString(c);
    case Tag.BigInt: {
      const hex = decodeString(c);
      return hex[0] === "-" ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
    }
    case Tag.Array: {
      const n = c.dv.getUint32(c.pos + 1, true);
      c.pos += 5;
      const a = new Array(n);
      for (let i = 0; i < n; i++) a[i] = decode(c);
      return a;
    }
    case Tag.Object: {
      const n = c.dv.getUint32(c.pos + 1, true);
      c.pos += 5;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = decodeString(c);
        o[k] = decode(c);
      }
      return o;
    }
    case Tag.Typed:
    case Tag.Buffer: {
      const kind = c.u8[c.pos + 1]!;
      const n = c.dv.getUint32(c.pos + 2, true);
      let at = c.pos + 6;
      at += (8 - (at & 7)) & 7;
      const buffer = new ArrayBuffer(n);
      new Uint8Array(buffer).set(c.u8.subarray(at, at + n));
      c.pos = at + n;
      return tag === Tag.Buffer ? buffer : new TYPED[kind]!(buffer);
    }
    default:
      throw new Error(`threadlab channel: corrupt slot (tag ${tag} at ${c.pos})`);
  }
}

const SHORT = 64;
const SHORT_UNITS: number[] = [];

function decodeString(c: Cursor): string {
  const n = c.dv.getUint32(c.pos + 1, true);
  let at = c.pos + 5;
  at += at & 1;
  const base = at >> 1;
  const u16 = c.u16;
  let s: string;
  if (n <= SHORT) {
    // One string, not a chain of concatenations: copy the units into a reused list first.
    const units = SHORT_UNITS;
    units.length = n;
    for (let i = 0; i < n; i++) units[i] = u16[base + i]!;
    s = String.fromCharCode.apply(null, units);
  } else {
    // Chunks keep the argument count of fromCharCode.apply far from engine limits.
    const parts: string[] = [];
    for (let i = 0; i < n; i += 4096) {
      parts.push(String.fromCharCode.apply(null, u16.subarray(base + i, base + Math.min(n, i + 4096)) as unknown as number[]));
    }
    s = parts.join("");
  }
  c.pos = at + 2 * n;
  return s;
}
