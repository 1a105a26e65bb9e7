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
  #resolve: ((piece: string | null) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  constructor(private readonly source: Readable) {
    source.on("readable", this.#settle);
    source.once("end", () => {
      this.#ended = true;
      this.#settle();
    });
    source.once("error", (e: Error) => {
      this.#error ??= e;
      this.#settle();
    });
    // Closed before its end (destroyed): what Readable's iterator reports as a premature close.
    source.once("close", () => {
      if (!this.#ended) this.#error ??= new Error("the stream closed before its end");
      this.#settle();
    });
  }

  /**
   * The next piece, or null once the source has ended; fails when the source failed or closed
   * early. Synchronous when a piece is already buffered; otherwise one promise, settled by the
   * source's next event.
   */
  next(): string | null | Promise<string | null> {
    const piece = this.source.read() as string | null;
    if (piece !== null) return piece;
    if (this.#error) return Promise.reject(this.#error);
    if (this.#ended) return null;
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Settles a waiting `next` once there is something to give it. */
  readonly #settle = () => {
    const resolve = this.#resolve;
    const reject = this.#reject;
    if (!resolve || !reject) return;
    const piece = this.source.read() as string | null;
    if (piece === null && !this.#error && !this.#ended) return;
    this.#resolve = undefined;
    this.#reject = undefined;
    if (piece !== null) resolve(piece);
    else if (this.#error) reject(this.#error);
    else resolve(null);
  };
}
