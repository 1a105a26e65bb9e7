import { ConfigReader } from "./nodes/config-reader.js";
import type { ErrorPolicy, NodeErrorHandling, Report } from "./workflow-types.js";

const MAX_RETRIES = 5;
const MAX_NODE_TIMEOUT_MS = 600_000;

/**
 * The settings every node config may carry besides its own: `timeoutMs`, `retries`,
 * `retryDelayMs`, `onError` (`fail` | `default` | `branch`) and `defaultOutputs`.
 */
export function readErrorHandling(raw: Record<string, unknown>, report: Report): NodeErrorHandling {
  const r = new ConfigReader(raw, report);
  const policy: ErrorPolicy = r.oneOf("onError", ["fail", "default", "branch"] as const, "fail");
  const defaultOutputs = r.record("defaultOutputs");
  return {
    policy,
    retries: r.number("retries", { fallback: 0, min: 0, max: MAX_RETRIES, integer: true }) ?? 0,
    retryDelayMs: r.number("retryDelayMs", { fallback: 0, min: 0, max: 60_000, integer: true }) ?? 0,
    timeoutMs: r.number("timeoutMs", { min: 1, max: MAX_NODE_TIMEOUT_MS, integer: true }),
    defaultOutputs,
  };
}
