import { pendingMigrations, pingDatabase } from "@appstudio/storage";
import type { Container } from "../container.js";

/** Longest a readiness check waits for one dependency: probes must answer well within their own timeout. */
const READINESS_TIMEOUT_MS = 2000;

interface CheckResult {
  status: "ok" | "fail";
  /** Why it failed, in words that name no address or secret (the cause is logged). */
  message?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * Whether this process should get traffic: the database answers, every migration is applied,
 * Redis answers when configured, and no shutdown has started. Checks run in parallel, each
 * bounded by `READINESS_TIMEOUT_MS`, so a hung dependency makes the probe fail rather than hang.
 */
export async function checkReadiness(container: Container, log: (err: unknown, check: string) => void): Promise<Readiness> {
  const checks: Record<string, Promise<CheckResult>> = {
    database: bounded(
      () => pingDatabase(container.database.db),
      "the database did not answer",
      (e) => log(e, "database"),
    ),
    migrations: bounded(
      async () => {
        const pending = await pendingMigrations(container.database.db);
        if (pending.length > 0) throw new NotReady(`${pending.length} migration(s) not applied: ${pending.join(", ")}`);
      },
      "could not read the applied migrations",
      (e) => log(e, "migrations"),
    ),
  };
  const { redis } = container;
  if (redis) {
    checks.redis = bounded(
      async () => {
        // Not connected: say so at once rather than wait for a command that cannot be sent.
        if (redis.status !== "ready") throw new NotReady(`not connected (${redis.status})`);
        await redis.ping();
      },
      "Redis did not answer",
      (e) => log(e, "redis"),
    );
  }
  if (container.lifecycle.draining) checks.shutdown = Promise.resolve({ status: "fail", message: "shutting down" });

  const names = Object.keys(checks);
  const results = await Promise.all(Object.values(checks));
  const report: Record<string, CheckResult> = {};
  names.forEach((name, i) => {
    report[name] = results[i] as CheckResult;
  });
  return { ready: results.every((r) => r.status === "ok"), checks: report };
}

/** A failed check whose message is safe to show (no address, no secret). */
class NotReady extends Error {}

async function bounded(check: () => Promise<void>, failure: string, log: (err: unknown) => void): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotReady(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: "ok" };
  } catch (e) {
    log(e);
    return { status: "fail", message: e instanceof NotReady ? e.message : failure };
  } finally {
    clearTimeout(timer);
  }
}
