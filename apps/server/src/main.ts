import { MigrationError } from "@appstudio/storage";
import { ConfigError, loadConfig } from "./config.js";
import { onShutdownSignals } from "./lifecycle/shutdown-signals.js";
import { logUnhandledRejections, startServer } from "./start-server.js";

try {
  const config = loadConfig();
  const server = await startServer(config, process.stdout.isTTY ? { logger: { transport: { target: "pino-pretty" } } } : {});
  logUnhandledRejections(server.app);
  // Plain stdout rather than the logger, so it shows at every log level (scripts wait for it).
  process.stdout.write(`appstudio is running: console ${server.url}/  management API ${server.url}/manage/v1  app API ${server.url}/api/v1\n`);
  onShutdownSignals({ shutdown: () => server.close(), log: (message) => server.app.log.info(message) });
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
