import { serve, type ServeOptions } from "../channel/serve.ts";
import { TYPED_BY_NAME } from "../channel/typed-arrays.ts";
import type { Endpoint } from "../pool/worker-host.ts";

/*
 * Child processes talk to their parent through pipes, not postMessage, so
 * the pool's messages travel as one JSON document per line. Binary data
 * (ArrayBuffer, typed arrays: bitmaps, vectors) is tagged and base64-encoded;
 * transfer lists mean nothing across a pipe and are ignored.
 */

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeLine(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof ArrayBuffer) return { $ab: toBase64(new Uint8Array(value)) };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const view = value as unknown as { constructor: { name: string }; buffer: ArrayBuffer; byteOffset: number; byteLength: number };
      return { $ta: view.constructor.name, b64: toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
    }
    return value;
  });
}

export function decodeLine(line: string): unknown {
  return JSON.parse(line, (_key, value: unknown) => {
    if (value && typeof value === "object") {
      const v = value as { $ab?: string; $ta?: string; b64?: string };
      if (typeof v.$ab === "string") return fromBase64(v.$ab).buffer;
      if (typeof v.$ta === "string" && typeof v.b64 === "string" && Object.hasOwn(TYPED_BY_NAME, v.$ta)) {
        const bytes = fromBase64(v.b64);
        const Ctor = TYPED_BY_NAME[v.$ta]!;
        return new Ctor(bytes.buffer as ArrayBuffer);
      }
    }
    return value;
  });
}

type Listener = (event: { data: unknown }) => void;

/** An endpoint whose outgoing messages are lines handed to `write`; feed incoming lines to `receive`. */
export function jsonLinesEndpoint(write: (line: string) => void): { endpoint: Endpoint; receive(line: string): void } {
  const listeners = new Set<Listener>();
  const endpoint = {
    postMessage: (message: unknown) => write(`${encodeLine(message)}\n`),
    addEventListener: (_type: string, listener: Listener) => listeners.add(listener),
    removeEventListener: (_type: string, listener: Listener) => listeners.delete(listener),
  } as unknown as Endpoint;
  return {
    endpoint,
    receive(line: string) {
      if (!line.trim()) return;
      const data = decodeLine(line);
      for (const l of [...listeners]) l({ data });
    },
  };
}

/** The child's side: serves `api` over lines; feed each line read from stdin to `receive`. */
export function serveJsonLines(api: object, write: (line: string) => void, options: ServeOptions = {}): { receive(line: string): void } {
  const { endpoint, receive } = jsonLinesEndpoint(write);
  serve(api, endpoint, options);
  return { receive };
}
