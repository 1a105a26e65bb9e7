import { request } from "node:http";
import { Readable } from "node:stream";

/**
 * A `fetch` that sends every request to the URL's address but with the given Host header
 * (fetch will not let a caller set Host), streaming the answer. It lets real clients (the MCP
 * SDK) reach a workspace-dedicated host such as `ws-….local.localhost` on 127.0.0.1.
 */
export function fetchWithHost(host: string): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    headers.host = host;
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? "GET", headers, signal: init.signal ?? undefined }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") responseHeaders.set(name, value);
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304;
        resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status, headers: responseHeaders }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }) as typeof fetch;
}
