import cluster from "node:cluster";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples, integer } from "../help.js";

export interface DatabaseFlags {
  dataDir?: string;
  databaseUrl?: string;
  config?: string;
}

/** Resolves the server config the way `serve` does (flags > env > config file > defaults), or fails with every problem listed. */
export async function loadServerConfig(
  env: NodeJS.ProcessEnv,
  overrides: DatabaseFlags & { port?: number; host?: string; redisUrl?: string; workers?: number | "auto" },
) {
  // Imported on demand: the server graph is large and most commands only talk HTTP.
  const { ConfigError, loadConfig } = await import("@appstudio/server");
  try {
    return loadConfig(env, {
      ...(overrides.port !== undefined ? { port: overrides.port } : {}),
      ...(overrides.host ? { host: overrides.host } : {}),
      ...(overrides.dataDir ? { dataDir: overrides.dataDir } : {}),
      ...(overrides.databaseUrl ? { databaseUrl: overrides.databaseUrl } : {}),
      ...(overrides.redisUrl ? { redisUrl: overrides.redisUrl } : {}),
      ...(overrides.workers !== undefined ? { workers: overrides.workers } : {}),
      ...(overrides.config ? { configFile: overrides.config } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`invalid configuration:\n${e.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw e;
  }
}

export function serveCommand(ctx: CliContext): Command {
  return new Command("serve")
    .description("Run the platform: console, management API and DashScope-compatible app API")
    .option("-p, --port <port>", "port to listen on (env PORT; default 8080; 0 picks a free one)", integer("--port", 0, 65535))
    .option("--host <address>", "address to bind (env APPSTUDIO_HOST; default 0.0.0.0, all interfaces)")
    .option("--data-dir <dir>", "directory for the SQLite file and the generated master key (env APPSTUDIO_DATA_DIR; default ./data)")
    .option(
      "--database-url <url>",
      "postgres://user:pass@host/db for PostgreSQL, or sqlite:/path/file.db (env DATABASE_URL; default: SQLite in the data directory)",
    )
    .option(
      "--redis-url <url>",
      "redis://host:6379 to share rate limits, sessions and events between several server processes (env REDIS_URL; default: in memory, single node)",
    )
    .option(
      "-w, --workers <n>",
      "server processes sharing the port (node:cluster), or 'auto' for one per core (env APPSTUDIO_WORKERS; default 1). Exact rate limits across workers need --redis-url",
      (value: string) => (value === "auto" ? ("auto" as const) : integer("--workers", 1, 256)(value)),
    )
    .option("-c, --config <file>", "JSON config file; flags win over environment variables, which win over the file (env APPSTUDIO_CONFIG)")
    .addHelpText(
      "after",
      `
On the first start the main account 'admin' is created with the password from
APPSTUDIO_ADMIN_PASSWORD, or a generated one printed once.
${examples(
  "appstudio serve",
  "appstudio serve --port 9000 --data-dir /var/lib/appstudio",
  "appstudio serve --workers auto",
  "appstudio serve --database-url postgres://appstudio:secret@db/appstudio --redis-url redis://cache:6379",
)}`,
    )
    .action(async (opts) => {
      const { ConfigError, clusterWorkerConfig, isClusterPrimary, joinCluster, logUnhandledRejections, onShutdownSignals, runClusterPrimary, startServer } =
        await import("@appstudio/server");
      const config = clusterWorkerConfig(await loadServerConfig(ctx.env, opts));
      if (isClusterPrimary(config)) {
        // This process only forks and watches the workers; each of them runs this command again as a worker.
        await runClusterPrimary(config, {
          onListening: (url) =>
            ctx.output.info(`appstudio is running at ${url}  (console /, management API /manage/v1, app API /api/v1; ${config.workers} workers)`),
          log: (message) => ctx.output.info(message),
        });
        return;
      }
      const pretty = process.stdout.isTTY && !ctx.env.NO_COLOR;
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(config, pretty ? { logger: { transport: { target: "pino-pretty" } } } : {});
      } catch (e) {
        // A weak APPSTUDIO_ADMIN_PASSWORD is only known once the database says this is the first start.
        if (e instanceof ConfigError) throw usageError(`invalid configuration:\n${e.problems.map((p) => `  - ${p}`).join("\n")}`);
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new CliError(`port ${config.port} on ${config.host} is already in use`, ExitCode.Error, "pick another with --port");
        if (code === "EACCES") throw new CliError(`not allowed to listen on port ${config.port}`, ExitCode.Error, "use a port above 1023, or --port");
        throw e;
      }
      logUnhandledRejections(server.app);
      if (cluster.isWorker) joinCluster(server);
      else ctx.output.info(`appstudio is running at ${server.url}  (console /, management API /manage/v1, app API /api/v1)`);
      onShutdownSignals({ shutdown: () => server.close(), log: (message) => ctx.output.info(message) });
    });
}
