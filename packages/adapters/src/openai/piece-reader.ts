import type { Readable } from "node:stream";

/**
 * Reads a response's text piece by piece, like `for await (const piece of response)` but without
 * Readable's async iterator, which is an async generator of its own. A model stream waits for
 * its next token most of the time, and every generator level it waits through keeps a request,
 * a promise and its reactions alive until the token comes (about a second for a slow model):
 * with thousands of open streams those objects are what each young-generation collection copies
 * and promotes, and its pauses are what a normal call waits for (docs/performance.md).
 */
export class PieceReader {
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(private readonly source: Readable) {
    const wake = () => {
      const resume = this.#wake;
      this.#wake = undefined;
      resume?.();
    };
    source.on("readable", wake);
    source.once("end", () => {
      this.#ended = true;
      wake();
    });
    source.once("error", (e: Error) => {
      this.#error ??= e;
      wake();
    });
    // Closed before its end (destroyed): what Readable's iterator reports as a premature close.
    source.once("close", () => {
      if (!this.#ended) this.#error ??= new Error("the stream closed before its end");
      wake();
    });
  }

  /** The next piece, or null once the source has ended; rejects when it failed or closed early. */
  async next(): Promise<string | null> {
    for (;;) {
      const piece = this.source.read() as string | null;
      if (piece !== null) return piece;
      if (this.#error) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
