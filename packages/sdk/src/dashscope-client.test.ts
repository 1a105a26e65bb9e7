import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ConnectionError } from "./api-error.js";
import { DashScopeClient } from "./dashscope-client.js";

const APP = "5ccc140108fd4b2ea5e6101fbada7583";
const frame = (id: number, event: string, status: number, data: unknown) =>
  `id:${id}\nevent:${event}\n:HTTP_STATUS/${status}\ndata:${JSON.stringify(data)}\n\n`;
const envelope = (text: string, finish: string) => ({ output: { text, finish_reason: finish, session_id: "s".repeat(32) }, usage: {}, request_id: "r-1" });

let server: Server;
let baseUrl: string;
const seen: { headers: IncomingMessage["headers"]; body: unknown }[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string) {
  seen.push({ headers: req.headers, body: JSON.parse(body) });
  const prompt = (JSON.parse(body) as { input: { prompt: string } }).input.prompt;
  if (req.headers.authorization !== "Bearer sk-good") {
    res
      .writeHead(401, { "content-type": "application/json" })
      .end(JSON.stringify({ code: "InvalidApiKey", message: "Invalid API-key provided.", request_id: "r-401" }));
    return;
  }
  if (req.headers["x-dashscope-sse"] !== "enable") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(envelope("whole answer", "stop")));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream;charset=UTF-8" });
  if (prompt === "fail") {
    res.write(frame(1, "result", 200, envelope("par", "null")));
    res.end(frame(2, "error", 500, { code: "ModelServiceFailed", message: "upstream broke", request_id: "r-500" }));
    return;
  }
  // Deliberately awkward chunking: a frame split in the middle of its JSON.
  const all =
    frame(1, "result", 200, envelope("Hel", "null")) + frame(2, "result", 200, envelope("lo", "null")) + frame(3, "result", 200, envelope("", "stop"));
  res.write(all.slice(0, 50));
  setTimeout(() => res.end(all.slice(50)), 5);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/v1/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("DashScopeClient", () => {
  it("streams result events until finish_reason stop, sending the DashScope headers", async () => {
    const client = new DashScopeClient({ baseUrl, apiKey: "sk-good", workspaceId: "ws-aaaaaaaaaaaaaaaa" });
    const texts: string[] = [];
    for await (const chunk of client.stream(APP, { input: { prompt: "hi" }, parameters: { incremental_output: true } })) texts.push(chunk.output.text);
    expect(texts).toEqual(["Hel", "lo", ""]);
    const last = seen.at(-1);
    expect(last?.headers["x-dashscope-sse"]).toBe("enable");
    expect(last?.headers["x-dashscope-workspace"]).toBe("ws-aaaaaaaaaaaaaaaa");
    expect(last?.body).toEqual({ input: { prompt: "hi" }, parameters: { incremental_output: true } });
  });

  it("throws a mid-stream event:error as ApiError with the status of its HTTP_STATUS line", async () => {
    const client = new DashScopeClient({ baseUrl, apiKey: "sk-good" });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of client.stream(APP, { input: { prompt: "fail" } })) texts.push(chunk.output.text);
    })().catch((e: unknown) => e);
    expect(texts).toEqual(["par"]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, code: "ModelServiceFailed", message: "upstream broke", requestId: "r-500" });
  });

  it("throws errors answered before the stream as ApiError, and returns JSON without SSE", async () => {
    const bad = new DashScopeClient({ baseUrl, apiKey: "sk-bad" });
    await expect(bad.completion(APP, { input: { prompt: "x" } })).rejects.toMatchObject({ status: 401, code: "InvalidApiKey", requestId: "r-401" });
    await expect(bad.stream(APP, { input: { prompt: "x" } }).next()).rejects.toMatchObject({ status: 401, code: "InvalidApiKey" });
    const good = new DashScopeClient({ baseUrl, apiKey: "sk-good" });
    expect((await good.completion(APP, { input: { prompt: "x" } })).output.text).toBe("whole answer");
  });

  it("reports an unreachable server as ConnectionError", async () => {
    // A port that was just free (port 1 would be refused by fetch itself as a "bad port").
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const port = typeof address === "object" && address ? address.port : 0;
    const client = new DashScopeClient({ baseUrl: `http://127.0.0.1:${port}/api/v1`, apiKey: "sk-good" });
    await expect(client.completion(APP, { input: { prompt: "x" } })).rejects.toBeInstanceOf(ConnectionError);
    await expect(client.completion(APP, { input: { prompt: "x" } })).rejects.toMatchObject({ reason: "ECONNREFUSED" });
  });
});
