import { exitOnce } from "./exit-once.ts";
import type { WorkerHandle } from "../pool/worker-host.ts";
import { jsonLinesEndpoint } from "./json-lines.ts";

/** How a child process ended: its exit code or the signal that killed it, or why it never started. */
export type ChildEnd = { code: number | null; signal: string | null } | { error: Error };

/**
 * What an adapter supplies about a child process it has spawned with its
 * runtime's API (node:child_process, Deno.Command, Bun.spawn), stdin and
 * stdout piped. Structural, so core imports no runtime module.
 */
export interface SpawnedChild {
  /** The lines the child writes to stdout (the JSON-lines protocol). */
  readonly lines: AsyncIterable<string>;
  /** Hands one line to the child's stdin. May throw once the pipe is gone. */
  write(line: string): void;
  /** Settles once the child is gone (for Node: its stdio closed too). Never rejects. */
  readonly ended: Promise<ChildEnd>;
  /** Ends it at once (SIGKILL). Called only while `ended` has not settled; a throw (it died meanwhile) is ignored. */
  kill(): void;
}

/**
 * A child process as the pool sees it, the same in every runtime: calls go
 * as JSON lines over its pipes (no memory is shared), its death is reported
 * once (a signal as an error, an exit as its code), and terminate() kills
 * it and resolves when it is gone. A write to a dead child's pipe is dropped:
 * its death arrives through `ended`.
 */
export function childProcessHandle(child: SpawnedChild): WorkerHandle {
  const exit = exitOnce();
  let gone = false;
  const { endpoint, receive } = jsonLinesEndpoint((line) => {
    if (gone || exit.exited) return;
    try {
      child.write(line);
    } catch {
      // the pipe is gone: reported through `ended`
    }
  });
  void (async () => {
    for await (const line of child.lines) receive(line);
  })().catch(() => {});
  const ended = child.ended.then((end) => {
    gone = true;
    if ("error" in end) exit.report({ error: end.error });
    else exit.report(end.signal ? { error: new Error(`killed by ${end.signal}`) } : { code: end.code ?? 0 });
  });
  return {
    endpoint,
    sharesMemory: false, // a pipe: every call travels by message
    async terminate() {
      exit.silence(); // asked for: not a crash
      if (!gone) {
        try {
          child.kill();
        } catch {
          // already gone
        }
      }
      await ended;
    },
    onExit: exit.onExit,
  };
}
