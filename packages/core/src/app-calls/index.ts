export * from "./completion-request.js";
export * from "./authenticate-api-key.js";
export * from "./resolve-called-app.js";
export * from "./run-app-turn.js";
