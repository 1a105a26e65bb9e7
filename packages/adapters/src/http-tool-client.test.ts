import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetchToolHttpClient } from "./http-tool-client.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
    if (req.url === "/big") return void res.end("x".repeat(100_000));
    if (req.url === "/redirect") return void res.writeHead(302, { location: "http://example.invalid/" }).end();
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => res.writeHead(201).end(`${req.method} ${req.headers["content-type"]} ${body}`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const request = (path: string, over: object = {}) => ({
  method: "GET" as const,
  url: `${base}${path}`,
  headers: {},
  timeoutMs: 1000,
  signal: new AbortController().signal,
  ...over,
});

describe("createFetchToolHttpClient", () => {
  const client = createFetchToolHttpClient({ maxBodyBytes: 1000 });

  it("sends method, headers and body and resolves for any status", async () => {
    const res = await client.request(request("/echo", { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' }));
    expect(res).toEqual({ status: 201, body: 'POST application/json {"a":1}' });
  });

  it("caps the body it reads", async () => {
    expect((await client.request(request("/big"))).body).toHaveLength(1000);
  });

  it("does not follow redirects", async () => {
    expect((await client.request(request("/redirect"))).status).toBe(302);
  });

  it("rejects with a TimeoutError when the tool is too slow", async () => {
    await expect(client.request(request("/slow", { timeoutMs: 100 }))).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
