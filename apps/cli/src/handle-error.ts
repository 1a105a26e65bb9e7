import { ApiError, ConnectionError } from "@appstudio/sdk";
import { CommanderError } from "@commander-js/extra-typings";
import { CliError, ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { Output } from "./output.js";

/** Prints an error the way a user should see it and returns the exit code; stack traces only for bugs. */
export function handleError(error: unknown, output: Output, env: NodeJS.ProcessEnv): ExitCodeValue {
  if (error instanceof CommanderError) {
    // commander has already printed its message (and the help hint).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof CliError) {
    output.error(error.message, undefined, error.hint);
    return error.exitCode;
  }
  if (error instanceof ConnectionError) {
    output.error(
      error.message,
      undefined,
      `is the server running and is the URL right? Start one with \`appstudio serve\`, or log in to another with \`appstudio login --url <URL>\``,
    );
    return ExitCode.Connection;
  }
  if (error instanceof ApiError) {
    const exitCode = exitCodeOf(error.status);
    const detail = [`code ${error.code}`, `HTTP ${error.status}`, error.requestId ? `request id ${error.requestId}` : ""].filter(Boolean).join(", ");
    output.error(error.message, detail, hintFor(error));
    return exitCode;
  }
  output.error(`unexpected error: ${(error as Error)?.message ?? String(error)}`);
  // A bug, not a user mistake: the stack helps whoever files the issue.
  if (env.APPSTUDIO_DEBUG) output.info(String((error as Error)?.stack ?? error));
  else output.info(output.err.dim("  set APPSTUDIO_DEBUG=1 to see the stack trace"));
  return ExitCode.Error;
}

export function exitCodeOf(status: number): ExitCodeValue {
  if (status === 400 || status === 413 || status === 422) return ExitCode.Usage;
  if (status === 401 || status === 403) return ExitCode.Auth;
  if (status === 404) return ExitCode.NotFound;
  if (status === 409 || status === 429) return ExitCode.Rejected;
  return ExitCode.Error;
}

function hintFor(error: ApiError): string | undefined {
  switch (error.code) {
    case "NotAuthenticated":
      return "your token is missing, expired or revoked: run `appstudio login`";
    case "InvalidApiKey":
      return "pass a valid sk- key with --api-key or DASHSCOPE_API_KEY (create one with `appstudio keys create`)";
    case "InsufficientPermissions":
      return "ask a super administrator for the FullAccess or ControlFullAccess policy, or for a workspace role";
    default:
      return undefined;
  }
}
