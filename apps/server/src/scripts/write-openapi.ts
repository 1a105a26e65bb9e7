/**
 * Writes the OpenAPI document of the running code to openapi.json at the repository root.
 * `--check` fails instead when the committed file differs (CI runs that).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp } from "../build-app.js";
import { loadConfig } from "../config.js";
import { createContainer } from "../container.js";

const target = resolve(import.meta.dirname, "../../../../openapi.json");
const dataDir = mkdtempSync(join(tmpdir(), "appstudio-openapi-"));
const config = loadConfig({ APPSTUDIO_DATA_DIR: dataDir, LOG_LEVEL: "silent", APPSTUDIO_PROBE_OLLAMA: "false" });
const container = await createContainer(config);
const app = await buildApp(container, { logger: false });
await app.ready();
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await container.close();
rmSync(dataDir, { recursive: true, force: true });

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (committed !== document) {
    process.stderr.write("openapi.json is stale: run `npm run openapi` and commit the result.\n");
    process.exit(1);
  }
  process.stdout.write("openapi.json is up to date.\n");
} else {
  writeFileSync(target, document);
  process.stdout.write(`wrote ${target}\n`);
}
