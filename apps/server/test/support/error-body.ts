import { expect } from "vitest";

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

/** Asserts the one documented error body: `{code, message, request_id}` with request_id = x-request-id. */
export function expectErrorBody(res: CallResult, where = ""): void {
  const context = `${where} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  expect(res.headers.get("content-type") ?? "", context).toContain("application/json");
  expect(typeof res.body?.code, context).toBe("string");
  expect(res.body.code.length, context).toBeGreaterThan(0);
  expect(typeof res.body.message, context).toBe("string");
  expect(res.body.message.length, context).toBeGreaterThan(0);
  const requestId = res.headers.get("x-request-id");
  expect(requestId, context).toBeTruthy();
  expect(res.body.request_id, context).toBe(requestId);
}

/** An error with exactly this status and code, in the documented body. */
export function expectError(res: CallResult, status: number, code: string, where = ""): void {
  expectErrorBody(res, where);
  expect({ status: res.status, code: res.body.code }, where).toEqual({ status, code });
}
