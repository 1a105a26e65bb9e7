export * from "./build-app.js";
export * from "./config.js";
export * from "./container.js";
export * from "./start-server.js";
export * from "./lifecycle/shutdown-signals.js";
