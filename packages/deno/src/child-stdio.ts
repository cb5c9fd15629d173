/** A Deno child process's side of the JSON-lines pipes (stdout carries nothing else). */
import { linesOf } from "@threadlab/core/pool";

const encoder = new TextEncoder();

/** Writes all of `text`, in order: a pipe may take a large text in several writes. */
export function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}

/** One line to the parent on stdout. */
export function writeLine(line: string): void {
  writeAll(Deno.stdout, line);
}

/** Hands every line of stdin to `receive`, then exits: stdin closed means the parent is gone or done with us. */
export async function readLines(receive: (line: string) => void): Promise<never> {
  for await (const line of linesOf(Deno.stdin.readable)) receive(line);
  Deno.exit(0);
}
