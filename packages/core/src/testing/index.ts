export * from "./fast-hasher.js";
export * from "./fake-model-server.js";
export * from "./scripted-model-provider.js";
export * from "./in-memory-workflow-runs.js";
