export * from "./extract-memories.js";
export * from "./manage-memories.js";
export * from "./manage-memory-nodes.js";
export * from "./memory-types.js";
export * from "./select-memory-nodes.js";
