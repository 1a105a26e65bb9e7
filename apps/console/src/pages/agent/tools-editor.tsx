import { Accordion, Button, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import type { HttpMethod } from "../../api/types";
import { PlusIcon, TrashIcon } from "../../components/icons";
import { newTool, type ToolDraft } from "./agent-form";

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function ToolFields({
  tool,
  index,
  onChange,
  problems,
}: {
  tool: ToolDraft;
  index: number;
  onChange: (t: ToolDraft) => void;
  problems: Record<string, string>;
}) {
  const set = <K extends keyof ToolDraft>(key: K, value: ToolDraft[K]) => onChange({ ...tool, [key]: value });
  const err = (f: string) => problems[`tools[${index}].${f}`];
  return (
    <Stack gap="xs">
      <Group grow align="flex-start" wrap="wrap">
        <TextInput
          label="Name"
          description="Letters, digits, _ and -; the model calls the tool by it"
          required
          maxLength={64}
          value={tool.name}
          onChange={(e) => set("name", e.currentTarget.value)}
          error={err("name")}
          data-testid="tool-name"
        />
        <Select label="Method" data={METHODS} value={tool.method} onChange={(v) => v && set("method", v as HttpMethod)} allowDeselect={false} maw={140} />
        <NumberInput
          label="Timeout (ms)"
          min={100}
          max={120_000}
          step={1000}
          value={tool.timeoutMs}
          onChange={(v) => set("timeoutMs", typeof v === "number" ? v : 10_000)}
          maw={160}
        />
      </Group>
      <TextInput label="URL" required value={tool.url} onChange={(e) => set("url", e.currentTarget.value)} error={err("url")} data-testid="tool-url" />
      <Textarea
        label="Description"
        description="Tell the model when to use this tool"
        autosize
        minRows={2}
        maxLength={1000}
        value={tool.description}
        onChange={(e) => set("description", e.currentTarget.value)}
      />
      <Textarea
        label="Headers"
        description='One per line, "Name: value"'
        autosize
        minRows={2}
        value={tool.headersText}
        onChange={(e) => set("headersText", e.currentTarget.value)}
        error={err("headers")}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
      />
      <Textarea
        label="Parameters (JSON schema)"
        description="Arguments the model fills in; GET sends them as the query, other methods as a JSON body"
        autosize
        minRows={4}
        value={tool.parametersText}
        onChange={(e) => set("parametersText", e.currentTarget.value)}
        error={err("parameters")}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
        data-testid="tool-parameters"
      />
    </Stack>
  );
}

/** HTTP tools the agent may call through the model's function calling. */
export function ToolsEditor({ tools, onChange, problems }: { tools: ToolDraft[]; onChange: (tools: ToolDraft[]) => void; problems: Record<string, string> }) {
  return (
    <Stack gap="xs" data-testid="tools-editor">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          HTTP tools ({tools.length})
        </Text>
        <Button
          size="xs"
          variant="light"
          leftSection={<PlusIcon size={14} />}
          onClick={() => onChange([...tools, newTool()])}
          disabled={tools.length >= 32}
          data-testid="add-tool"
        >
          Add tool
        </Button>
      </Group>
      {tools.length === 0 ? (
        <Text size="xs" c="dimmed">
          No tools: the agent only talks. Add one to let it call an HTTP API.
        </Text>
      ) : (
        <Accordion variant="separated" multiple defaultValue={tools.filter((t) => !t.name).map((t) => t.key)}>
          {tools.map((tool, i) => (
            <Accordion.Item key={tool.key} value={tool.key} data-testid="tool-item">
              <Accordion.Control>
                <Text size="sm" fw={500}>
                  {tool.name || "New tool"}{" "}
                  <Text span size="xs" c="dimmed">
                    {tool.method} {tool.url}
                  </Text>
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <ToolFields tool={tool} index={i} problems={problems} onChange={(t) => onChange(tools.map((x, j) => (j === i ? t : x)))} />
                <Group justify="flex-end" mt="xs">
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    leftSection={<TrashIcon size={14} />}
                    onClick={() => onChange(tools.filter((_, j) => j !== i))}
                  >
                    Remove tool
                  </Button>
                </Group>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
