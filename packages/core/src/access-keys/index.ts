export * from "./access-key-ids.js";
export * from "./access-key-types.js";
export * from "./manage-access-keys.js";
