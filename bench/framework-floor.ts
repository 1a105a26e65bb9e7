/**
 * The least appstudio's stack can cost: Fastify (JSON body, a route) and the model stream client
 * appstudio uses (`POST /chat/completions` with `stream: true`, SSE parsed), answering the text
 * as JSON or re-framed as SSE, and nothing else: no key check, rate limits, session, call log,
 * envelopes or validation. `BENCH_FLOOR=1 npm run bench` adds it as a row, so the table shows how
 * much of the gap to the bare proxy is the framework and the streaming upstream, and how much is
 * appstudio's own work. Loopback only.
 */
import Fastify from "fastify";
import { streamChatCompletion } from "../packages/adapters/src/openai/chat-stream-client.js";

const baseURL = process.env.UPSTREAM ?? "http://127.0.0.1:9999/v1";
const app = Fastify({ logger: false });

app.post("/completion", async (request, reply) => {
  const chunks = streamChatCompletion({
    baseURL,
    apiKey: undefined,
    headers: undefined,
    body: { model: "fake-model", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hello" }] },
    signal: new AbortController().signal,
  });
  if (request.headers["x-dashscope-sse"] !== "enable") {
    let text = "";
    for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? "";
    return { output: { text, finish_reason: "stop" } };
  }
  reply.hijack();
  reply.raw.writeHead(200, { "content-type": "text/event-stream" });
  let id = 0;
  for await (const chunk of chunks) {
    const text = chunk.choices[0]?.delta?.content;
    if (text) reply.raw.write(`id:${++id}\nevent:result\ndata:${JSON.stringify({ output: { text } })}\n\n`);
  }
  reply.raw.end();
});

await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
if (address && typeof address === "object") process.stdout.write(`listening http://127.0.0.1:${address.port}/completion\n`);
