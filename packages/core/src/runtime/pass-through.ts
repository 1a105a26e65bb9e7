/** How a pass-through ended: its source ran out, its consumer stopped early, or something failed. */
export type PassThroughEnd = { kind: "done" } | { kind: "stopped" } | { kind: "failed"; error: unknown };

/** Returned by `each` for a value that goes on to no one (nothing to send for it). */
export const SKIP: unique symbol = Symbol("skip");

export interface PassThroughHooks<T, U> {
  /** What goes on for one value of the source, or SKIP. May be async (the next value waits for it). */
  each(value: T): U | typeof SKIP | Promise<U | typeof SKIP>;
  /** Called once, however the pass-through ended. */
  end?(how: PassThroughEnd): void;
}

/**
 * The values of `source` passed through `hooks.each`, as an async generator of the form
 * `for await (const v of source) yield each(v)` would give them, without being one.
 *
 * Why: a model stream spends most of its life waiting for the next token, and every async
 * generator between the model and the caller keeps a request, a promise and their reactions
 * alive for that wait (about a second with a slow model). With thousands of open streams those
 * objects outlive young-generation collections, get copied and promoted, and the collections'
 * pauses are what other calls wait for (docs/performance.md). Here a wait costs the one promise
 * of `then`.
 *
 * Same contract as the generator: stopping early (`return`) closes the source; an error thrown
 * by `each` closes the source too and is thrown to the consumer; the consumer calls `next`
 * one at a time.
 */
export function passThrough<T, U>(source: AsyncIterator<T>, hooks: PassThroughHooks<T, U>): AsyncIterableIterator<U> {
  let ended = false;
  const end = (how: PassThroughEnd) => {
    if (ended) return;
    ended = true;
    hooks.end?.(how);
  };
  const closeSource = async () => {
    try {
      await source.return?.();
    } catch {
      // The error that made us close it is the one the consumer gets.
    }
  };

  const deliver = (out: U | typeof SKIP): IteratorResult<U> | Promise<IteratorResult<U>> => (out === SKIP ? pull() : { done: false, value: out });
  const eachFailed = async (error: unknown): Promise<never> => {
    end({ kind: "failed", error });
    await closeSource();
    throw error;
  };
  // Synchronous unless `each` returns a promise: an async step would cost a promise per value.
  const step = (result: IteratorResult<T>): IteratorResult<U> | Promise<IteratorResult<U>> => {
    if (result.done) {
      end({ kind: "done" });
      return { done: true, value: undefined };
    }
    let out: U | typeof SKIP | Promise<U | typeof SKIP>;
    try {
      out = hooks.each(result.value);
    } catch (error) {
      return eachFailed(error);
    }
    return out instanceof Promise ? out.then(deliver, eachFailed) : deliver(out);
  };
  const failed = (error: unknown): never => {
    end({ kind: "failed", error });
    throw error;
  };
  const pull = (): Promise<IteratorResult<U>> => (ended ? Promise.resolve({ done: true, value: undefined }) : source.next().then(step, failed));

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: pull,
    async return() {
      if (!ended) {
        end({ kind: "stopped" });
        await source.return?.();
      }
      return { done: true, value: undefined };
    },
  };
}
