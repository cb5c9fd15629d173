import type { HttpHandler } from "./runtime-probe.ts";

/**
 * Core's service routes as a Web `fetch` handler: what Deno.serve and
 * Bun.serve take. A handler that throws answers 500 with its message.
 */
export function fetchHandler(handler: HttpHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    try {
      const { status, body } = await handler(url.pathname + url.search);
      return new Response(body, { status, headers: { "content-type": "application/json" } });
    } catch (error) {
      return new Response(error instanceof Error ? error.message : String(error), { status: 500 });
    }
  };
}
