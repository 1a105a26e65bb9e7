export * from "./authenticate-api-key.js";
export * from "./completion-request.js";
export * from "./resolve-called-app.js";
export * from "./run-app-turn.js";
export * from "./turn-memory.js";
