export * from "./fake-embeddings.js";
export * from "./fake-model-reply.js";
export * from "./fake-model-server.js";
export * from "./fast-hasher.js";
export * from "./in-memory-retriever.js";
export * from "./in-memory-workflow-runs.js";
export * from "./loopback-hosts.js";
export * from "./scripted-model-provider.js";
