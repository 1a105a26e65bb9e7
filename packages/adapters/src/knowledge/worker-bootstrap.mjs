import { workerData } from "node:worker_threads";

// The server runs TypeScript through tsx, whose loader does not reach worker threads on
// Node 20: register it here before loading a .ts entry.
if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
