import { AppError, type ErrorCode } from "@appstudio/core";
import { statusOf } from "../error-table.js";

/** OpenAI's error body, as Model Studio's compatible mode sends it (plus the request ID). */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
  request_id: string;
}

/** The lowercase spellings Model Studio's compatible mode uses; every other code keeps its DashScope spelling. */
const COMPATIBLE_CODES: Partial<Record<ErrorCode, string>> = {
  InvalidApiKey: "invalid_api_key",
  AccessDenied: "access_denied",
  "Throttling.RateQuota": "limit_requests",
  InternalError: "internal_error",
};

/** OpenAI's `error.type` by status: what its SDKs and clients branch on besides the status. */
function typeOf(status: number): string {
  if (status === 403) return "permission_error";
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/**
 * An error only the OpenAI-compatible view raises, with OpenAI's own `code` and `param`
 * (`previous_response_not_found`, `unsupported_parameter`, `model_not_found`).
 */
export function openAiRefusal(code: ErrorCode, message: string, param: string | null, openaiCode?: string): AppError {
  return new AppError(code, message, { ...(param ? { fields: [{ field: param, message }] } : {}), ...(openaiCode ? { openaiCode } : {}) });
}

/** `{"error":{"message","type","param","code"},"request_id"}` for an AppError, with its HTTP status. */
export function openAiErrorOf(error: AppError, requestId: string): { status: number; body: OpenAiErrorBody } {
  const status = statusOf[error.code];
  const details = error.details ?? {};
  const firstField = Array.isArray(details.fields) ? (details.fields[0] as { field?: unknown } | undefined)?.field : undefined;
  const openaiCode = typeof details.openaiCode === "string" ? details.openaiCode : undefined;
  return {
    status,
    body: {
      error: {
        message: error.message,
        type: typeOf(status),
        param: typeof firstField === "string" ? firstField.replace(/^body\./, "").replace(/\.(\d+)/g, "[$1]") : null,
        code: openaiCode ?? COMPATIBLE_CODES[error.code] ?? error.code,
      },
      request_id: requestId,
    },
  };
}
