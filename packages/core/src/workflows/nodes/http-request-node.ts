import type { ToolHttpRequest } from "../../ports/tool-http-client.js";
import { toText } from "../variables.js";
import { type NodeDefinition, NodeFailure, type NodeSource } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface HttpRequestConfig {
  method: (typeof METHODS)[number];
  url: string;
  headers: Record<string, unknown>;
  query: Record<string, unknown>;
  bodyType: "none" | "json" | "text";
  body: string;
  /** Non-2xx answers fail the node (so its error policy applies); off: they are ordinary outputs. */
  failOnHttpError: boolean;
}

const HTTP_DEFAULT_TIMEOUT_MS = 30_000;

/** Calls an HTTP API: method, URL, headers, query and body templated; the answer parsed. */
export const httpRequestNode: NodeDefinition<HttpRequestConfig> = {
  type: "HttpRequest",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const url = r.string("url", { required: true, max: 4000 });
    if (url && !url.startsWith("{{") && !/^https?:\/\//i.test(url)) report("url", "must start with http:// or https://");
    const bodyType = r.oneOf("bodyType", ["none", "json", "text"] as const, "none");
    const body = r.string("body", { max: 1_000_000 });
    if (bodyType === "json" && body && !body.includes("{{")) {
      try {
        JSON.parse(body);
      } catch {
        report("body", "is not valid JSON");
      }
    }
    return {
      method: r.oneOf("method", METHODS, "GET"),
      url,
      headers: r.record("headers"),
      query: r.record("query"),
      bodyType,
      body,
      failOnHttpError: r.boolean("failOnHttpError", true),
    };
  },
  outputs: () => ({ status: "Number", body: "String", json: "Any" }),
  sources(config) {
    const sources: NodeSource[] = [{ field: "url", value: config.url }];
    for (const [k, v] of Object.entries(config.headers)) sources.push({ field: `headers.${k}`, value: v });
    for (const [k, v] of Object.entries(config.query)) sources.push({ field: `query.${k}`, value: v });
    if (config.bodyType !== "none") sources.push({ field: "body", value: config.body });
    return sources;
  },
  defaultTimeoutMs: HTTP_DEFAULT_TIMEOUT_MS,
  // The HTTP client times the request out itself and says so more precisely.
  timeoutSlackMs: 1_000,
  async run(ctx) {
    const { config, inputs } = ctx;
    let url: URL;
    try {
      url = new URL(toText(inputs.url));
    } catch {
      throw new NodeFailure("InvalidInput", `'${toText(inputs.url).slice(0, 200)}' is not an absolute URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new NodeFailure("InvalidInput", `refused to call a '${url.protocol}' URL; only http and https are allowed`);
    for (const k of Object.keys(config.query)) url.searchParams.set(k, toText(inputs[`query.${k}`]));
    const headers: Record<string, string> = {};
    for (const k of Object.keys(config.headers)) headers[k] = toText(inputs[`headers.${k}`]);
    const req: ToolHttpRequest = {
      method: config.method,
      url: url.toString(),
      headers,
      timeoutMs: ctx.timeoutMs ?? HTTP_DEFAULT_TIMEOUT_MS,
      signal: ctx.signal,
    };
    if (config.bodyType !== "none" && config.method !== "GET") {
      const body = toText(inputs.body);
      if (config.bodyType === "json") {
        try {
          JSON.parse(body);
        } catch {
          throw new NodeFailure("InvalidInput", `the JSON body is not valid JSON after filling in variables: ${body.slice(0, 200)}`);
        }
      }
      req.body = body;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
        headers["content-type"] = config.bodyType === "json" ? "application/json" : "text/plain; charset=utf-8";
    }
    let res: { status: number; body: string };
    try {
      res = await ctx.deps.toolClient.request(req);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const err = error as Error;
      if (err.name === "TimeoutError") throw new NodeFailure("Timeout", `no response from ${url.host} within ${req.timeoutMs} ms`);
      throw new NodeFailure("HttpError", `the request to ${url.host} failed: ${err.message || String(error)}`);
    }
    let json: unknown = null;
    try {
      json = JSON.parse(res.body);
    } catch {
      // not JSON: `json` stays null and `body` has the text
    }
    if (config.failOnHttpError && (res.status < 200 || res.status >= 300)) {
      throw new NodeFailure("HttpError", `${config.method} ${url.host}${url.pathname} answered HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    }
    return { outputs: { status: res.status, body: res.body, json } };
  },
};
