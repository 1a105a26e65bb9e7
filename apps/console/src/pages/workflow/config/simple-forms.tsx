import { Group, Select, Switch, TextInput } from "@mantine/core";
import { VAR_TYPES } from "../node-catalog";
import { bool, ListEditor, type NodeFormProps, rows, str } from "./form-kit";
import { VariableField } from "./variable-field";

/** Text conversion: one template rendered into `result`. */
export function TextConversionForm({ config, set, err, variables }: NodeFormProps) {
  return (
    <>
      <VariableField
        label="Template"
        description="Text with {{Node_id.field}} references"
        required
        multiline
        value={str(config, "template")}
        onChange={(template) => set({ template })}
        variables={variables}
        error={err("template")}
        testId="text-template"
      />
      <Switch
        label="Return the result"
        description="Also put the text into output.text"
        checked={bool(config, "returnResult", false)}
        onChange={(e) => set({ returnResult: e.currentTarget.checked })}
      />
    </>
  );
}

/** Variable assignment: named, typed values (references keep their type; templates are text). */
export function VariableAssignmentForm({ config, set, err, variables }: NodeFormProps) {
  return (
    <ListEditor
      label="Assignments"
      items={rows(config, "assignments")}
      onChange={(assignments) => set({ assignments })}
      newItem={(i) => ({ name: `value_${i + 1}`, value: "", type: "String" })}
      addLabel="Assignment"
      testId="assignments"
      error={err("assignments", true)}
      minItems={1}
      render={(a, setA, i) => (
        <>
          <Group grow gap={6} align="flex-start">
            <TextInput
              size="xs"
              label="Name"
              value={str(a, "name")}
              onChange={(e) => setA({ name: e.currentTarget.value })}
              error={err(`assignments[${i}].name`)}
            />
            <Select
              size="xs"
              label="Type"
              data={["Any", ...VAR_TYPES]}
              value={str(a, "type", "Any")}
              onChange={(t) => t && setA({ type: t })}
              allowDeselect={false}
            />
          </Group>
          <VariableField
            label="Value"
            value={typeof a.value === "string" ? a.value : JSON.stringify(a.value ?? "")}
            onChange={(value) => setA({ value })}
            variables={variables}
            error={err(`assignments[${i}].value`)}
          />
        </>
      )}
    />
  );
}
