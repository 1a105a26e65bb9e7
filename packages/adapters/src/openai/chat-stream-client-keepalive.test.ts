import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { streamChatCompletion } from "./chat-stream-client.js";
import { UpstreamConnectionError } from "./upstream-errors.js";

const answer = `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content: "hi" } }] })}\n\ndata: [DONE]\n\n`;

/**
 * Regression (issue 11): under load a few calls answered 500 `socket hang up`. The model
 * server's keep-alive timeout closed idle sockets while the busy server picked one for its
 * next call; that call failed before any answer.
 */
describe("streamChatCompletion on kept-alive sockets", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A loopback model server; `onRequest` may break the connection instead of answering. */
  async function upstream(onRequest: (socket: Socket) => boolean = () => true) {
    const sockets = new Set<Socket>();
    let requests = 0;
    server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on("end", () => {
        if (!onRequest(req.socket)) return void req.socket.destroy();
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(answer);
      });
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
    const address = server.address();
    const baseURL = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/v1`;
    return { baseURL, sockets, requests: () => requests };
  }

  const call = async (baseURL: string) => {
    let text = "";
    for await (const c of streamChatCompletion({ baseURL, apiKey: undefined, headers: undefined, body: {}, signal: new AbortController().signal })) {
      text += c.choices[0]?.delta.content ?? "";
    }
    return text;
  };

  it("sends a call again on a new socket when the server closed the idle one it was written on", async () => {
    const model = await upstream();
    expect(await call(model.baseURL)).toBe("hi");
    expect(model.sockets.size).toBe(1);
    // The server ends the idle connection (its keep-alive timeout) in the same tick as the next
    // call picks it from the pool: the client only learns it when the call is written.
    for (const socket of model.sockets) socket.destroy();
    expect(await call(model.baseURL)).toBe("hi");
    expect(model.requests()).toBe(2);
  });

  it("does not send again a call whose new socket broke (the server may have read it)", async () => {
    const model = await upstream(() => false);
    const failed = await call(model.baseURL).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UpstreamConnectionError);
    expect(model.requests()).toBe(1);
  });

  it("sends a call again at most once", async () => {
    const model = await upstream(() => model.requests() === 1);
    expect(await call(model.baseURL)).toBe("hi");
    // Next: the pooled socket is closed under the call, and the new one breaks as well.
    for (const socket of model.sockets) socket.destroy();
    const failed = await call(model.baseURL).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UpstreamConnectionError);
    expect(model.requests()).toBe(2);
  });
});
