/** Values marked with `transfer()`, and what moves with them. */
const marked = new WeakMap<object, Transferable[]>();

/**
 * Marks `value` so that `transferables` move to the other side instead of
 * being copied (as `postMessage`'s transfer list does). Returns `value`.
 * A marked argument always travels by message; a marked result may be
 * copied through shared memory instead when it is small, which the caller
 * cannot tell apart.
 */
export function transfer<T>(value: T, transferables: Transferable[]): T {
  if (typeof value === "object" && value !== null) marked.set(value, transferables);
  return value;
}

export function transferablesOf(value: unknown): Transferable[] | undefined {
  return typeof value === "object" && value !== null ? marked.get(value) : undefined;
}
