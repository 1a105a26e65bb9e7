import { SegmentedControl, Stack, Switch, Text } from "@mantine/core";
import { bool, type NodeFormProps, str } from "./form-kit";
import { NamedValuesEditor } from "./named-values-editor";
import { VariableField } from "./variable-field";

/** End: a text answer (template, optionally streamed) or a JSON object of named values. */
export function EndForm({ config, set, err, variables }: NodeFormProps) {
  const mode = str(config, "mode", "text");
  return (
    <>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Answer
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Answer format"
          value={mode}
          onChange={(v) => set({ mode: v })}
          data={[
            { value: "text", label: "Text" },
            { value: "json", label: "JSON" },
          ]}
          data-testid="end-mode"
        />
      </Stack>
      {mode === "text" ? (
        <>
          <VariableField
            label="Answer template"
            description="Text with {{Node_id.field}} references"
            multiline
            value={str(config, "template")}
            onChange={(template) => set({ template })}
            variables={variables}
            error={err("template")}
            testId="end-template"
          />
          <Switch
            label="Stream the answer"
            description="Send LLM output as it arrives"
            checked={bool(config, "stream", true)}
            onChange={(e) => set({ stream: e.currentTarget.checked })}
          />
          <Switch
            label="Return the result"
            description="Put the answer into output.text (agent_format, full_thoughts)"
            checked={bool(config, "returnResult", true)}
            onChange={(e) => set({ returnResult: e.currentTarget.checked })}
          />
        </>
      ) : (
        <NamedValuesEditor
          field="outputs"
          label="Outputs"
          prefix="output"
          addLabel="Output"
          testId="end-outputs"
          config={config}
          set={set}
          err={err}
          variables={variables}
        />
      )}
    </>
  );
}
