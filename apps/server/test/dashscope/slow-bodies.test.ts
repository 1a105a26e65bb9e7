import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";

const IDLE_MS = 300;
const CEILING_MS = 2500;

/**
 * Sends `head` and then one piece of `pieces` every `everyMs` on a fresh connection, stopping
 * after the last piece (or when the server hangs up); reports the answer, when the last piece
 * went out and when the server closed the connection.
 */
function trickle(url: string, head: string, pieces: string[], everyMs: number) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; text: string; lastWriteAt: number; closedAt: number; startedAt: number }>((resolve, reject) => {
    const startedAt = performance.now();
    let lastWriteAt = startedAt;
    let text = "";
    let next = 0;
    let timer: NodeJS.Timeout | undefined;
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(head, "latin1");
      lastWriteAt = performance.now();
      timer = setInterval(() => {
        const piece = pieces[next++];
        if (piece === undefined || socket.destroyed) return clearInterval(timer);
        socket.write(piece, "latin1");
        lastWriteAt = performance.now();
      }, everyMs);
    });
    socket.setEncoding("latin1");
    socket.on("data", (c: string) => {
      text += c;
    });
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? undefined : reject(e)));
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text, lastWriteAt, closedAt: performance.now(), startedAt });
    });
  });
}

/** A workspace-creating JSON body padded with spaces, cut into `count` pieces. */
function paddedBody(name: string, count: number): string[] {
  const json = `{"name":"${name}"${" ".repeat(count)}}`;
  const size = Math.ceil(json.length / count);
  return Array.from({ length: Math.ceil(json.length / size) }, (_, i) => json.slice(i * size, (i + 1) * size));
}

/**
 * The body of a request may take as long as it keeps arriving (up to APPSTUDIO_REQUEST_BODY_MAX_MS),
 * but no more than APPSTUDIO_REQUEST_TIMEOUT_MS may pass without a byte.
 */
describe("slow request bodies (APPSTUDIO_REQUEST_TIMEOUT_MS between reads, APPSTUDIO_REQUEST_BODY_MAX_MS in all)", () => {
  let f: DashScopeFixture;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_REQUEST_TIMEOUT_MS: String(IDLE_MS), APPSTUDIO_REQUEST_BODY_MAX_MS: String(CEILING_MS) } });
  });
  afterAll(() => f?.close());

  function head(pieces: string[]) {
    const length = Buffer.byteLength(pieces.join(""), "latin1");
    return `POST /manage/v1/workspaces HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${f.server.adminToken}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${length}\r\n\r\n`;
  }

  it("accepts a body that keeps trickling in for longer than the idle timeout", async () => {
    const pieces = paddedBody("trickled", 20);
    const res = await trickle(f.server.url, head(pieces), pieces, IDLE_MS / 5);
    expect(res.lastWriteAt - res.startedAt).toBeGreaterThan(IDLE_MS * 3);
    expect(res.status).toBe(201);
    expect(res.text).toContain('"name":"trickled"');
  });

  it("answers 408 and closes the connection when a body stalls midway", async () => {
    const pieces = paddedBody("stalled", 20);
    // Send the first half steadily for longer than the idle timeout, then nothing more.
    const res = await trickle(f.server.url, head(pieces), pieces.slice(0, 10), IDLE_MS / 5);
    expect(res.lastWriteAt - res.startedAt).toBeGreaterThan(IDLE_MS * 1.5);
    expect(res.status).toBe(408);
    const silent = res.closedAt - res.lastWriteAt;
    expect(silent).toBeGreaterThanOrEqual(IDLE_MS - 5);
    // Progress is checked every tenth of the limit; the rest is slack for a busy machine.
    expect(silent).toBeLessThan(IDLE_MS + 2000);
  });

  it("answers 408 when the whole request takes longer than the ceiling, however steadily it arrives", async () => {
    const pieces = paddedBody("endless", 100);
    const res = await trickle(f.server.url, head(pieces), pieces, IDLE_MS / 5);
    expect(res.status).toBe(408);
    expect(res.closedAt - res.startedAt).toBeGreaterThanOrEqual(CEILING_MS - 5);
    expect(res.closedAt - res.startedAt).toBeLessThan(CEILING_MS + 2000);
  });
});
