import type { ToolHttpClient, ToolHttpRequest, ToolHttpResponse } from "@appstudio/core";
import { checkLiteralHost, guardedLookup, type OutboundNetwork } from "./network-policy.js";
import { createNodeHttpFetch } from "./openai/node-http-fetch.js";

export interface FetchToolHttpClientOptions {
  /** Bytes of response body kept; the rest is dropped unread so a huge reply cannot fill memory. */
  maxBodyBytes?: number;
  /** For tests and proxies; defaults to node:http with the network policy applied. */
  fetch?: typeof fetch;
  /** Which addresses tools may reach; default `any` (the server passes its configured policy). */
  network?: OutboundNetwork;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * {@link ToolHttpClient} over node:http. Redirects are not followed: a tool URL that was
 * checked (http(s), and a public address under the `public` network policy) could otherwise
 * be bounced anywhere.
 */
export function createFetchToolHttpClient(options: FetchToolHttpClientOptions = {}): ToolHttpClient {
  const network = options.network ?? "any";
  const lookup = guardedLookup(network);
  const doFetch = options.fetch ?? createNodeHttpFetch(lookup ? { lookup } : {});
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async request(req: ToolHttpRequest): Promise<ToolHttpResponse> {
      checkLiteralHost(new URL(req.url), network);
      const signal = AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]);
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: req.method,
          headers: req.headers,
          signal,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
      } catch (e) {
        // node:http reports any abort as a plain AbortError; callers tell a timeout by its reason.
        throw signal.aborted ? signal.reason : e;
      }
      return { status: res.status, body: await readCapped(res, maxBodyBytes) };
    },
  };
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Cancelling releases the connection when we stopped before the end.
    await reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  return new TextDecoder().decode(bytes);
}
