import { NumberInput, Switch } from "@mantine/core";
import { bool, type NodeFormProps, num, str } from "./form-kit";
import { acceptsHistory, ModelFields } from "./model-fields";
import { VariableField } from "./variable-field";

/** LLM: model, prompt templates, optional history; its `result` streams. */
export function LlmForm(props: NodeFormProps) {
  const { config, set, err, variables } = props;
  return (
    <>
      <ModelFields {...props} testId="llm" />
      <VariableField
        label="System prompt"
        multiline
        minRows={2}
        value={str(config, "systemPrompt")}
        onChange={(systemPrompt) => set({ systemPrompt })}
        variables={variables}
        error={err("systemPrompt")}
        testId="llm-system-prompt"
      />
      <VariableField
        label="User prompt"
        required
        multiline
        value={str(config, "userPrompt")}
        onChange={(userPrompt) => set({ userPrompt })}
        variables={variables}
        error={err("userPrompt")}
        testId="llm-user-prompt"
      />
      <VariableField
        label="History"
        description="Dialog workflows: a reference to an Array<Object> of {role, content}, e.g. Start's historyList"
        mode="replace"
        accept={acceptsHistory}
        value={str(config, "history")}
        onChange={(history) => set({ history })}
        variables={variables}
        error={err("history")}
        testId="llm-history"
      />
      {str(config, "history") ? (
        <NumberInput
          label="History rounds"
          min={0}
          max={50}
          allowDecimal={false}
          value={num(config, "historyRounds") ?? 3}
          onChange={(v) => set({ historyRounds: typeof v === "number" ? v : 3 })}
          error={err("historyRounds")}
          maw={200}
        />
      ) : null}
      <Switch
        label="Return the result"
        description="Also put this node's answer into output.text"
        checked={bool(config, "returnResult", false)}
        onChange={(e) => set({ returnResult: e.currentTarget.checked })}
      />
    </>
  );
}
