export * from "./create-repositories.js";
export * from "./dialects/create-database.js";
export * from "./dialects/errors.js";
export * from "./migrations/index.js";
export * from "./schema.js";
