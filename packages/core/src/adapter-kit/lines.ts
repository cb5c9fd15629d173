/** Splits a text stream into lines (without their "\n"); scans each chunk once, so long lines stay cheap. */
export function lineStream(): TransformStream<string, string> {
  let parts: string[] = [];
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      let start = 0;
      for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", start)) {
        parts.push(chunk.slice(start, i));
        controller.enqueue(parts.join(""));
        parts = [];
        start = i + 1;
      }
      if (start < chunk.length) parts.push(chunk.slice(start));
    },
    flush(controller) {
      if (parts.length > 0) controller.enqueue(parts.join(""));
    },
  });
}

/** The lines of a byte stream (UTF-8). */
export function linesOf(stream: ReadableStream<Uint8Array>): ReadableStream<string> {
  return stream.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).pipeThrough(lineStream());
}
