import { toText } from "../variables.js";
import type { NodeDefinition } from "../workflow-types.js";
import { ConfigReader, checkNames } from "./config-reader.js";

export interface EndConfig {
  mode: "text" | "json";
  /** Text mode: the answer, with variable references. */
  template: string;
  /** Text mode: stream the answer as upstream LLM / App component nodes produce it. */
  stream: boolean;
  /** agent_format: put the answer into `output.text` while streaming. */
  returnResult: boolean;
  /** JSON mode: named values of the answer object. */
  outputs: { name: string; value: string }[];
}

export const endNode: NodeDefinition<EndConfig> = {
  type: "End",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const mode = r.oneOf("mode", ["text", "json"] as const, "text");
    const outputs = r.objects("outputs", (o) => ({ name: o.string("name", { required: true }), value: o.string("value") }), { max: 100 });
    if (mode === "json")
      checkNames(
        outputs.map((o, i) => ({ name: o.name, field: `outputs[${i}].name` })),
        report,
      );
    return {
      mode,
      template: r.string("template", { max: 100_000 }),
      stream: r.boolean("stream", true),
      returnResult: r.boolean("returnResult", true),
      outputs,
    };
  },
  outputs: () => ({ result: "String" }),
  sources: (config) =>
    config.mode === "text" ? [{ field: "template", value: config.template }] : config.outputs.map((o, i) => ({ field: `outputs[${i}].value`, value: o.value })),
  streamed: ["result"],
  async run(ctx) {
    if (ctx.config.mode === "text") return { outputs: { result: toText(ctx.inputs.template) } };
    const answer = Object.fromEntries(ctx.config.outputs.map((o, i) => [o.name, ctx.inputs[`outputs[${i}].value`] ?? null]));
    return { outputs: { result: JSON.stringify(answer), ...answer } };
  },
};
