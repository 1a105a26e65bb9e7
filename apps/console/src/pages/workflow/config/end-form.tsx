import { SegmentedControl, Stack, Switch, Text, TextInput } from "@mantine/core";
import { bool, ListEditor, type NodeFormProps, rows, str } from "./form-kit";
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
        <ListEditor
          label="Outputs"
          items={rows(config, "outputs")}
          onChange={(outputs) => set({ outputs })}
          newItem={(i) => ({ name: `output_${i + 1}`, value: "" })}
          addLabel="Output"
          testId="end-outputs"
          error={err("outputs", true)}
          render={(o, setO, i) => (
            <>
              <TextInput
                size="xs"
                label="Name"
                value={str(o, "name")}
                onChange={(e) => setO({ name: e.currentTarget.value })}
                error={err(`outputs[${i}].name`)}
              />
              <VariableField
                label="Value"
                value={str(o, "value")}
                onChange={(value) => setO({ value })}
                variables={variables}
                error={err(`outputs[${i}].value`)}
              />
            </>
          )}
        />
      )}
    </>
  );
}
