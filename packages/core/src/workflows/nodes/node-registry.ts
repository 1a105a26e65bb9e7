import type { NodeDefinition } from "../workflow-types.js";
import { appComponentNode } from "./app-component-node.js";
import { conditionNode } from "./condition-node.js";
import { endNode } from "./end-node.js";
import { httpRequestNode } from "./http-request-node.js";
import { intentClassificationNode } from "./intent-classification-node.js";
import { iterationNode } from "./iteration-node.js";
import { knowledgeRetrievalNode } from "./knowledge-retrieval-node.js";
import { llmNode } from "./llm-node.js";
import { mcpNode } from "./mcp-node.js";
import { parameterExtractionNode } from "./parameter-extraction-node.js";
import { scriptNode } from "./script-node.js";
import { startNode } from "./start-node.js";
import { textConversionNode } from "./text-conversion-node.js";
import { variableAssignmentNode } from "./variable-assignment-node.js";

/** Every node type the engine runs, by `node.type` (also the DashScope `node_type`). */
export const nodeDefinitions: ReadonlyMap<string, NodeDefinition<any>> = new Map(
  [
    startNode,
    endNode,
    llmNode,
    intentClassificationNode,
    conditionNode,
    scriptNode,
    httpRequestNode,
    textConversionNode,
    variableAssignmentNode,
    parameterExtractionNode,
    iterationNode,
    appComponentNode,
    knowledgeRetrievalNode,
    mcpNode,
  ].map((def) => [def.type, def as NodeDefinition<any>]),
);
