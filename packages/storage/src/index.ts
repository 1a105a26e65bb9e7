export * from "./schema.js";
export * from "./migrations/index.js";
export * from "./dialects/create-database.js";
export * from "./dialects/errors.js";
export * from "./create-repositories.js";
