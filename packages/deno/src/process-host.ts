/**
 * Preloaded (deno run --preload) in the child process of a pool with
 * isolation "process", before the pool's module runs as the main module: the
 * module's expose() then serves over stdin/stdout. Running the module as the
 * main module, not importing it, is what lets its whole import graph load
 * without read permissions.
 */
import { hostModule } from "@threadlab/core/pool";
import { readLines, writeLine } from "./child-stdio.ts";

// Read only once expose() has run: Deno runs a preload's pending work to its end before the main module starts.
hostModule(writeLine, (receive) => void readLines(receive));
