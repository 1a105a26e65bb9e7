import { invalidField } from "@appstudio/core";
import { optionalText } from "../bailian/bailian-envelope.js";

export const MODELSTUDIO_VERSION = "2026-02-10";

/** ModelStudio 2026-02-10 answers flat bodies: the envelope fields beside the operation's own. */
export function modelStudioEnvelope(requestId: string, fields: Record<string, unknown> = {}) {
  return { requestId, success: true, code: "Success", message: "success", httpStatusCode: 200, ...fields };
}

/** Milliseconds since the epoch, as ModelStudio's `gmtCreate` (int64). */
export const gmtOf = (iso: string) => Date.parse(iso);

/** `order` (DESC | ASC); DESC when absent. */
export function orderOf(value: unknown): "ASC" | "DESC" {
  const order = optionalText(value, "order")?.toUpperCase() ?? "DESC";
  if (order !== "ASC" && order !== "DESC") throw invalidField("order", "must be DESC or ASC");
  return order;
}
