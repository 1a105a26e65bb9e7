import type { ServerResponse } from "node:http";

let open = 0;

/**
 * Counts an SSE response as open until its connection closes. A plain counter in the module, read
 * by the `appstudio_sse_streams_active` gauge at scrape time: the stream writers need no container.
 */
export function countOpenStream(response: ServerResponse): void {
  open++;
  response.once("close", () => {
    open--;
  });
}

export const openStreamCount = (): number => open;
