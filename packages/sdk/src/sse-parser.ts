/** One server-sent event as DashScope frames it. */
export interface SseEvent {
  /** `id:` field, when present. */
  id: string | undefined;
  /** `event:` field; "message" when absent, as in the SSE standard. */
  event: string;
  /** `data:` lines joined with "\n". */
  data: string;
  /**
   * The HTTP status the event claims: from DashScope's `:HTTP_STATUS/<code>` comment line, or a
   * `status:` field (which the Python SDK also understands). Undefined when neither was sent.
   */
  status: number | undefined;
}

type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * Parses an SSE byte stream into events. Follows the WHATWG rules (CR, LF or CRLF line ends, one
 * optional space after the colon, comment lines, blank line dispatches) so `data:{...}` and
 * `data: {...}` both work, and additionally reads the `:HTTP_STATUS/<code>` comment that standard
 * parsers drop, because DashScope puts an error's status only there.
 */
export async function* parseSse(source: ByteSource): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder("utf-8");
  const parser = new SseLineParser();
  for await (const chunk of iterate(source)) {
    // stream: true keeps a multi-byte character split across chunks for the next decode.
    yield* parser.push(decoder.decode(chunk, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}

/** Incremental line splitter and event assembler; text in, events out. Exported for tests. */
export class SseLineParser {
  private buffer = "";
  /** A chunk ended in "\r": if the next one starts with "\n", that "\n" belongs to the same line end. */
  private pendingCr = false;
  private current = emptyEvent();

  *push(text: string): Generator<SseEvent> {
    if (text.length === 0) return;
    let start = 0;
    if (this.pendingCr && text[0] === "\n") start = 1;
    this.pendingCr = false;
    this.buffer += start === 0 ? text : text.slice(start);
    let lineStart = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const line = this.buffer.slice(lineStart, i);
      if (ch === "\r") {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === "\n") i++;
      }
      lineStart = i + 1;
      const event = this.line(line);
      if (event) yield event;
    }
    this.buffer = this.buffer.slice(lineStart);
  }

  /**
   * End of stream. The standard drops an event that was not closed by a blank line; we still
   * deliver it when it has data, because a server that closes right after its last `data:` line
   * (some proxies strip the trailing blank line) would otherwise lose the final `stop` event.
   */
  *end(): Generator<SseEvent> {
    if (this.buffer.length > 0) {
      const event = this.line(this.buffer);
      this.buffer = "";
      if (event) yield event;
    }
    if (this.current.dataLines.length > 0) yield this.dispatch();
    this.current = emptyEvent();
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") {
      if (this.current.dataLines.length === 0) {
        // No data: the standard discards the event, but its fields must not leak into the next one.
        this.current = emptyEvent();
        return undefined;
      }
      return this.dispatch();
    }
    if (line.startsWith(":")) {
      const match = /^:\s*HTTP_STATUS\/(\d{3})/.exec(line);
      if (match) this.current.status = Number(match[1]);
      return undefined;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.current.dataLines.push(value);
        break;
      case "event":
        this.current.event = value;
        break;
      case "id":
        if (!value.includes("\0")) this.current.id = value;
        break;
      case "status":
        if (/^\d{3}$/.test(value.trim())) this.current.status = Number(value.trim());
        break;
      default:
        // retry and unknown fields carry nothing a DashScope client needs
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent {
    const { id, event, dataLines, status } = this.current;
    this.current = emptyEvent();
    return { id, event: event || "message", data: dataLines.join("\n"), status };
  }
}

interface PartialEvent {
  id: string | undefined;
  event: string;
  dataLines: string[];
  status: number | undefined;
}

function emptyEvent(): PartialEvent {
  return { id: undefined, event: "", dataLines: [], status: undefined };
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  // Browsers' ReadableStream is not async-iterable everywhere yet.
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
