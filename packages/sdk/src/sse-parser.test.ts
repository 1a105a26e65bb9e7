import { describe, expect, it } from "vitest";
import { parseSse, type SseEvent } from "./sse-parser.js";

const envelope = (text: string, finish: string) =>
  JSON.stringify({ output: { session_id: "069db8223d514dab91185954dc5108de", finish_reason: finish, text }, usage: { models: [] }, request_id: "r-1" });

// The exact framing from the spec (section 1.5), with a multi-byte answer to catch split characters.
const transcript =
  `id:1\nevent:result\n:HTTP_STATUS/200\ndata:${envelope("你好", "null")}\n\n` +
  `id:2\nevent:result\n:HTTP_STATUS/200\ndata:${envelope(" wörld 👋", "null")}\n\n` +
  `id:3\nevent:result\n:HTTP_STATUS/200\ndata:${envelope("", "stop")}\n\n`;

const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunks(data: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let last = 0;
  for (const cut of [...cuts, data.length]) {
    yield data.slice(last, cut);
    last = cut;
  }
}

async function collect(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of parseSse(source)) out.push(event);
  return out;
}

describe("parseSse", () => {
  it("parses DashScope's framing, reading :HTTP_STATUS from the comment line", async () => {
    const events = await collect(chunks(bytes(transcript), []));
    expect(events.map((e) => [e.id, e.event, e.status])).toEqual([
      ["1", "result", 200],
      ["2", "result", 200],
      ["3", "result", 200],
    ]);
    expect(events.map((e) => JSON.parse(e.data).output.text)).toEqual(["你好", " wörld 👋", ""]);
  });

  it("gives the same events whatever byte the chunks are split at", async () => {
    const data = bytes(transcript);
    const expected = await collect(chunks(data, []));
    for (let cut = 1; cut < data.length; cut++) {
      expect(await collect(chunks(data, [cut]))).toEqual(expected);
    }
  });

  it("survives many random splits, including one byte at a time", async () => {
    const data = bytes(transcript.replaceAll("\n", "\r\n"));
    const expected = await collect(chunks(data, []));
    expect(expected).toHaveLength(3);
    expect(
      await collect(
        chunks(
          data,
          Array.from({ length: data.length - 1 }, (_, i) => i + 1),
        ),
      ),
    ).toEqual(expected);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const cuts = [...new Set(Array.from({ length: 1 + Math.floor(random() * 20) }, () => 1 + Math.floor(random() * (data.length - 1))))].sort(
        (a, b) => a - b,
      );
      expect(await collect(chunks(data, cuts))).toEqual(expected);
    }
  });

  it("accepts CRLF and bare CR line ends, also when CR and LF land in different chunks", async () => {
    const crlf = bytes('id:1\r\nevent:result\r\ndata:{"a":1}\r\n\r\n');
    const cut = crlf.indexOf(10); // split between the first \r and \n
    expect(await collect(chunks(crlf, [cut]))).toEqual([{ id: "1", event: "result", data: '{"a":1}', status: undefined }]);
    expect(await collect(chunks(bytes("data:x\rdata:y\r\r"), [7]))).toEqual([{ id: undefined, event: "message", data: "x\ny", status: undefined }]);
  });

  it("strips exactly one optional space after the colon", async () => {
    const events = await collect(chunks(bytes('data: {"a":1}\n\ndata:  two\n\nevent: result\ndata:x\n\n'), []));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ["message", '{"a":1}'],
      ["message", " two"],
      ["result", "x"],
    ]);
  });

  it("reports event:error with the status of its comment line or a status: field", async () => {
    const error = 'id:1\nevent:error\n:HTTP_STATUS/400\ndata:{"code":"InvalidParameter","message":"bad","request_id":"r"}\n\n';
    expect(await collect(chunks(bytes(error), [25]))).toEqual([
      { id: "1", event: "error", data: '{"code":"InvalidParameter","message":"bad","request_id":"r"}', status: 400 },
    ]);
    const [withStatus] = await collect(chunks(bytes("event:error\nstatus:429\ndata:{}\n\n"), []));
    expect(withStatus?.status).toBe(429);
  });

  it("ignores other comments, unknown fields and events without data, and does not leak fields between events", async () => {
    const text = ": keep-alive\nretry:1000\nid:9\nevent:ping\n\nfoo:bar\ndata:only\n\n";
    expect(await collect(chunks(bytes(text), []))).toEqual([{ id: undefined, event: "message", data: "only", status: undefined }]);
  });

  it("joins multi-line data and delivers a final event that lacks the closing blank line", async () => {
    expect(await collect(chunks(bytes("data:a\ndata:b\n\ndata:last"), [3]))).toEqual([
      { id: undefined, event: "message", data: "a\nb", status: undefined },
      { id: undefined, event: "message", data: "last", status: undefined },
    ]);
  });

  it("reads a ReadableStream as well as an async iterable", async () => {
    const data = bytes(transcript);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice(0, 10));
        controller.enqueue(data.slice(10));
        controller.close();
      },
    });
    expect(await collect(stream)).toHaveLength(3);
  });
});
