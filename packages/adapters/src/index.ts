export * from "./crypto/argon2-hasher.js";
export * from "./crypto/secret-box.js";
export * from "./rate-limit/create-rate-limiter.js";
export * from "./openai/index.js";
export * from "./http-tool-client.js";
export * from "./sandbox/quickjs-sandbox.js";
export * from "./network-policy.js";
