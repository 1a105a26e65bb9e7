export * from "./guarded-fetch.js";
export * from "./sdk-mcp-connector.js";
