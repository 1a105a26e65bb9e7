import { SESSION_ID_PATTERN } from "@appstudio/core";

/**
 * A Response's ID names the session of its call, so `previous_response_id` continues that
 * session without a lookup table: `resp_` + session ID (32 hex) + request ID (32 hex). Session
 * IDs are only usable within their own app and workspace (the route checks), so showing one
 * inside a response ID gives nothing away.
 */
export function responseIdOf(sessionId: string, requestId: string): string {
  return `resp_${sessionId}${requestId.replaceAll("-", "")}`;
}

/** The output message's ID of a call. */
export const messageIdOf = (requestId: string) => `msg_${requestId.replaceAll("-", "")}`;

/** The session a response ID names, or null when the ID is not one of ours. */
export function sessionOfResponseId(responseId: string): string | null {
  const match = /^resp_([0-9a-f]{32})[0-9a-f]{32}$/.exec(responseId);
  return match?.[1] && SESSION_ID_PATTERN.test(match[1]) ? match[1] : null;
}
