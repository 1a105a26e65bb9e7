import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { streamChatCompletion } from "./chat-stream-client.js";
import { UpstreamConnectionError, UpstreamHttpError } from "./upstream-errors.js";

const chunk = (text: string) =>
  JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content: text } }] });

describe("streamChatCompletion's SSE parsing", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A loopback upstream that writes `pieces` one by one (each its own TCP write) and ends. */
  async function upstream(pieces: string[], end = true): Promise<string> {
    server = createServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of pieces) {
        res.write(piece);
        await new Promise((r) => setImmediate(r));
      }
      if (end) res.end();
      else res.destroy();
    });
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/v1`;
  }

  const texts = async (baseURL: string) => {
    const out: string[] = [];
    for await (const c of streamChatCompletion({ baseURL, apiKey: "k", headers: undefined, body: {}, signal: new AbortController().signal })) {
      out.push(c.choices[0]?.delta.content ?? "");
    }
    return out;
  };

  it("reads events split anywhere, CRLF framing, comments and `data:` with or without a space", async () => {
    const wire = `: keep-alive\r\n\r\ndata: ${chunk("Hel")}\r\n\r\ndata:${chunk("lo")}\n\ndata: [DONE]\n\n`;
    const cuts = [3, 17, 40, wire.length - 5];
    const pieces = cuts.map((cut, i) => wire.slice(i === 0 ? 0 : cuts[i - 1], cut)).concat(wire.slice(cuts.at(-1)));
    expect(await texts(await upstream(pieces))).toEqual(["Hel", "lo"]);
  });

  it("an error object in the stream is an upstream error; a connection cut before [DONE] is a mid-stream failure", async () => {
    await expect(texts(await upstream([`data: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`]))).rejects.toThrow(UpstreamHttpError);
    server?.close();
    const cut = texts(await upstream([`data: ${chunk("partial")}\n\n`], false));
    await expect(cut).rejects.toBeInstanceOf(UpstreamConnectionError);
  });
});
