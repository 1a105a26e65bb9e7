import { Group, Select, Switch, TextInput } from "@mantine/core";
import { VAR_TYPES } from "../node-catalog";
import { ListEditor, type NodeFormProps, rows, str } from "./form-kit";
import { ModelFields } from "./model-fields";
import { VariableField } from "./variable-field";

const TYPES = VAR_TYPES.filter((t) => !t.includes("File"));

/** Parameter extraction: a model reads typed fields out of text; each becomes an output. */
export function ParameterExtractionForm(props: NodeFormProps) {
  const { config, set, err, variables } = props;
  return (
    <>
      <ModelFields {...props} testId="extraction" />
      <VariableField
        label="Input text"
        required
        multiline
        minRows={2}
        value={str(config, "input")}
        onChange={(input) => set({ input })}
        variables={variables}
        error={err("input")}
        testId="extraction-input"
      />
      <ListEditor
        label="Parameters"
        items={rows(config, "parameters")}
        onChange={(parameters) => set({ parameters })}
        newItem={(i) => ({ name: `param_${i + 1}`, type: "String", description: "", required: true })}
        addLabel="Parameter"
        testId="extraction-parameters"
        error={err("parameters", true)}
        minItems={1}
        max={50}
        render={(p, setP, i) => (
          <>
            <Group grow gap={6} align="flex-start">
              <TextInput
                size="xs"
                label="Name"
                value={str(p, "name")}
                onChange={(e) => setP({ name: e.currentTarget.value })}
                error={err(`parameters[${i}].name`)}
              />
              <Select
                size="xs"
                label="Type"
                data={TYPES}
                value={str(p, "type", "String")}
                onChange={(t) => t && setP({ type: t })}
                allowDeselect={false}
                error={err(`parameters[${i}].type`)}
              />
            </Group>
            <TextInput size="xs" label="Description" value={str(p, "description")} onChange={(e) => setP({ description: e.currentTarget.value })} />
            <Switch size="xs" label="Required" checked={p.required !== false} onChange={(e) => setP({ required: e.currentTarget.checked })} />
          </>
        )}
      />
      <VariableField
        label="Instruction"
        multiline
        minRows={2}
        value={str(config, "instruction")}
        onChange={(instruction) => set({ instruction })}
        variables={variables}
        error={err("instruction")}
      />
    </>
  );
}
