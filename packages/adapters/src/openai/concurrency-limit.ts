import { AppError } from "@appstudio/core";

/**
 * The most calls one provider may have open upstream at once. A call over it waits at most
 * `queueMs` for a place (0: none) and is then refused with `Throttling`, a 429 the caller can
 * retry: it is never left waiting in a queue with no byte and no error, as callers were when
 * the keep-alive agent's socket cap was the only limit.
 */
export class ConcurrencyLimit {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly providerId: string,
    readonly max: number,
    readonly queueMs: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  /** Resolves with the function that gives the place back (call it exactly once). */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.#active < this.max) {
      this.#active++;
      return this.#releaser();
    }
    if (this.queueMs <= 0) throw this.#refusal();
    await new Promise<void>((resolve, reject) => {
      const granted = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const leave = (error: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.#waiting.splice(this.#waiting.indexOf(granted), 1);
        reject(error);
      };
      const onAbort = () => leave(signal.reason);
      const timer = setTimeout(() => leave(this.#refusal()), this.queueMs);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(granted);
    });
    // The place was handed over by the releasing call: #active already counts it.
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    };
  }

  #refusal(): AppError {
    return new AppError("Throttling", `Too many concurrent calls to model provider '${this.providerId}' (limit ${this.max}). Please try again later.`, {
      provider: this.providerId,
      retryAfterSeconds: 1,
    });
  }
}
