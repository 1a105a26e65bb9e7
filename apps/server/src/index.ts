export * from "./build-app.js";
export * from "./config.js";
export * from "./container.js";
export { clusterWorkerConfig, isClusterPrimary, joinCluster, runClusterPrimary } from "./lifecycle/cluster.js";
export { keyOpensSecrets } from "./lifecycle/shared-settings.js";
export * from "./lifecycle/shutdown-signals.js";
export * from "./start-server.js";
