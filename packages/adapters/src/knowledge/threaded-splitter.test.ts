import { AppError } from "@appstudio/core";
import { afterAll, describe, expect, it } from "vitest";
import { createThreadedSplitter } from "./threaded-splitter.js";

const FIXTURE = new URL("./testing/split-worker-fixture.ts", import.meta.url);
const CHUNKING = { chunkTokens: 100, overlapTokens: 0 };

describe("threaded splitter", () => {
  const splitter = createThreadedSplitter({ entry: FIXTURE, timeoutMs: 1500, memoryMb: 64, idleThreads: 1 });
  afterAll(() => splitter.close());

  const split = (text: string, options: { signal?: AbortSignal; onChunking?: () => void } = {}) =>
    splitter.split({ content: new TextEncoder().encode(text), format: "text", chunking: CHUNKING }, options);
  const failure = (text: string) =>
    split(text).then(
      () => new Error("split succeeded"),
      (e: unknown) => e as Error,
    );

  it("parses and chunks off the main thread, saying when chunking starts", async () => {
    let chunking = 0;
    const result = await split("first\nsecond", { onChunking: () => chunking++ });
    expect(result.chunks.map((c) => c.text)).toEqual(["first", "second"]);
    expect(chunking).toBe(1);
  });

  it("passes the parser's user-facing errors through with their code", async () => {
    const error = await failure("bad");
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "InvalidParameter", message: "The file is not a valid document." });
  });

  it("reports an unexpected parser error as a plain error (an internal one for the user)", async () => {
    const error = await failure("bug");
    expect(error).not.toBeInstanceOf(AppError);
    expect(error.message).toBe("x is not a function");
  });

  it("stops a parse that runs past the deadline, and the event loop stays free meanwhile", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const error = await failure("hang");
    clearInterval(ticker);
    expect(error).toMatchObject({ code: "RequestTimeOut", message: expect.stringMatching(/longer than 2 s/) });
    expect(ticks).toBeGreaterThan(10);
  });

  it("stops a parse that exceeds its heap, failing only that document", async () => {
    const error = await failure("oom");
    expect(error).toMatchObject({ code: "BadRequest.TooLarge", message: expect.stringMatching(/more than 64 MB/) });
    expect((await split("still\nfine")).chunks).toHaveLength(2);
  });

  it("survives a thread that dies mid-parse", async () => {
    const error = await failure("crash");
    expect(error).not.toBeInstanceOf(AppError);
    expect(error.message).toMatch(/exited \(code 3\)/);
    expect((await split("after")).chunks).toHaveLength(1);
  });

  it("stops at once when aborted", async () => {
    const controller = new AbortController();
    const pending = split("hang", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await expect(pending).rejects.toThrow("shutting down");
  });
});
