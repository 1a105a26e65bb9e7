import { createServer, request } from "node:http";

/**
 * The baseline: the least a gateway can do. Takes any POST, sends one chat completion to the
 * model server and pipes the answer back, streaming or not. No auth, no storage, no parsing.
 */
const upstream = new URL(process.env.UPSTREAM ?? "http://127.0.0.1:9999/v1");
const server = createServer((req, res) => {
  const stream = req.headers["x-dashscope-sse"] === "enable";
  req.resume();
  req.on("end", () => {
    const body = JSON.stringify({ model: "fake-model", stream, messages: [{ role: "user", content: "hello" }] });
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: `${upstream.pathname}/chat/completions`,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, { "content-type": upRes.headers["content-type"] ?? "application/json" });
        upRes.pipe(res);
      },
    );
    up.on("error", () => res.writeHead(502).end());
    up.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
