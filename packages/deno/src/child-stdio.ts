/** A Deno child process's side of the JSON-lines pipes (stdout carries nothing else). */
import { linesOf } from "@threadlab/core";

const encoder = new TextEncoder();

/** Writes the whole line, in order: a pipe may take a large one in several writes. */
export function writeLine(line: string): void {
  let bytes = encoder.encode(line);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
}

/** Hands every line of stdin to `receive`, then exits: stdin closed means the parent is gone or done with us. */
export async function readLines(receive: (line: string) => void): Promise<never> {
  for await (const line of linesOf(Deno.stdin.readable)) receive(line);
  Deno.exit(0);
}
