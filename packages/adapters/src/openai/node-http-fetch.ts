import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/**
 * A `fetch` for the OpenAI SDK built on node:http. Node 20's built-in fetch sends a POST's
 * headers and body in separate writes; under concurrency the second write waits on TCP
 * delayed acknowledgements, which measured here as ~4 ms per call and a 5x throughput loss
 * on loopback (bench/app-completion.ts). Keep-alive agents with Nagle off avoid both.
 *
 * Covers what the SDK uses: method, headers, a string or byte body, an AbortSignal, and a
 * streamed response body.
 */
const newAgents = () => ({
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
});
type Agents = ReturnType<typeof newAgents>;
const sharedAgents = newAgents();

type Lookup = NonNullable<Parameters<typeof httpRequest>[1]>["lookup"];

/**
 * A fetch over node:http; `lookup` lets a caller vet the addresses it connects to. Such a caller
 * gets its own connection pool: an agent reuses idle sockets by host and port alone, so a shared
 * pool would hand a vetted caller a socket an unvetted one opened, and no lookup would run.
 */
export function createNodeHttpFetch(options: { lookup?: Lookup } = {}) {
  const agents = options.lookup ? newAgents() : sharedAgents;
  return (input: string | URL | Request, init: RequestInit = {}) => nodeFetch(input, init, options.lookup, agents);
}

export const nodeHttpFetch = createNodeHttpFetch();

const nodeFetch = async (input: string | URL | Request, init: RequestInit, lookup: Lookup | undefined, agents: Agents): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body = await bodyBytes(init.body);
  if (body !== undefined) headers["content-length"] = String(body.byteLength);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) throw new TypeError(`unsupported protocol ${url.protocol}`);

  return new Promise<Response>((resolve, reject) => {
    const req = send(
      url,
      { method: init.method ?? "GET", headers, agent, ...(signal ? { signal } : {}), ...(lookup ? { lookup } : {}) },
      (res: IncomingMessage) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
          else if (value !== undefined) responseHeaders.set(name, value);
        }
        const status = res.statusCode ?? 502;
        const nullBody = status === 204 || status === 304 || init.method === "HEAD";
        if (nullBody) res.resume();
        resolve(
          new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? "",
            headers: responseHeaders,
          }),
        );
      },
    );
    req.on("socket", (socket) => socket.setNoDelay(true));
    req.on("error", reject);
    req.end(body);
  });
};

async function bodyBytes(body: RequestInit["body"]): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await new Response(body).arrayBuffer());
}
