import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openFileLimit, warnNearOpenFileLimit } from "../../src/lifecycle/open-file-limit.js";

/**
 * Past the open-file limit the OS resets new connections and Node says nothing; the server warns
 * as the open connections come near it. A real server on 127.0.0.1 with a small limit given.
 */
describe("warning near the open-file limit", () => {
  let server: Server;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((done) => server.close(done));
  });

  async function serve(limit: number, now: () => number) {
    const warnings: { details: object; message: string }[] = [];
    server = createServer((_req, res) => res.end("ok"));
    warnNearOpenFileLimit(server, { warn: (details, message) => warnings.push({ details, message }) }, { limit, now });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as { port: number }).port;
    const open = async () => {
      const socket = connect(port, "127.0.0.1");
      sockets.push(socket);
      await new Promise((ok) => socket.once("connect", ok));
      // The server has seen it once it answers on it.
      socket.write("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
      await new Promise((ok) => socket.once("data", ok));
    };
    return { warnings, open };
  }

  it("warns once connections ×2 reach the limit less the reserve, then at most once per 10 s", async () => {
    let clock = 0;
    // 64 reserved: with a limit of 70, the third open connection (3 × 2 + 64 = 70) is near it.
    const { warnings, open } = await serve(70, () => clock);
    await open();
    await open();
    expect(warnings).toEqual([]);
    await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.details).toEqual({ openConnections: 3, openFileLimit: 70 });
    expect(warnings[0]?.message).toContain("ulimit -n");
    await open();
    expect(warnings).toHaveLength(1);
    clock += 10_000;
    await open();
    expect(warnings).toHaveLength(2);
  });

  it("counts closed connections out", async () => {
    let clock = 0;
    const { warnings, open } = await serve(70, () => clock);
    await open();
    await open();
    for (const s of sockets.splice(0)) s.destroy();
    // Until the server has seen them close.
    while ((await new Promise<number>((ok) => server.getConnections((_e, n) => ok(n)))) > 0) await new Promise((ok) => setImmediate(ok));
    clock += 10_000;
    await open();
    await open();
    expect(warnings).toEqual([]);
  });

  it("reads the soft limit from /proc/self/limits, and is silent where it cannot", () => {
    const limits =
      "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 20000                files\n";
    expect(openFileLimit(() => limits)).toBe(1024);
    expect(
      openFileLimit(() => {
        throw new Error("ENOENT");
      }),
    ).toBeUndefined();
  });
});
