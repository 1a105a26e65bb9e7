export * from "./migrated-repositories.js";
export * from "./test-databases.js";
