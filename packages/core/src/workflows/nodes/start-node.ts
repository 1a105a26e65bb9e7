import { AppError, type FieldProblem } from "../../errors.js";
import { typeOfValue, type VarType, valueMatches } from "../variables.js";
import type { NodeDefinition, WorkflowCall } from "../workflow-types.js";
import { ConfigReader, checkNames } from "./config-reader.js";

export interface StartVariable {
  name: string;
  type: VarType;
  /** A missing required variable is a 400; an optional one takes `default` (or stays unset). */
  required: boolean;
  default?: unknown;
  description: string;
}

export interface StartConfig {
  variables: StartVariable[];
}

/** Preset variables every Start node has, fed from `prompt`, the history and `image_list`. */
export const START_PRESETS: Record<string, VarType> = { query: "String", historyList: "Array<Object>", imageList: "Array<File>" };

export const startNode: NodeDefinition<StartConfig> = {
  type: "Start",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const variables = r.objects(
      "variables",
      (v) => {
        const variable: StartVariable = {
          name: v.string("name", { required: true }),
          type: v.varType("type"),
          required: v.boolean("required", true),
          description: v.string("description", { max: 1000 }),
        };
        if (v.raw.default !== undefined) {
          variable.default = v.raw.default;
          if (!valueMatches(v.raw.default, variable.type)) report(v.path("default"), `must be a ${variable.type}`);
        }
        return variable;
      },
      { max: 100 },
    );
    checkNames(
      variables.map((v, i) => ({ name: v.name, field: `variables[${i}].name` })),
      report,
      Object.keys(START_PRESETS),
    );
    return { variables };
  },
  outputs: (config) => ({ ...START_PRESETS, ...Object.fromEntries(config.variables.map((v) => [v.name, v.type])) }),
  sources: () => [],
  async run(ctx) {
    return { outputs: startValues(ctx.config, ctx.call) };
  },
};

/**
 * The Start node's values for a call. Custom variables come from `biz_params` by name and must
 * have their declared type; every problem is reported at once, as a 400 naming the fields.
 */
export function startValues(config: StartConfig, call: Pick<WorkflowCall, "prompt" | "history" | "imageList" | "bizParams">): Record<string, unknown> {
  const problems: FieldProblem[] = [];
  const values: Record<string, unknown> = {
    query: call.prompt,
    historyList: call.history.map((m) => ({ role: m.role, content: m.content })),
    imageList: call.imageList,
  };
  for (const v of config.variables) {
    const field = `input.biz_params.${v.name}`;
    const given = Object.hasOwn(call.bizParams, v.name) ? call.bizParams[v.name] : undefined;
    if (given === undefined || given === null) {
      if (v.default !== undefined) values[v.name] = v.default;
      else if (v.required) problems.push({ field, message: `is required: the workflow's Start node declares '${v.name}' (${v.type})` });
      continue;
    }
    if (!valueMatches(given, v.type)) {
      const actual = typeOfValue(given);
      problems.push({
        field,
        message: `must be a ${v.type}${v.type === "File" ? " (a URL)" : ""}, not ${actual === "Array<Any>" ? "an Array" : `a ${actual}`}`,
      });
      continue;
    }
    values[v.name] = given;
  }
  if (problems.length > 0) {
    const message = problems.map((p) => `${p.field} ${p.message}`).join("; ");
    throw new AppError("InvalidParameter", message, { fields: problems });
  }
  return values;
}
