/** A thin fetch wrapper for /manage/v1: JSON in, JSON out, one error type. */

export const MANAGE = "/manage/v1";

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get fields(): FieldProblem[] {
    const fields = this.details?.fields;
    return Array.isArray(fields) ? (fields as FieldProblem[]) : [];
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError => e instanceof ApiError && (code === undefined || e.code === code);

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

let onUnauthenticated: (() => void) | undefined;
let onRefused: (() => void) | undefined;

/** Called when a request is refused for lack of permissions (what the user may do has changed). */
export function setRefusedHandler(handler: () => void) {
  onRefused = handler;
}

/** Called when a request fails because the session is gone (expired or signed out elsewhere). */
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return `${MANAGE}${path}${qs ? `?${qs}` : ""}`;
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; request_id?: string; details?: Record<string, unknown> } = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy error page or a missing route.
  }
  const code = body.code ?? (response.status === 404 ? "NotFound" : `HTTP${response.status}`);
  const message = body.message ?? `${response.status} ${response.statusText || "request failed"}`;
  return new ApiError(response.status, code, message, body.request_id ?? response.headers.get("x-request-id") ?? undefined, body.details);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? "GET",
    credentials: "same-origin",
    headers: { accept: "application/json", ...(options.body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "NetworkError", "The server could not be reached. Check that appstudio is running.");
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && error.code === "NotAuthenticated") onUnauthenticated?.();
    if (error.code === "InsufficientPermissions" && !path.startsWith("/whoami")) onRefused?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
