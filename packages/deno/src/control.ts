/**
 * The one control message a worker started by this adapter sends to its
 * parent, next to comlink's own traffic. comlink ignores it: it has no `id`.
 */
export const CONTROL = "threadlab:control";

/** `expose()` has installed its message handler: calls may be sent now. */
export type ControlMessage = { [CONTROL]: "ready" };

export function controlOf(data: unknown): ControlMessage[typeof CONTROL] | undefined {
  return typeof data === "object" && data !== null && CONTROL in data
    ? (data as ControlMessage)[CONTROL]
    : undefined;
}
