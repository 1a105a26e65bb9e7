/**
 * The console's access to /manage/v1: `@appstudio/sdk`'s ManageClient on the page's own origin
 * (the session cookie goes along, same-origin), plus the hooks that keep the console in step
 * with the server when a request is refused.
 */
import { ApiError, ConnectionError, ManageClient } from "@appstudio/sdk";

export { ApiError, type FieldProblem } from "@appstudio/sdk";

export const isApiError = (e: unknown, code?: string): e is ApiError => e instanceof ApiError && (code === undefined || e.code === code);

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

// The page's origin; unit tests run without a window, where no request is made.
const origin = globalThis.location?.origin ?? "http://localhost";

/** The client for calls that are not cancelled (mutations, links). */
export const manage = new ManageClient({ baseUrl: origin });

/** A client whose requests `signal` aborts (TanStack Query cancels queries that are no longer shown). */
export const manageWith = (signal: AbortSignal | undefined) => (signal ? new ManageClient({ baseUrl: origin, signal }) : manage);

/**
 * Runs one sdk call. A refusal fires the hooks (a 401 sends the user to sign in, a 403 refetches
 * whoami, except for whoami itself, which would loop), and an unreachable server becomes an
 * ApiError the pages can show.
 */
export async function api<T>(call: (client: ManageClient) => Promise<T>, options: { signal?: AbortSignal | undefined; isWhoami?: boolean } = {}): Promise<T> {
  try {
    return await call(manageWith(options.signal));
  } catch (e) {
    if (e instanceof ConnectionError) throw new ApiError(0, "NetworkError", "The server could not be reached. Check that appstudio is running.", undefined);
    if (e instanceof ApiError) {
      if (e.status === 401 && e.code === "NotAuthenticated") onUnauthenticated?.();
      if (e.code === "InsufficientPermissions" && !options.isWhoami) onRefused?.();
    }
    throw e;
  }
}
