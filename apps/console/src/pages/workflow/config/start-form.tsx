import { Group, Select, Switch, Table, Text, TextInput } from "@mantine/core";
import { VAR_TYPES } from "../node-catalog";
import { ListEditor, type NodeFormProps, rows, str } from "./form-kit";

const PRESETS = [
  ["query", "String", "the prompt (input.prompt)"],
  ["historyList", "Array<Object>", "earlier turns of a dialog workflow"],
  ["imageList", "Array<File>", "input.image_list"],
];

/** Start: the preset outputs, and custom variables fed from `biz_params`. */
export function StartForm({ config, set, err }: NodeFormProps) {
  return (
    <>
      <Text size="sm" fw={500}>
        Preset variables
      </Text>
      <Table fz="xs" verticalSpacing={2} aria-label="Preset variables">
        <Table.Tbody>
          {PRESETS.map(([name, type, what]) => (
            <Table.Tr key={name}>
              <Table.Td ff="monospace">{name}</Table.Td>
              <Table.Td>{type}</Table.Td>
              <Table.Td c="dimmed">{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ListEditor
        label="Custom variables"
        description="Callers pass them in input.biz_params by name; a missing required one or a wrong type is refused with 400 InvalidParameter."
        items={rows(config, "variables")}
        onChange={(variables) => set({ variables })}
        newItem={(i) => ({ name: `var_${i + 1}`, type: "String", required: true, description: "" })}
        addLabel="Variable"
        testId="start-variables"
        error={err("variables", true)}
        render={(v, setV, i) => (
          <>
            <Group grow gap={6} align="flex-start">
              <TextInput
                size="xs"
                label="Name"
                value={str(v, "name")}
                onChange={(e) => setV({ name: e.currentTarget.value })}
                error={err(`variables[${i}].name`)}
                data-testid="start-variable-name"
              />
              <Select
                size="xs"
                label="Type"
                data={[...VAR_TYPES]}
                value={str(v, "type", "String")}
                onChange={(t) => t && setV({ type: t })}
                allowDeselect={false}
                data-testid="start-variable-type"
              />
            </Group>
            <TextInput size="xs" label="Description" value={str(v, "description")} onChange={(e) => setV({ description: e.currentTarget.value })} />
            <Switch size="xs" label="Required" checked={v.required !== false} onChange={(e) => setV({ required: e.currentTarget.checked })} />
          </>
        )}
      />
    </>
  );
}
