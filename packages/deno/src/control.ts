/**
 * Control messages a worker started by this adapter sends to its parent, next
 * to comlink's own traffic. comlink ignores them: they carry no `id`.
 */
export const CONTROL = "threadlab:control";

export type ControlMessage =
  /** `expose()` has installed its message handler: calls may be sent now. */
  | { [CONTROL]: "ready" }
  /** The worker is ending itself (`self.close()`, `Deno.exit()`, `process.exit()`). */
  | { [CONTROL]: "exit"; code?: number };

export function controlOf(data: unknown): ControlMessage[typeof CONTROL] | undefined {
  return typeof data === "object" && data !== null && CONTROL in data
    ? (data as ControlMessage)[CONTROL]
    : undefined;
}
