import { NumberInput, Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import type { StartVariable } from "./run-inputs";

interface StartInputsProps {
  variables: StartVariable[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  errors: Record<string, string>;
}

/** One input per Start variable, sent as input.biz_params; the type decides the widget. */
export function StartInputs({ variables, values, onChange, errors }: StartInputsProps) {
  if (variables.length === 0) return null;
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" data-testid="start-inputs">
      {variables.map((v) => {
        const common = {
          label: `${v.name} (${v.type})`,
          description: v.description || undefined,
          required: v.required,
          error: errors[v.name],
          size: "xs" as const,
          "data-testid": `start-input-${v.name}`,
        };
        if (v.type === "Number") return <NumberInput key={v.name} {...common} value={values[v.name] ?? ""} onChange={(n) => set(v.name, String(n))} />;
        if (v.type === "Boolean")
          return <Select key={v.name} {...common} data={["true", "false"]} clearable value={values[v.name] || null} onChange={(b) => set(v.name, b ?? "")} />;
        if (v.type === "String" || v.type === "File")
          return (
            <TextInput
              key={v.name}
              {...common}
              placeholder={v.type === "File" ? "https://…" : undefined}
              value={values[v.name] ?? ""}
              onChange={(e) => set(v.name, e.currentTarget.value)}
            />
          );
        return (
          <Textarea
            key={v.name}
            {...common}
            placeholder={v.type.startsWith("Array") ? '["a", "b"]' : '{"key": "value"}'}
            autosize
            minRows={1}
            value={values[v.name] ?? ""}
            onChange={(e) => set(v.name, e.currentTarget.value)}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
          />
        );
      })}
    </SimpleGrid>
  );
}
