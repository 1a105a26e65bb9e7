import type { McpCallResult, McpConnection, McpConnector, McpTarget, McpToolInfo } from "@appstudio/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { OutboundNetwork } from "../network-policy.js";
import { createGuardedFetch } from "./guarded-fetch.js";

export interface SdkMcpConnectorOptions {
  /** Which addresses MCP services may be at; the server passes its outbound network policy. */
  network: OutboundNetwork;
  /** For tests; defaults to node:http with the network policy applied. */
  fetch?: typeof fetch;
}

/** Tool listings are paged; a server that never stops paging is cut off here. */
const MAX_TOOL_PAGES = 20;
/** Ending a streamable-HTTP session is a courtesy; a dead server must not hold the turn up. */
const TERMINATE_WAIT_MS = 2000;

const CLIENT_INFO = { name: "appstudio", version: "0.1.0" };

/** {@link McpConnector} over `@modelcontextprotocol/sdk`'s client and its HTTP transports. */
export function createSdkMcpConnector(options: SdkMcpConnectorOptions): McpConnector {
  const guardedFetch = options.fetch ?? createGuardedFetch(options.network);
  return {
    async connect(target: McpTarget, signal: AbortSignal): Promise<McpConnection> {
      const url = new URL(target.url);
      const requestInit: RequestInit = { headers: target.headers };
      const transport =
        target.transport === "sse"
          ? new SSEClientTransport(url, { fetch: guardedFetch, requestInit })
          : new StreamableHTTPClientTransport(url, { fetch: guardedFetch, requestInit, reconnectionOptions: NO_RECONNECT });
      const client = new Client(CLIENT_INFO, { capabilities: {} });
      // Errors of background streams arrive here; the request that suffers from them reports them.
      client.onerror = () => {};
      const close = async () => {
        if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) {
          await bounded(transport.terminateSession(), TERMINATE_WAIT_MS).catch(() => {});
        }
        await client.close().catch(() => {});
      };
      try {
        // The SSE transport's start waits for the server's endpoint event with no timeout of its own.
        await bounded(client.connect(transport, { signal: AbortSignal.any([signal]), timeout: target.timeoutMs }), target.timeoutMs, signal);
      } catch (e) {
        await close();
        throw plainError(e, "could not connect");
      }
      // A child signal per request: the SDK leaves its abort listener on the signal it is given.
      const requestOptions = (s: AbortSignal) => ({ signal: AbortSignal.any([s]), timeout: target.timeoutMs });
      return {
        async listTools(s) {
          const tools: McpToolInfo[] = [];
          let cursor: string | undefined;
          try {
            for (let page = 0; page < MAX_TOOL_PAGES; page++) {
              const listed = await client.listTools(cursor ? { cursor } : {}, requestOptions(s));
              for (const t of listed.tools)
                tools.push({ name: t.name, description: t.description ?? "", inputSchema: t.inputSchema as Record<string, unknown> });
              cursor = listed.nextCursor;
              if (!cursor) break;
            }
          } catch (e) {
            throw plainError(e, "could not list tools");
          }
          return tools;
        },
        async callTool(name, args, s): Promise<McpCallResult> {
          try {
            const result = await client.callTool({ name, arguments: args }, undefined, requestOptions(s));
            return toCallResult(result);
          } catch (e) {
            throw plainError(e, `tool '${name}' failed`);
          }
        },
        close,
      };
    },
  };
}

const NO_RECONNECT = { maxReconnectionDelay: 1000, initialReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1, maxRetries: 0 };

/** Text content joined; other content named, so the model knows something was there. */
function toCallResult(result: Record<string, unknown>): McpCallResult {
  const content = Array.isArray(result.content) ? (result.content as Record<string, unknown>[]) : [];
  const parts = content.map((c) => {
    if (c.type === "text") return String(c.text ?? "");
    if (c.type === "resource") {
      const resource = (c.resource ?? {}) as Record<string, unknown>;
      return typeof resource.text === "string" ? resource.text : `[resource ${String(resource.uri ?? "")}]`;
    }
    if (c.type === "resource_link") return `[resource ${String(c.uri ?? "")}]`;
    return `[${String(c.type)} ${String(c.mimeType ?? "")}]`.replace(/ \]$/, "]");
  });
  // Servers of the 2024 protocol may answer with `toolResult` instead of content.
  const text = parts.length > 0 ? parts.join("\n") : "toolResult" in result ? JSON.stringify(result.toolResult) : "";
  return {
    text,
    isError: result.isError === true,
    ...(result.structuredContent !== undefined ? { structured: result.structuredContent } : {}),
  };
}

/** The SDK's timeout and abort errors become a `TimeoutError`; everything else keeps its message. */
function plainError(e: unknown, doing: string): Error {
  if (e instanceof Error && e.name === "TimeoutError") return e;
  if (e instanceof McpError && e.code === ErrorCode.RequestTimeout) return timeoutError();
  const message = e instanceof Error ? e.message : String(e);
  const cause = e instanceof Error && e.cause instanceof Error && !message.includes(e.cause.message) ? `: ${e.cause.message}` : "";
  // The transports' HTTP errors carry the status as `code` (JSON-RPC codes are negative).
  const code = (e as { code?: unknown }).code;
  const status = typeof code === "number" && code >= 100 && code < 600 && !message.includes(String(code)) ? ` (HTTP ${code})` : "";
  return new Error(`${doing}: ${message.replace(/:\s*$/, "")}${status}${cause}`);
}

const timeoutError = () => Object.assign(new Error("The MCP server did not answer in time."), { name: "TimeoutError" });

/** Rejects with a `TimeoutError` after `ms`, or with the abort reason when `signal` aborts. */
function bounded<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError()), ms);
    timer.unref?.();
    const onAbort = () => reject(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  });
}
