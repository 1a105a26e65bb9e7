import { ApiError, ConnectionError } from "@appstudio/sdk";
import { CommanderError } from "@commander-js/extra-typings";
import { CliError, ExitCode, type ExitCodeValue, exitCodeName } from "./exit-codes.js";
import type { Output } from "./output.js";

/** One failure as the user sees it: printed as text, or as one JSON object with --json. */
interface Failure {
  exitCode: ExitCodeValue;
  /** The server's error code (`InvalidApiKey`), else the exit code's name (`Usage`, `NotFound`). */
  code: string;
  message: string;
  hint?: string;
  httpStatus?: number;
  requestId?: string;
  details?: Record<string, unknown>;
}

/**
 * Prints an error the way a user should see it and returns the exit code; stack traces only for
 * bugs. With `json` the error is one JSON object on stderr, `{"error": {code, message, hint?,
 * httpStatus?, requestId?, details?, exitCode}}`, so scripts that asked for JSON can parse it.
 */
export function handleError(error: unknown, output: Output, env: NodeJS.ProcessEnv, json = false): ExitCodeValue {
  const failure = describe(error);
  if (!failure) return error instanceof CommanderError && error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  if (json) {
    const { exitCode, ...rest } = failure;
    output.errorJson({ error: { ...rest, exitCode } });
    return exitCode;
  }
  const api = apiErrorOf(error);
  const detail = api ? [`code ${api.code}`, `HTTP ${api.status}`, api.requestId ? `request id ${api.requestId}` : ""].filter(Boolean).join(", ") : undefined;
  output.error(failure.message, detail, failure.hint);
  if (failure.code === "Unexpected") {
    // A bug, not a user mistake: the stack helps whoever files the issue.
    if (env.APPSTUDIO_DEBUG) output.info(String((error as Error)?.stack ?? error));
    else output.info(output.err.dim("  set APPSTUDIO_DEBUG=1 to see the stack trace"));
  }
  return failure.exitCode;
}

/** undefined for commander's own errors outside --json: commander has printed them already. */
function describe(error: unknown): Failure | undefined {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return undefined;
    return { exitCode: ExitCode.Usage, code: exitCodeName(ExitCode.Usage), message: error.message.replace(/^error: /, "") };
  }
  if (error instanceof CliError) {
    const api = apiErrorOf(error);
    return {
      ...(api ? fromApi(api) : { code: exitCodeName(error.exitCode) }),
      exitCode: error.exitCode,
      message: error.message,
      ...optional("hint", error.hint),
    };
  }
  if (error instanceof ConnectionError) {
    return {
      exitCode: ExitCode.Connection,
      code: exitCodeName(ExitCode.Connection),
      message: error.message,
      hint: "is the server running and is the URL right? Start one with `appstudio serve`, or log in to another with `appstudio login --url <URL>`",
    };
  }
  if (error instanceof ApiError) return { ...fromApi(error), exitCode: exitCodeOf(error.status), message: error.message, ...optional("hint", hintFor(error)) };
  return { exitCode: ExitCode.Error, code: "Unexpected", message: `unexpected error: ${(error as Error)?.message ?? String(error)}` };
}

const apiErrorOf = (error: unknown) =>
  error instanceof ApiError ? error : error instanceof CliError && error.cause instanceof ApiError ? error.cause : undefined;

const fromApi = (e: ApiError) => ({ code: e.code, httpStatus: e.status, ...optional("requestId", e.requestId), ...optional("details", e.details) });

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

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
    case "FlowNotPublished":
      return "the workflow is a draft — publish it with `appstudio apps publish APP`";
    case "App.AccessDenied":
      return "this key cannot call the app: it is in another workspace (for a sub-workspace on the shared host, send its ID with -w), not on the key's app allowlist, or a draft not yet published (`appstudio apps publish APP`)";
    case "InsufficientPermissions":
      // The server's message already says what would allow the action; only who can grant it is added.
      return "ask a super administrator (the main account or a FullAccess holder) to grant what the message names";
    default:
      return undefined;
  }
}
