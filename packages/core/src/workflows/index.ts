export * from "./variables.js";
export * from "./workflow-types.js";
export * from "./workflow-run-types.js";
export * from "./analyze-graph.js";
export * from "./run-workflow.js";
export * from "./workflow-runs.js";
export { nodeDefinitions } from "./nodes/node-registry.js";
export { START_PRESETS, startValues, type StartConfig, type StartVariable } from "./nodes/start-node.js";
export { conditionOperators, compare } from "./nodes/condition-node.js";
