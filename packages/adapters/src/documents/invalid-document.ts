import { AppError } from "@appstudio/core";

/**
 * The error a parser throws for a file it cannot read. The message is shown to the user as the
 * document's failure reason, so it says what is wrong with the file, not what the code did.
 */
export function invalidDocument(reason: string, diagnostic?: string): AppError {
  return new AppError("InvalidParameter", reason, { reason }, diagnostic);
}

/**
 * Stops work when the caller's signal fires. A time limit (`AbortSignal.timeout`) fails the
 * document with a clear reason; any other abort (shutdown, a cancelled job) is passed on as is,
 * so the job can be retried instead of being marked failed.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    throw invalidDocument("Reading the file took longer than the time limit allows");
  }
  throw reason;
}
