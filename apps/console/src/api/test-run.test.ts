import { describe, expect, it } from "vitest";
import { readSse } from "./test-run";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe("readSse", () => {
  it("parses DashScope events split across chunks", async () => {
    const wire =
      'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"text":"He"}}\n\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"text":"llo"}}\n\n';
    const events = [];
    for await (const e of readSse(streamOf([wire.slice(0, 17), wire.slice(17, 70), wire.slice(70)]))) events.push(e);
    expect(events).toEqual([
      { id: "1", event: "result", status: 200, data: '{"output":{"text":"He"}}' },
      { id: "2", event: "result", status: 200, data: '{"output":{"text":"llo"}}' },
    ]);
  });

  it("reads an error event and a last event without a trailing blank line", async () => {
    const events = [];
    for await (const e of readSse(streamOf(['id:1\r\nevent:error\r\n:HTTP_STATUS/500\r\ndata:{"code":"ModelServiceFailed"}']))) events.push(e);
    expect(events).toEqual([{ id: "1", event: "error", status: 500, data: '{"code":"ModelServiceFailed"}' }]);
  });
});
