import * as v from "valibot";

/** Every runtime threadlab runs in, in the order runs and reports list them. */
export const RUNTIME_NAMES = ["node", "deno", "bun", "chromium"] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** A runtime's name, with the message a user sees for any other. */
export const RuntimeNameSchema = v.picklist(RUNTIME_NAMES, (issue) => `unknown runtime ${JSON.stringify(issue.input)} (known: ${RUNTIME_NAMES.join(", ")})`);

/** A runtime's place in listings: core's order, then any name it does not know. */
export function runtimeRank(name: string): number {
  const i = (RUNTIME_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? RUNTIME_NAMES.length : i;
}
