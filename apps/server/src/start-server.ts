import { bootstrapMainAccount, ensureDefaultWorkspaces, MAIN_LOGIN_NAME, type PasswordHasher } from "@appstudio/core";
import type { FastifyInstance } from "fastify";
import { buildApp, type BuildAppOptions } from "./build-app.js";
import type { ServerConfig } from "./config.js";
import { type Container, createContainer } from "./container.js";

export interface RunningServer {
  app: FastifyInstance;
  container: Container;
  /** Where it listens, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** Opens storage, prepares first-start state, and listens. Used by `npm start`, `appstudio serve` and tests. */
export async function startServer(config: ServerConfig, options: BuildAppOptions & { hasher?: PasswordHasher } = {}): Promise<RunningServer> {
  const container = await createContainer(config, options.hasher ? { hasher: options.hasher } : {});
  const app = await buildApp(container, options);
  await prepareFirstStart(container, app);
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1");
  // A region defaulted for port 0 (tests, `--port 0`) advertises the port actually bound.
  for (const region of container.core.settings.regions) {
    if (region.sharedOrigin === "http://localhost:0") region.sharedOrigin = `http://localhost:${new URL(url).port}`;
  }

  // Expired console sessions and conversations are dead weight; sweep them hourly (cheap, indexed).
  const sweep = setInterval(() => {
    const now = new Date().toISOString();
    container.core.repos.consoleSessions.purgeExpired(now).catch((err) => app.log.warn({ err }, "console session purge failed"));
    container.core.repos.conversations.purgeExpired(now).catch((err) => app.log.warn({ err }, "conversation purge failed"));
  }, 3600_000);
  sweep.unref();

  return {
    app,
    container,
    url,
    async close() {
      clearInterval(sweep);
      await app.close();
      await container.close();
    },
  };
}

async function prepareFirstStart(container: Container, app: FastifyInstance): Promise<void> {
  await ensureDefaultWorkspaces(container.core);
  const created = await bootstrapMainAccount(container.core, container.config.adminPassword);
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
