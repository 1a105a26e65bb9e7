export * from "../ports/model-provider.js";
export * from "../ports/tool-http-client.js";
export * from "./agent-events.js";
export * from "./build-messages.js";
export * from "./execute-tool.js";
export * from "./render-instructions.js";
export * from "./run-agent.js";
export * from "./static-model-router.js";
