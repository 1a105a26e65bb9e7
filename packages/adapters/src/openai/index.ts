export * from "./concurrency-limit.js";
export * from "./embeddings-client.js";
export * from "./map-upstream-error.js";
export * from "./openai-provider.js";
export * from "./to-openai-request.js";
export * from "./tool-call-assembler.js";
