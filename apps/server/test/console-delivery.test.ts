import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";

const IMMUTABLE = "public, max-age=31536000, immutable";
const SCRIPT = `export const greeting = ${JSON.stringify("hello ".repeat(200))};\n`;
const PAGE = '<!doctype html><title>console</title><script type="module" src="/assets/app-abc123.js"></script>';

/** A GET over plain node:http, which (unlike fetch) leaves the body as sent, compressed or not. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    request(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** Writes a file with the .br and .gz siblings the console build writes. */
function writePrecompressed(file: string, text: string) {
  writeFileSync(file, text);
  writeFileSync(`${file}.br`, brotliCompressSync(text));
  writeFileSync(`${file}.gz`, gzipSync(text));
}

describe("console delivery: precompressed files and cache headers", () => {
  let server: TestServer;
  let consoleDir: string;
  const get = (path: string, headers?: Record<string, string>) => rawGet(server.url, path, headers);

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), "appstudio-console-"));
    mkdirSync(join(consoleDir, "assets"));
    writePrecompressed(join(consoleDir, "index.html"), PAGE);
    writePrecompressed(join(consoleDir, "assets/app-abc123.js"), SCRIPT);
    writeFileSync(join(consoleDir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    server = await startTestServer({ env: { APPSTUDIO_CONSOLE_DIR: consoleDir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it("sends the brotli file to clients that accept br, with the original's content type", async () => {
    const res = await get("/assets/app-abc123.js", { "accept-encoding": "gzip, deflate, br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it("sends the gzip file to clients that accept only gzip", async () => {
    const res = await get("/assets/app-abc123.js", { "accept-encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it("sends the file itself to clients that accept no compression", async () => {
    for (const headers of [{}, { "accept-encoding": "identity" }] as Record<string, string>[]) {
      const res = await get("/assets/app-abc123.js", headers);
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.toString()).toBe(SCRIPT);
    }
  });

  it("lets browsers keep hashed assets for good, whatever the encoding", async () => {
    for (const encoding of ["br", "gzip", "identity"]) {
      const res = await get("/assets/app-abc123.js", { "accept-encoding": encoding });
      expect(res.headers["cache-control"], encoding).toBe(IMMUTABLE);
    }
  });

  it("has the page revalidated on every use, also when served for a deep link, and keeps the console CSP", async () => {
    for (const path of ["/", "/index.html", "/apps/some-app/edit"]) {
      const res = await get(path, { "accept-encoding": "br" });
      expect(res.status, path).toBe(200);
      expect(res.headers["cache-control"], path).toBe("no-cache");
      expect(res.headers["content-type"], path).toMatch(/^text\/html/);
      expect(res.headers["content-encoding"], path).toBe("br");
      expect(res.headers.vary, path).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(res.body).toString(), path).toBe(PAGE);
      expect(res.headers["content-security-policy"], path).toContain("script-src 'self'");
    }
  });

  it("does not cache other files for good, even without compressed siblings", async () => {
    const res = await get("/favicon.svg", { "accept-encoding": "br, gzip" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("answers unknown paths of the APIs (the OpenAI-compatible ones included) with JSON, not the page", async () => {
    for (const path of ["/compatible-mode/v2/chat", "/compatible-mode/v1/files", "/api/v2/apps/agent/x/compatible-mode/v1/files", "/api/v2/other"]) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers["content-type"], path).toMatch(/^application\/json/);
    }
  });

  it("still answers a missing asset with the JSON 404, not the page", async () => {
    const res = await get("/assets/app-missing.js", { "accept-encoding": "br" });
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["cache-control"]).not.toBe(IMMUTABLE);
  });
});
