import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { DELAY_PATH } from "./delay-path.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, precise timers). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Also answer `GET /__threadlab/delay?ms=N` with 200 after N ms (at most a
   * minute): real, slow I/O on the page's own origin, for async scenarios.
   */
  delayRoute?: boolean;
}

/**
 * Serves the files under `root` (and nothing else) on 127.0.0.1, on a free
 * port, with COOP/COEP/CORP so pages are cross-origin isolated.
 */
export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const base = await realpath(resolve(root));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = createServer((req, res) => {
    if (options.delayRoute && req.method === "GET" && req.url?.split("?", 1)[0] === DELAY_PATH) {
      const ms = Math.min(60_000, Math.max(0, Number(new URL(req.url, "http://x").searchParams.get("ms")) || 0));
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(200, { ...ISOLATION_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end(`${ms}\n`);
      }, ms);
      timers.add(timer);
      return;
    }
    handle(base, req, res).catch(() => send(res, 500, "internal error"));
  });
  // Keep-alive sockets would hold close() open; they are short-lived here anyway.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...ISOLATION_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  res.end(`${status} ${text}\n`);
}

/** Maps a request path to a file inside `base`, or the status that refuses it. */
export function resolveRequestPath(base: string, rawUrl: string): { file: string } | { status: 400 | 403 | 404 } {
  // Only origin-form paths: "/a/b?c". No absolute-form URLs, no backslashes, no NULs (raw or encoded).
  if (!rawUrl.startsWith("/") || rawUrl.startsWith("//") || /[\\\0]/.test(rawUrl)) return { status: 403 };
  const rawPath = rawUrl.split(/[?#]/, 1)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (/[\\\0]/.test(path) || path.includes("//")) return { status: 403 };
  const segments = path.split("/").slice(1);
  // Dot segments are refused outright, before and after decoding, rather than normalized.
  if (segments.some((s) => s === ".." || s === ".") || rawPath.split("/").some((s) => s === ".." || s === ".")) {
    return { status: 403 };
  }
  if (segments.some((s) => s.startsWith("."))) return { status: 404 }; // no dotfiles
  const file = join(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return { status: 403 };
  return { file };
}

async function handle(base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "method not allowed");
  }
  const target = resolveRequestPath(base, req.url ?? "");
  if ("status" in target) return send(res, target.status, target.status === 400 ? "bad request" : target.status === 403 ? "forbidden" : "not found");
  let file = target.file;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    // A symlink must not lead out of the folder either.
    const real = await realpath(file);
    if (real !== base && !real.startsWith(base + sep)) return send(res, 403, "forbidden");
    const info = await stat(real);
    if (!info.isFile()) return send(res, 404, "not found");
    res.writeHead(200, {
      ...ISOLATION_HEADERS,
      "Content-Type": TYPES[extname(real).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": String(info.size),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") return void res.end();
    createReadStream(real)
      .on("error", () => res.destroy())
      .pipe(res);
  } catch {
    send(res, 404, "not found");
  }
}
