/**
 * Exit codes of every command. Scripts branch on these, so they are part of the CLI's contract
 * (documented in docs/cli.md); never renumber them.
 */
export const ExitCode = {
  Ok: 0,
  /** Server error (5xx), a failed stream, or anything unexpected. */
  Error: 1,
  /** Wrong command line, or input the server rejected as invalid (400). */
  Usage: 2,
  /** Not logged in, bad credentials, revoked token or API key, missing permission (401, 403). */
  Auth: 3,
  /** The workspace, app, key, user or version does not exist (404). */
  NotFound: 4,
  /** The server could not be reached. */
  Connection: 5,
  /** Refused because of the current state: name taken, workspace not empty, limit reached, rate limited (409, 429). */
  Rejected: 6,
  /** The user cancelled a prompt (Ctrl-C), as shells report an interrupted command. */
  Cancelled: 130,
  /** The reader of the output went away (`appstudio logs | head -2`): ended quietly, as a process killed by SIGPIPE. */
  BrokenPipe: 141,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: printed as one clear message (plus an optional hint), never with a stack trace. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
    /** The server's error this one explains better (its code and request ID are still reported). */
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The name of an exit code, as `--json` errors report it (`{"error": {"code": "NotFound", ...}}`). */
export function exitCodeName(code: ExitCodeValue): string {
  return Object.entries(ExitCode).find(([, value]) => value === code)?.[0] ?? "Error";
}

export const usageError = (message: string, hint?: string) => new CliError(message, ExitCode.Usage, hint);
