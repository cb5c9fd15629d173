import type { RowName } from "./types.ts";

/** A strategy with a thread count keeps a timeline of its widest count only: one run shows how calls spread, and each traced run costs a warm-up's records. */
export const widestOnly = ({ threads }: RowName, widest: number): boolean => threads === widest;
