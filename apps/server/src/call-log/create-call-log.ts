import type { CallLogWriter } from "@appstudio/core";

/** PLACEHOLDER until the database-backed, batched call log lands. */
export function createCallLog(): CallLogWriter {
  return { record: () => {}, flush: async () => {} };
}
