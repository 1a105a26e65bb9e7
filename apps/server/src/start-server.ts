import { type AppError, bootstrapMainAccount, ensureDefaultWorkspaces, isAppError, MAIN_LOGIN_NAME, type PasswordHasher } from "@appstudio/core";
import type { FastifyInstance } from "fastify";
import { type BuildAppOptions, buildApp } from "./build-app.js";
import { ConfigError, type ServerConfig } from "./config.js";
import { type Container, createContainer } from "./container.js";
import { watchConnections } from "./lifecycle/drain-connections.js";
import { drainServer } from "./lifecycle/drain-server.js";
import { warnNearOpenFileLimit } from "./lifecycle/open-file-limit.js";

/** Pending connections the OS may queue before the server accepts them. */
const LISTEN_BACKLOG = 4096;

export interface RunningServer {
  app: FastifyInstance;
  container: Container;
  /** Where it listens, e.g. http://127.0.0.1:8080 */
  url: string;
  /**
   * Graceful stop: stops accepting, lets running calls and streams finish within `graceMs`
   * (default: the configured APPSTUDIO_SHUTDOWN_GRACE_MS), ends the rest, flushes and closes.
   */
  close(graceMs?: number): Promise<void>;
}

/** Opens storage, prepares first-start state, and listens. Used by `npm start`, `appstudio serve` and tests. */
export async function startServer(config: ServerConfig, options: BuildAppOptions & { hasher?: PasswordHasher } = {}): Promise<RunningServer> {
  const container = await createContainer(config, options.hasher ? { hasher: options.hasher } : {});
  const app = await buildApp(container, options);
  const connections = watchConnections(app.server);
  warnNearOpenFileLimit(app.server, app.log);
  try {
    await prepareFirstStart(container, app);
  } catch (e) {
    await app.close();
    await container.close();
    throw e;
  }
  // Connections the OS holds for us while the event loop is busy. Node's default (511) overflows
  // when thousands of streams open at once and a garbage collection pauses the loop: the OS then
  // drops or resets the overflow (docs/performance.md). Linux caps it at net.core.somaxconn.
  const address = await app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG });
  const url = address.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1");
  // A region defaulted for port 0 (tests, `--port 0`) advertises the port actually bound.
  for (const region of container.core.settings.regions) {
    if (region.sharedOrigin === "http://localhost:0") region.sharedOrigin = `http://localhost:${new URL(url).port}`;
  }

  // Ingest in the background only once serving: a start that fails above leaves no job half-done.
  container.ingestion.start();

  // Expired console sessions and conversations are dead weight; sweep them hourly (cheap, indexed).
  const sweep = setInterval(() => {
    const now = new Date().toISOString();
    container.core.repos.consoleSessions.purgeExpired(now).catch((err) => app.log.warn({ err }, "console session purge failed"));
    container.core.repos.conversations.purgeExpired(now).catch((err) => app.log.warn({ err }, "conversation purge failed"));
  }, 3600_000);
  sweep.unref();
  let closing: Promise<void> | undefined;

  return {
    app,
    container,
    url,
    close(graceMs = config.shutdownGraceMs) {
      clearInterval(sweep);
      // One drain, however many callers (a signal and a test, two signals) ask for it.
      closing ??= drainServer(app, container, connections, graceMs);
      return closing;
    },
  };
}

/**
 * For the process that serves (main.ts, `appstudio serve`), not for tests: a promise rejection
 * that no code handled is a bug to log loudly, not a reason to drop every request in flight.
 * (Request and stream code handles its own errors; this is the last line of defence.)
 */
export function logUnhandledRejections(app: FastifyInstance): void {
  process.on("unhandledRejection", (reason) => app.log.error({ err: reason }, "unhandled promise rejection; the server keeps running"));
}

async function prepareFirstStart(container: Container, app: FastifyInstance): Promise<void> {
  await ensureDefaultWorkspaces(container.core);
  const created = await bootstrapMainAccount(container.core, container.config.adminPassword).catch((e: unknown) => {
    // A weak APPSTUDIO_ADMIN_PASSWORD is a configuration problem: say so the way every other one is said.
    if (isAppError(e) && e.code === "InvalidParameter") throw new ConfigError([`adminPassword (APPSTUDIO_ADMIN_PASSWORD): ${fieldMessage(e)}`]);
    throw e;
  });
  if (created?.generatedPassword) {
    // Printed once, on the first start only: the operator's only chance to see it.
    process.stdout.write(
      `\n  Main account created. Sign in as '${MAIN_LOGIN_NAME}' with password: ${created.generatedPassword}\n` +
        "  (shown once; set APPSTUDIO_ADMIN_PASSWORD before the first start to choose it)\n\n",
    );
  } else if (created) {
    app.log.info(`main account '${MAIN_LOGIN_NAME}' created with the password from APPSTUDIO_ADMIN_PASSWORD`);
  }
}

/** The reason of a one-field `InvalidParameter` error, without the field name in front. */
function fieldMessage(e: AppError): string {
  const fields = e.details?.fields as { message: string }[] | undefined;
  return fields?.[0]?.message ?? e.message;
}
