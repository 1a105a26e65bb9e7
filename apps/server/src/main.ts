import cluster from "node:cluster";
import { MigrationError } from "@appstudio/storage";
import { ConfigError, loadConfig } from "./config.js";
import { clusterWorkerConfig, isClusterPrimary, joinCluster, runClusterPrimary } from "./lifecycle/cluster.js";
import { onShutdownSignals } from "./lifecycle/shutdown-signals.js";
import { logUnhandledRejections, startServer } from "./start-server.js";

try {
  const config = clusterWorkerConfig(loadConfig());
  // Plain stdout rather than the logger, so it shows at every log level (scripts wait for it).
  const announce = (url: string, workers = "") =>
    process.stdout.write(`appstudio is running: console ${url}/  management API ${url}/manage/v1  app API ${url}/api/v1${workers}\n`);
  if (isClusterPrimary(config)) {
    // APPSTUDIO_WORKERS > 1: this process only forks and watches the workers (lifecycle/cluster.ts).
    await runClusterPrimary(config, {
      onListening: (url) => announce(url, `  (${config.workers} workers)`),
      log: (message) => process.stderr.write(`${message}\n`),
    });
  } else {
    const server = await startServer(config, process.stdout.isTTY ? { logger: { transport: { target: "pino-pretty" } } } : {});
    logUnhandledRejections(server.app);
    if (cluster.isWorker) joinCluster(server);
    else announce(server.url);
    onShutdownSignals({ shutdown: () => server.close(), log: (message) => server.app.log.info(message) });
  }
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof MigrationError) {
    process.stderr.write(`Cannot start: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
