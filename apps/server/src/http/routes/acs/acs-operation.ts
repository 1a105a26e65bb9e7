import type { Principal } from "@appstudio/core";
import type { Container } from "../../../container.js";

/**
 * One operation of Alibaba Cloud's signed OpenAPI (ROA style), e.g. Bailian 2023-12-29
 * `ListPublishedAgent` or ModelStudio 2026-02-10 `ListWorkspaces`.
 *
 * The ACS plugin verifies the ACS3-HMAC-SHA256 signature, resolves the AccessKey to its user
 * (the `principal`), checks that `x-acs-action` / `x-acs-version` name this operation, and then
 * calls `handle`. Operations authorize through core's use cases (which call `authorize()`), so
 * the permission table applies exactly as in the management API.
 */
export interface AcsOperation {
  /** `x-acs-action`, spelled as upstream spells it (`CreateAndPulishAgent`). */
  action: string;
  /** `x-acs-version`: "2023-12-29" (Bailian) or "2026-02-10" (ModelStudio). */
  version: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Fastify route path, e.g. "/:workspaceId/application/agents". */
  path: string;
  /** Returns the whole response body (see `bailianEnvelope` / ModelStudio's flat shape). */
  handle(call: AcsCall): Promise<unknown>;
}

export interface AcsCall {
  principal: Principal;
  container: Container;
  /** Path parameters. */
  params: Record<string, string>;
  /** Query string parameters (ROA sends most GET inputs here). */
  query: Record<string, string>;
  /** The body: form-urlencoded or JSON, parsed to an object ({} when empty). */
  body: Record<string, unknown>;
  /** Echoed as `requestId` in every envelope. */
  requestId: string;
}

/**
 * An error in Alibaba Cloud's shape. The plugin answers it as
 * `{"requestId","code","message","httpStatusCode", "success": false}` (Bailian) with `status`;
 * core's AppError codes are mapped to these by the plugin.
 */
export class AcsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
