/** The upstream answered with an error status (its OpenAI-style message kept). */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From the upstream's `Retry-After` / `retry-after-ms` (a 429's wait, passed on to the caller). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

/** The connection could not be made, or broke before the stream finished. */
export class UpstreamConnectionError extends Error {
  constructor(
    message: string,
    readonly midStream: boolean,
  ) {
    super(message);
    this.name = "UpstreamConnectionError";
  }
}
