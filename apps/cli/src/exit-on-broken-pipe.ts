import { ExitCode } from "./exit-codes.js";

/**
 * `appstudio logs | head -2` closes the pipe while the CLI still writes: the write fails with
 * EPIPE, which Node reports as an unhandled 'error' event and a stack trace. A reader that stops
 * reading is not a failure of the command, so end quietly with the status a process killed by
 * SIGPIPE has (128 + 13), as gh, git and coreutils do. Node ignores SIGPIPE itself, hence the
 * explicit exit.
 */
export function exitOnBrokenPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(ExitCode.BrokenPipe);
      throw error;
    });
  }
}
