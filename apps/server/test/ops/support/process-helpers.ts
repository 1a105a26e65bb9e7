import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";

/** Resolves with how the process ended. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** Resolves once `output()` contains `text` (the process's own log, not a clock, says when something happened). */
export async function waitForOutput(output: () => string, text: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (output().includes(text)) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`'${text}' never appeared in the output:\n${output()}`);
}

/** True when a new TCP connection to the URL's port is refused. */
export function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

/** Reads a streamed body until it holds `count` complete SSE events; returns the reader to go on with. */
export async function readEvents(body: ReadableStream<Uint8Array>, count: number) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (text.split("\n\n").length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return {
    text,
    /** The rest of the stream, until the server ends it. */
    async rest(): Promise<string> {
      let more = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text + more;
        more += decoder.decode(value, { stream: true });
      }
    },
  };
}

/** Polls `condition` until it holds (bounded, so a broken expectation fails instead of hanging). */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition never held");
}
