import { startFakeModelServer } from "../packages/core/src/testing/fake-model-server.js";

/**
 * The fake model server in a process of its own, so it does not share a core with the load
 * generator. FAKE_SLOW_TOKENS=n makes models named `slow-*` stream n tokens one second apart
 * (bench/streams.ts); every other model answers at once. FAKE_HTTP2=1 serves h2c (HTTP/2 without
 * TLS) instead of HTTP/1.1, for a provider with `http2: true`.
 */
const model = await startFakeModelServer({ http2: process.env.FAKE_HTTP2 === "1" });
const slowTokens = Number(process.env.FAKE_SLOW_TOKENS ?? 0);
if (slowTokens > 0) {
  const text = Array.from({ length: slowTokens }, (_, i) => `t${i} `).join("");
  model.setDefault((req) => (String(req.body.model).startsWith("slow-") ? { text, chunks: slowTokens, delayMs: 1_000 } : {}));
}
process.stdout.write(`listening ${model.url}\n`);
process.on("SIGTERM", () => void model.close().then(() => process.exit(0)));
