import { TextInput } from "@mantine/core";
import { useState } from "react";
import type { VariableGroup } from "../graph-model";
import { type Config, ListEditor, str } from "./form-kit";
import { VariableField } from "./variable-field";

interface KvEditorProps {
  label: string;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  variables: VariableGroup[];
  err: (field: string, exact?: boolean) => string | undefined;
  /** The config field holding the map, for error lookup (`headers` → `headers.Authorization`). */
  field: string;
  testId: string;
  description?: string;
}

/**
 * A name → template map (HTTP headers and query, app component parameters) edited as rows.
 * Rows live locally so a half-typed or empty name does not lose its value.
 */
export function KvEditor({ label, value, onChange, variables, err, field, testId, description }: KvEditorProps) {
  const [items, setItems] = useState<Config[]>(() =>
    Object.entries(value).map(([name, v]) => ({ name, value: typeof v === "string" ? v : JSON.stringify(v) })),
  );
  const update = (next: Config[]) => {
    setItems(next);
    onChange(Object.fromEntries(next.filter((r) => str(r, "name").trim() !== "").map((r) => [str(r, "name").trim(), str(r, "value")])));
  };
  return (
    <ListEditor
      label={label}
      description={description}
      items={items}
      onChange={update}
      newItem={() => ({ name: "", value: "" })}
      addLabel="Add"
      testId={testId}
      error={err(field, true)}
      render={(row, setRow) => (
        <>
          <TextInput size="xs" label="Name" value={str(row, "name")} onChange={(e) => setRow({ name: e.currentTarget.value })} />
          <VariableField
            label="Value"
            value={str(row, "value")}
            onChange={(v) => setRow({ value: v })}
            variables={variables}
            error={err(`${field}.${str(row, "name").trim()}`)}
          />
        </>
      )}
    />
  );
}
