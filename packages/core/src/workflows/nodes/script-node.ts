import { type VarType, valueMatches } from "../variables.js";
import { type NodeDefinition, NodeFailure } from "../workflow-types.js";
import { ConfigReader, checkNames } from "./config-reader.js";

export interface ScriptConfig {
  /** JavaScript defining `function main(inputs) { return { ... } }`. */
  code: string;
  inputs: { name: string; value: unknown }[];
  outputs: { name: string; type: VarType }[];
}

const SCRIPT_DEFAULT_TIMEOUT_MS = 5_000;
const MAX_CODE_CHARS = 100_000;

const FAILURE_CODES: Record<string, string> = { timeout: "Timeout", memory: "ScriptMemoryLimit", aborted: "Aborted", output: "InvalidOutput" };

/** Runs JavaScript in the sandbox (QuickJS in a child process): JSON in, JSON out, no host access. */
export const scriptNode: NodeDefinition<ScriptConfig> = {
  type: "Script",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const code = r.string("code", { required: true, max: MAX_CODE_CHARS });
    if (code && !/\bmain\b/.test(code)) report("code", "must define function main(inputs)");
    const inputs = r.objects("inputs", (i) => ({ name: i.string("name", { required: true }), value: i.raw.value ?? "" }), { max: 100 });
    const outputs = r.objects("outputs", (o) => ({ name: o.string("name", { required: true }), type: o.varType("type") }), { max: 100 });
    checkNames(
      inputs.map((i, n) => ({ name: i.name, field: `inputs[${n}].name` })),
      report,
    );
    checkNames(
      outputs.map((o, n) => ({ name: o.name, field: `outputs[${n}].name` })),
      report,
    );
    return { code, inputs, outputs };
  },
  outputs: (config) => Object.fromEntries(config.outputs.map((o) => [o.name, o.type])),
  sources: (config) => config.inputs.map((i, n) => ({ field: `inputs[${n}].value`, value: i.value })),
  defaultTimeoutMs: SCRIPT_DEFAULT_TIMEOUT_MS,
  // The sandbox enforces the limit on the script itself; starting a sandbox process does not count.
  timeoutSlackMs: 10_000,
  async run(ctx) {
    const sandbox = ctx.deps.sandbox;
    if (!sandbox) throw new NodeFailure("ScriptError", "no script sandbox is configured on this server");
    const inputs = Object.fromEntries(ctx.config.inputs.map((i, n) => [i.name, ctx.inputs[`inputs[${n}].value`] ?? null]));
    const result = await sandbox.run({ code: ctx.config.code, inputs, timeoutMs: ctx.timeoutMs ?? SCRIPT_DEFAULT_TIMEOUT_MS, signal: ctx.signal });
    if (!result.ok) throw new NodeFailure(FAILURE_CODES[result.kind] ?? "ScriptError", `script ${result.kind} error: ${result.message}`);
    const output = result.output;
    if (output === null || typeof output !== "object" || Array.isArray(output)) {
      throw new NodeFailure("InvalidOutput", "main() must return an object whose keys are the declared outputs");
    }
    const values = output as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    for (const o of ctx.config.outputs) {
      const value = Object.hasOwn(values, o.name) ? values[o.name] : undefined;
      if (value === undefined) throw new NodeFailure("InvalidOutput", `main() returned no '${o.name}' (declared ${o.type})`);
      if (!valueMatches(value, o.type))
        throw new NodeFailure("InvalidOutput", `output '${o.name}' must be a ${o.type}, got ${JSON.stringify(value).slice(0, 100)}`);
      outputs[o.name] = value;
    }
    return { outputs };
  },
};
