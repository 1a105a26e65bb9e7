import { TextInput } from "@mantine/core";
import { ListEditor, type NodeFormProps, rows, str } from "./form-kit";
import { VariableField } from "./variable-field";

/**
 * A list of `{name, value}` rows whose value may reference upstream variables: End's JSON
 * outputs and Script's inputs. Errors are matched to `<field>[i].name` / `<field>[i].value`.
 */
export function NamedValuesEditor({
  field,
  label,
  description,
  prefix,
  addLabel,
  testId,
  config,
  set,
  err,
  variables,
}: Pick<NodeFormProps, "config" | "set" | "err" | "variables"> & {
  field: string;
  label: string;
  description?: string;
  /** New rows are named `<prefix>_<n>`. */
  prefix: string;
  addLabel: string;
  testId: string;
}) {
  return (
    <ListEditor
      label={label}
      {...(description ? { description } : {})}
      items={rows(config, field)}
      onChange={(items) => set({ [field]: items })}
      newItem={(i) => ({ name: `${prefix}_${i + 1}`, value: "" })}
      addLabel={addLabel}
      testId={testId}
      error={err(field, true)}
      render={(row, setRow, i) => (
        <>
          <TextInput
            size="xs"
            label="Name"
            value={str(row, "name")}
            onChange={(e) => setRow({ name: e.currentTarget.value })}
            error={err(`${field}[${i}].name`)}
          />
          <VariableField
            label="Value"
            value={typeof row.value === "string" ? row.value : JSON.stringify(row.value ?? "")}
            onChange={(value) => setRow({ value })}
            variables={variables}
            error={err(`${field}[${i}].value`)}
          />
        </>
      )}
    />
  );
}
