import { type VarType, valueMatches, wholeRef } from "../variables.js";
import { type NodeDefinition, NodeFailure } from "../workflow-types.js";
import { ConfigReader, checkNames } from "./config-reader.js";

interface Assignment {
  name: string;
  /** A reference (typed), a template (String) or a literal JSON value. */
  value: unknown;
  type: VarType;
}

export interface VariableAssignmentConfig {
  assignments: Assignment[];
}

/** Gives values names: copies, literals and small templates, each checked against its type. */
export const variableAssignmentNode: NodeDefinition<VariableAssignmentConfig> = {
  type: "VariableAssignment",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const assignments = r.objects(
      "assignments",
      (a) => ({ name: a.string("name", { required: true }), value: a.raw.value ?? "", type: a.varType("type", "Any" as VarType) }),
      { required: true, max: 100 },
    );
    checkNames(
      assignments.map((a, i) => ({ name: a.name, field: `assignments[${i}].name` })),
      report,
    );
    assignments.forEach((a, i) => {
      if (typeof a.value !== "string" && a.type !== "Any" && !valueMatches(a.value, a.type)) report(`assignments[${i}].value`, `must be a ${a.type}`);
    });
    return { assignments };
  },
  outputs: (config) => Object.fromEntries(config.assignments.map((a) => [a.name, a.type])),
  sources: (config) => config.assignments.map((a, i) => ({ field: `assignments[${i}].value`, value: a.value, expect: a.type })),
  async run(ctx) {
    const outputs: Record<string, unknown> = {};
    ctx.config.assignments.forEach((a, i) => {
      const value = ctx.inputs[`assignments[${i}].value`];
      // A template always renders to text; only references and literals can carry other types.
      if (a.type !== "Any" && value !== undefined && !valueMatches(value, a.type) && (wholeRef(a.value) || typeof a.value !== "string")) {
        throw new NodeFailure("InvalidInput", `assignments[${i}] '${a.name}' must be a ${a.type}`);
      }
      outputs[a.name] = value ?? null;
    });
    return { outputs };
  },
};
