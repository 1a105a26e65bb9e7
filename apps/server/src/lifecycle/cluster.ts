import cluster, { type Worker } from "node:cluster";
import { type AddressInfo, createServer } from "node:net";
import type { ServerConfig } from "../config.js";
import { answerMetricsRequests } from "../observability/cluster-metrics.js";
import type { RunningServer } from "../start-server.js";

/** Messages between the primary and its workers (node:cluster's IPC channel). */
const LISTENING = "appstudio:listening";
const SHUT_DOWN = "appstudio:shutdown";

/** Exit status of a primary ended by a second signal, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** A worker that dies sooner than this after its start is restarted after a pause, so a crash loop does not spin. */
const STEADY_MS = 5_000;
const RESTART_PAUSE_MS = 1_000;

/** True in the process that should fork the workers rather than serve: `workers` > 1 and not a worker itself. */
export const isClusterPrimary = (config: Pick<ServerConfig, "workers">): boolean => config.workers > 1 && cluster.isPrimary;

export interface PrimaryOptions {
  /** Told once every worker listens (the URL they share). */
  onListening(url: string): void;
  log(message: string): void;
  exit?: (code: number) => void;
}

/**
 * The primary of `serve --workers N`: forks N server processes that share the port (node:cluster
 * hands each new connection to the next worker), and serves nothing itself. The first worker
 * starts alone (it migrates the database and creates the main account), the others once it
 * listens. A worker that dies is replaced. The first SIGTERM/SIGINT asks every worker to shut
 * down gracefully (each drains its own calls, see `drainServer`) and exits once they all have;
 * a second one ends them at once.
 */
export async function runClusterPrimary(config: Pick<ServerConfig, "workers" | "port" | "host">, options: PrimaryOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let announced = false;
  let othersForked = false;
  const live = new Set<Worker>();
  const listening = new Set<Worker>();
  // Workers share a port only when they name the same one: `--port 0` is resolved here, once.
  const port = config.port === 0 ? await freePort(config.host) : config.port;

  const fork = () => {
    const worker = cluster.fork({ [CLUSTER_PORT]: String(port) });
    live.add(worker);
    answerMetricsRequests(worker);
    const bornAt = Date.now();
    worker.on("message", (message: { type?: string; url?: string }) => {
      if (message?.type !== LISTENING || typeof message.url !== "string") return;
      // Started while the others were being stopped: it missed the message.
      if (stopping) return void worker.send({ type: SHUT_DOWN });
      listening.add(worker);
      if (!othersForked) {
        othersForked = true;
        for (let i = 1; i < config.workers; i++) fork();
      }
      if (!announced && listening.size === config.workers) {
        announced = true;
        options.onListening(message.url);
      }
    });
    worker.on("exit", (code, signal) => {
      live.delete(worker);
      const wasListening = listening.delete(worker);
      if (stopping) {
        if (live.size === 0) exit(0);
        return;
      }
      // The first worker failing to start (bad configuration, port taken) ends the whole server.
      if (!wasListening && !announced) {
        options.log(`worker ${worker.process.pid} exited before listening (${signal ?? `code ${code}`}); stopping`);
        stopAll();
        exit(typeof code === "number" && code !== 0 ? code : 1);
        return;
      }
      const pause = Date.now() - bornAt < STEADY_MS ? RESTART_PAUSE_MS : 0;
      options.log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another${pause ? ` in ${pause} ms` : ""}`);
      setTimeout(fork, pause);
    });
  };

  const stopAll = (force = false) => {
    for (const worker of live) {
      if (force) worker.process.kill("SIGKILL");
      else if (worker.isConnected()) worker.send({ type: SHUT_DOWN });
      else worker.process.kill("SIGTERM");
    }
  };

  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    if (stopping) {
      options.log(`${signal} received again: ending the workers now`);
      stopAll(true);
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    stopping = true;
    options.log(`${signal} received: the workers finish their running calls, then exit (send it again to end them at once)`);
    if (live.size === 0) return exit(0);
    stopAll();
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  fork();
}

/** The port a worker listens on, chosen by the primary (set in the worker's environment). */
const CLUSTER_PORT = "APPSTUDIO_CLUSTER_PORT";

/** The config of this process: in a worker, the port is the primary's (flags and `PORT` name 0 for "any"). */
export function clusterWorkerConfig<C extends Pick<ServerConfig, "port">>(config: C): C {
  const port = process.env[CLUSTER_PORT];
  return cluster.isWorker && port ? { ...config, port: Number(port) } : config;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * In a worker: tells the primary it listens, and shuts down gracefully when the primary says so
 * (the same drain as a signal; `close()` runs once however often it is asked). Nothing outside a cluster.
 */
export function joinCluster(server: Pick<RunningServer, "url" | "close">, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (!cluster.isWorker) return;
  process.send?.({ type: LISTENING, url: server.url });
  process.on("message", (message: { type?: string }) => {
    if (message?.type !== SHUT_DOWN) return;
    server.close().then(
      () => exit(0),
      () => exit(1),
    );
  });
}
