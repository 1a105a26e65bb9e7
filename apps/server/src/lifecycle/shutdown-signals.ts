/** Exit status of a process ended by a signal, as shells report it (128 + the signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export interface ShutdownSignalOptions {
  /** Drains and closes the server; the process exits 0 when it resolves, 1 when it fails. */
  shutdown(): Promise<void>;
  log(message: string): void;
  exit?: (code: number) => void;
}

/**
 * The first SIGTERM or SIGINT starts a graceful shutdown; a second one (an impatient operator,
 * or a supervisor's stop timeout) exits at once with 130 or 143.
 */
export function onShutdownSignals(options: ShutdownSignalOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const handle = (signal: keyof typeof SIGNAL_EXIT) => {
    if (stopping) {
      options.log(`${signal} received again: exiting now`);
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    stopping = true;
    options.log(`${signal} received: finishing running calls, then exiting (send it again to exit at once)`);
    options.shutdown().then(
      () => exit(0),
      (err: unknown) => {
        options.log(`shutdown failed: ${(err as Error)?.stack ?? String(err)}`);
        exit(1);
      },
    );
  };
  process.on("SIGINT", () => handle("SIGINT"));
  process.on("SIGTERM", () => handle("SIGTERM"));
}
