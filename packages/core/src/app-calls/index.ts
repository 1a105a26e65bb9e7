export * from "./completion-request.js";
export * from "./run-app-turn.js";
export * from "./turn-memory.js";
