import { request } from "node:http";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { parseSse } from "../support/dashscope-fixture.js";

const SSE = { "X-DashScope-SSE": "enable" };

/**
 * App calls through a provider configured with `http2: true` (docs/configuration.md): chat
 * calls share one h2c connection to the model instead of a socket each, and every failure maps
 * as it does over HTTP/1.1. The fake model counts the connections (HTTP/2 sessions) it accepted.
 */
describe("model provider over HTTP/2", () => {
  let h2Model: FakeModelServer;
  let h1Model: FakeModelServer;
  let server: TestServer;
  let key: string;
  let h2App: string;
  let h1App: string;

  beforeAll(async () => {
    h2Model = await startFakeModelServer({ http2: true });
    h1Model = await startFakeModelServer();
    const providers = [
      { name: "h2-gateway", baseUrl: h2Model.url, models: ["h2-model"], http2: true },
      { name: "plain-server", baseUrl: h1Model.url, models: ["h1-model"] },
    ];
    server = await startTestServer({ env: { APPSTUDIO_PROVIDERS: JSON.stringify(providers) } });
    const token = server.adminToken;
    const workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token })).body.items[0].id;
    const publish = async (model: string) => {
      const created = await server.call("POST", "/manage/v1/apps", {
        token,
        body: { workspaceId, type: "agent", name: model, config: { model, instructions: "hi", dialogRounds: 0, tools: [] } },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token, body: {} })).status).toBe(200);
      return created.body.id as string;
    };
    h2App = await publish("h2-model");
    h1App = await publish("h1-model");
    key = (await server.call("POST", "/manage/v1/api-keys", { token, body: { workspaceId } })).body.secret;
  });
  afterAll(async () => {
    await server?.close();
    await h2Model?.close();
    await h1Model?.close();
  });

  const call = (app: string, prompt: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/apps/${app}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ input: { prompt }, parameters: { incremental_output: true } }),
    });
  const streamedText = (raw: string) =>
    parseSse(raw)
      .filter((e) => e.event === "result")
      .map((e) => e.data.output.text)
      .join("");

  it("answers JSON and SSE calls, the model seeing HTTP/2 requests", async () => {
    const json = await call(h2App, "json please");
    expect(json.status).toBe(200);
    expect((await json.json()).output.text).toBe("Echo: json please");

    const streamed = await call(h2App, "stream please", SSE);
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    expect(streamedText(text)).toBe("Echo: stream please");
    expect(parseSse(text).at(-1)?.data.output.finish_reason).toBe("stop");

    const recorded = h2Model.requests.filter((r) => r.path === "/v1/chat/completions").at(-1);
    expect(recorded?.headers[":method"]).toBe("POST");
    expect(recorded?.body.model).toBe("h2-model");
  });

  it("carries many concurrent calls over one connection", async () => {
    const before = h2Model.connectionCount;
    h2Model.setDefault({ chunks: 5, delayMs: 20 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const res = await call(h2App, `caller ${i}`, i % 2 ? SSE : {});
          expect(res.status).toBe(200);
          return i % 2 ? streamedText(await res.text()) : (await res.json()).output.text;
        }),
      );
      expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => `Echo: caller ${i}`));
    } finally {
      h2Model.setDefault({});
    }
    // The session of the first test is still open: not one more connection.
    expect(h2Model.connectionCount).toBe(before);
    expect(h2Model.openConnections).toBe(1);
  });

  it("passes the model's 429 and Retry-After on, for JSON and before a stream starts", async () => {
    for (const headers of [{}, SSE]) {
      h2Model.script({ status: 429, errorMessage: "slow down", errorHeaders: { "retry-after": "7" } });
      const res = await call(h2App, "hi", headers);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(await res.json()).toMatchObject({ code: "Throttling.RateQuota", message: "Requests rate limit exceeded, please try again later." });
    }
  });

  it("cancels the upstream stream of a caller that disconnects, and only that one", async () => {
    h2Model.setDefault({ text: "a b c d e f", chunks: 6, delayMs: 60 });
    try {
      const seen = h2Model.requests.length;
      const others = [call(h2App, "stays one", SSE), call(h2App, "stays two", SSE)];
      // A raw socket, closed by hand once the stream has started: a caller that gives up.
      const leaving = request(`${server.url}/api/v1/apps/${h2App}/completion`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...SSE },
      });
      leaving.on("error", () => undefined);
      leaving.on("response", (res) => res.once("data", () => leaving.destroy()));
      leaving.end(JSON.stringify({ input: { prompt: "leaves" } }));

      const aborted = await h2Model.waitForAbort(5_000);
      expect(h2Model.requests[aborted.requestIndex]?.body.messages?.at(-1)?.content).toBe("leaves");
      for (const res of await Promise.all(others)) {
        expect(res.status).toBe(200);
        expect(streamedText(await res.text())).toBe("a b c d e f");
      }
      expect(h2Model.requests.length).toBe(seen + 3);
      expect(h2Model.openConnections).toBe(1);
    } finally {
      h2Model.setDefault({});
    }
  });

  it("ends a stream cut off by the connection closing with the documented error, and the next call opens a new connection", async () => {
    const before = h2Model.connectionCount;
    h2Model.setDefault({ text: "one two three four five", chunks: 5, delayMs: 100 });
    try {
      const res = await call(h2App, "cut", SSE);
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      // The model server goes away mid-answer (GOAWAY, then the socket closes).
      h2Model.dropConnections();
      let rest = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
      const last = parseSse(rest).at(-1);
      expect(last?.event).toBe("error");
      expect(last?.data).toMatchObject({ code: "ModelServiceFailed", message: "Failed to request model service." });
    } finally {
      h2Model.setDefault({});
    }

    const next = await call(h2App, "after");
    expect(next.status).toBe(200);
    expect((await next.json()).output.text).toBe("Echo: after");
    expect(h2Model.connectionCount).toBe(before + 1);
  });

  it("leaves a provider without `http2` on HTTP/1.1", async () => {
    const res = await call(h1App, "old way", SSE);
    expect(res.status).toBe(200);
    expect(streamedText(await res.text())).toBe("Echo: old way");
    const recorded = h1Model.requests.at(-1);
    expect(recorded?.headers[":method"]).toBeUndefined();
    expect(recorded?.headers.connection).toBe("keep-alive");
  });

  it("refuses to start with an `http2` that is not true or false", () => {
    const providers = [{ name: "p", baseUrl: "http://127.0.0.1:1/v1", models: ["m"], http2: "yes" }];
    let problems: string[] = [];
    try {
      loadConfig({ APPSTUDIO_PROVIDERS: JSON.stringify(providers) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual(["providers[0].http2: expected true or false"]);
    const ok = loadConfig({ APPSTUDIO_PROVIDERS: JSON.stringify([{ ...providers[0], http2: true }]) });
    expect(ok.providers[0]).toMatchObject({ name: "p", http2: true });
  });
});
