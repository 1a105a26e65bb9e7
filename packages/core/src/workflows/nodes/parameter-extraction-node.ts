import type { VarType } from "../variables.js";
import { valueMatches } from "../variables.js";
import { type NodeDefinition, NodeFailure } from "../workflow-types.js";
import { ConfigReader, checkNames } from "./config-reader.js";
import { callModel, extractJsonObject, type ModelSettings, readModelSettings } from "./model-call.js";

interface ExtractedParameter {
  name: string;
  type: VarType;
  description: string;
  required: boolean;
}

export interface ParameterExtractionConfig extends ModelSettings {
  input: string;
  parameters: ExtractedParameter[];
  instruction: string;
}

/** Asks a model to read typed fields out of free text; the answer is checked against the types. */
export const parameterExtractionNode: NodeDefinition<ParameterExtractionConfig> = {
  type: "ParameterExtraction",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const parameters = r.objects(
      "parameters",
      (p) => ({
        name: p.string("name", { required: true }),
        type: p.varType("type"),
        description: p.string("description", { max: 2000 }),
        required: p.boolean("required", true),
      }),
      { required: true, max: 50 },
    );
    parameters.forEach((p, i) => {
      if (p.type === "File" || p.type === "Array<File>") report(`parameters[${i}].type`, "files cannot be extracted from text");
    });
    checkNames(
      parameters.map((p, i) => ({ name: p.name, field: `parameters[${i}].name` })),
      report,
    );
    return { ...readModelSettings(r), input: r.string("input", { required: true }), parameters, instruction: r.string("instruction", { max: 20_000 }) };
  },
  outputs: (config) => Object.fromEntries(config.parameters.map((p) => [p.name, p.type])),
  sources: (config) => [
    { field: "input", value: config.input },
    { field: "instruction", value: config.instruction },
  ],
  defaultTimeoutMs: 60_000,
  async run(ctx) {
    const { config } = ctx;
    const fields = config.parameters.map((p) => `- ${p.name} (${p.type}${p.required ? ", required" : ", optional"}): ${p.description}`).join("\n");
    const instruction = String(ctx.inputs.instruction ?? "").trim();
    const system =
      "Extract these parameters from the user's text:\n" +
      `${fields}\n` +
      (instruction ? `${instruction}\n` : "") +
      "Answer with one JSON object whose keys are the parameter names; use null for a value the text does not contain.";
    const result = await callModel(ctx, { ...config, temperature: config.temperature ?? 0 }, [
      { role: "system", content: system },
      { role: "user", content: String(ctx.inputs.input ?? "") },
    ]);
    const answer = extractJsonObject(result.text);
    if (!answer) throw new NodeFailure("InvalidOutput", `the model did not answer with a JSON object: ${result.text.slice(0, 200)}`);
    const outputs: Record<string, unknown> = {};
    for (const p of config.parameters) {
      const value = coerce(answer[p.name], p.type);
      if (value === null) {
        if (p.required) throw new NodeFailure("InvalidOutput", `the model found no value for required parameter '${p.name}'`);
      } else if (!valueMatches(value, p.type)) {
        throw new NodeFailure("InvalidOutput", `parameter '${p.name}' must be a ${p.type}; the model gave ${JSON.stringify(value).slice(0, 100)}`);
      }
      outputs[p.name] = value;
    }
    return { outputs, usage: result.usage, model: config.model };
  },
};

/** Models often quote numbers and booleans; read them as the declared type when unambiguous. */
function coerce(value: unknown, type: VarType): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (type === "Number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (type === "Boolean" && (value === "true" || value === "false")) return value === "true";
  if (type === "String" && (typeof value === "number" || typeof value === "boolean")) return String(value);
  return value;
}
