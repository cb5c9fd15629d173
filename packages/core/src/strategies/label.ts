import type { RowName } from "./types.ts";

/** The label of a strategy with a count or variant: `workers(2)`, `interleaved(messageChannel)`. */
export const countedLabel =
  (name: string) =>
  ({ threads, variant }: RowName): string =>
    `${name}(${variant ?? threads})`;
