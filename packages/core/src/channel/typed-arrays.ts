/** The typed array classes that structured clone knows, in a fixed order (the shared-memory codec stores the index). */
export const TYPED_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

export type TypedArrayCtor = new (buffer: ArrayBuffer) => ArrayBufferView;

/** The same classes by name (the JSON-lines encoding stores the name). */
export const TYPED_BY_NAME: Record<string, TypedArrayCtor> = Object.fromEntries(
  TYPED_ARRAYS.map((C) => [C.name, C as unknown as TypedArrayCtor]),
);
