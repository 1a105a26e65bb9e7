import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { PieceReader } from "./piece-reader.js";

const textStream = () => {
  const stream = new PassThrough();
  stream.setEncoding("utf8");
  return stream;
};

describe("PieceReader", () => {
  it("gives the pieces as they arrive, then null at the end", async () => {
    const stream = textStream();
    const reader = new PieceReader(stream);
    stream.write("a");
    expect(await reader.next()).toBe("a");
    const waiting = reader.next();
    setImmediate(() => stream.write("b"));
    expect(await waiting).toBe("b");
    stream.end();
    expect(await reader.next()).toBeNull();
    expect(await reader.next()).toBeNull();
  });

  it("rejects with the source's error, and when the source closes before its end", async () => {
    const failing = textStream();
    const failed = new PieceReader(failing).next();
    failing.destroy(new Error("socket hang up"));
    await expect(failed).rejects.toThrow("socket hang up");

    const cut = textStream();
    const reader = new PieceReader(cut);
    cut.write("partial");
    expect(await reader.next()).toBe("partial");
    const next = reader.next();
    cut.destroy();
    await expect(next).rejects.toThrow("closed before its end");
  });
});
