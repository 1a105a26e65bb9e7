import type { ToolHttpClient, ToolHttpRequest, ToolHttpResponse } from "@appstudio/core";

export interface FetchToolHttpClientOptions {
  /** Bytes of response body kept; the rest is dropped unread so a huge reply cannot fill memory. */
  maxBodyBytes?: number;
  /** For tests and proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * {@link ToolHttpClient} over the global fetch. Redirects are not followed: a tool URL that
 * was checked to be http(s) could otherwise be bounced anywhere.
 */
export function createFetchToolHttpClient(options: FetchToolHttpClientOptions = {}): ToolHttpClient {
  const doFetch = options.fetch ?? fetch;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async request(req: ToolHttpRequest): Promise<ToolHttpResponse> {
      const signal = AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]);
      const res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        redirect: "manual",
        signal,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
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
