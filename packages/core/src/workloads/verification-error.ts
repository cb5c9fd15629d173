/** A workload produced an answer that differs from the published one. */
export class VerificationError extends Error {
  override name = "VerificationError";
  constructor(readonly workload: string, readonly expected: string, readonly actual: string) {
    super(`${workload}: output does not match the known answer (expected ${expected}, got ${actual})`);
  }
}
