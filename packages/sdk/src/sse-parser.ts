import { createParser } from "eventsource-parser";

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
 * Parses an SSE byte stream into events with eventsource-parser (the WHATWG rules: CR, LF or CRLF
 * line ends, one optional space after the colon, comments, a blank line dispatches), and
 * additionally reads the status of DashScope's `:HTTP_STATUS/<code>` comment (or a `status:`
 * field), which standard parsers drop, because DashScope puts an error's status only there.
 */
export async function* parseSse(source: ByteSource): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder("utf-8");
  const ready: SseEvent[] = [];
  let status: number | undefined;
  const parser = createParser({
    onEvent: (e) => {
      ready.push({ id: e.id, event: e.event || "message", data: e.data, status });
      status = undefined;
    },
    onComment: (comment) => {
      const match = /^\s*HTTP_STATUS\/(\d{3})/.exec(comment);
      if (match) status = Number(match[1]);
    },
    onError: (error) => {
      // Unknown fields are reported as errors; `status:` is the one DashScope clients read.
      if (error.type === "unknown-field" && error.field === "status" && /^\d{3}$/.test(error.value?.trim() ?? "")) status = Number(error.value?.trim());
    },
  });
  for await (const chunk of iterate(source)) {
    // stream: true keeps a multi-byte character split across chunks for the next decode.
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  // The standard drops an event not closed by a blank line; a server that closes right after its
  // last `data:` line (some proxies strip the trailing blank line) would lose the final `stop`
  // event, so the stream's end closes it.
  parser.feed(`${decoder.decode()}\n\n`);
  yield* ready.splice(0);
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
