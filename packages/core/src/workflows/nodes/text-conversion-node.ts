import { toText } from "../variables.js";
import type { NodeDefinition } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

export interface TextConversionConfig {
  template: string;
  returnResult: boolean;
}

/** Renders a template over earlier variables into one string. */
export const textConversionNode: NodeDefinition<TextConversionConfig> = {
  type: "TextConversion",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    return { template: r.string("template", { required: true, max: 100_000 }), returnResult: r.boolean("returnResult", false) };
  },
  outputs: () => ({ result: "String" }),
  sources: (config) => [{ field: "template", value: config.template }],
  async run(ctx) {
    return { outputs: { result: toText(ctx.inputs.template) } };
  },
};
