import { Group, Select, Textarea, TextInput } from "@mantine/core";
import { VAR_TYPES } from "../node-catalog";
import { ListEditor, monoStyles, type NodeFormProps, rows, str } from "./form-kit";
import { NamedValuesEditor } from "./named-values-editor";

/** Script: JavaScript `main(inputs)` in the QuickJS sandbox; declared inputs in, typed outputs out. */
export function ScriptForm({ config, set, err, variables }: NodeFormProps) {
  return (
    <>
      <NamedValuesEditor
        field="inputs"
        label="Inputs"
        description="Values passed to main(inputs) by name"
        prefix="input"
        addLabel="Input"
        testId="script-inputs"
        config={config}
        set={set}
        err={err}
        variables={variables}
      />
      <Textarea
        label="Code"
        description="Define function main(inputs) (it may be async) returning an object with the declared outputs. No network, files or timers."
        required
        autosize
        minRows={6}
        maxRows={20}
        value={str(config, "code")}
        onChange={(e) => set({ code: e.currentTarget.value })}
        error={err("code")}
        styles={monoStyles}
        spellCheck={false}
        data-testid="script-code"
      />
      <ListEditor
        label="Outputs"
        items={rows(config, "outputs")}
        onChange={(outputs) => set({ outputs })}
        newItem={(i) => ({ name: `output_${i + 1}`, type: "String" })}
        addLabel="Output"
        testId="script-outputs"
        error={err("outputs", true)}
        render={(o, setO, i) => (
          <Group grow gap={6} align="flex-start">
            <TextInput
              size="xs"
              label="Name"
              value={str(o, "name")}
              onChange={(e) => setO({ name: e.currentTarget.value })}
              error={err(`outputs[${i}].name`)}
            />
            <Select
              size="xs"
              label="Type"
              data={[...VAR_TYPES]}
              value={str(o, "type", "String")}
              onChange={(t) => t && setO({ type: t })}
              allowDeselect={false}
            />
          </Group>
        )}
      />
    </>
  );
}
