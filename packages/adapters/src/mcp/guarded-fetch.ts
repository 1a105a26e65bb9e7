import { checkLiteralHost, guardedLookup, type OutboundNetwork } from "../network-policy.js";
import { createNodeHttpFetch } from "../openai/node-http-fetch.js";

/**
 * A fetch for MCP transports that applies the outbound network policy to every request the
 * transport makes (the initialize POST, the SSE stream, the message endpoint an SSE server names,
 * redirects it follows), not only to the configured URL. Under `public` it gets its own
 * keep-alive pool with the vetting lookup, as HTTP tools do, so no unvetted socket is reused.
 */
export function createGuardedFetch(network: OutboundNetwork): typeof fetch {
  const lookup = guardedLookup(network);
  const nodeFetch = createNodeHttpFetch(lookup ? { lookup } : {});
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new TypeError(`refused to connect to a '${url.protocol}' URL; MCP services use http or https`);
    checkLiteralHost(url, network);
    return nodeFetch(input, init);
  };
  return guarded as typeof fetch;
}
