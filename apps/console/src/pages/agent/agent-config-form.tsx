import { Divider, Fieldset, Group, NumberInput, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import type { AgentForm } from "./agent-form";
import { InstructionsField } from "./instructions-field";
import { KnowledgeSettings } from "./knowledge-settings";
import { McpSettings } from "./mcp-settings";
import { ModelPicker } from "./model-picker";
import { ToolsEditor } from "./tools-editor";

type NumericKey = "temperature" | "topP" | "topK" | "maxTokens" | "seed";

const optionalNumber = (v: string | number) => (typeof v === "number" ? v : undefined);

export function AgentConfigForm({
  form,
  onChange,
  problems,
  workspaceId,
}: {
  form: AgentForm;
  onChange: (f: AgentForm) => void;
  problems: Record<string, string>;
  workspaceId: string;
}) {
  const set = <K extends keyof AgentForm>(key: K, value: AgentForm[K]) => onChange({ ...form, [key]: value });
  const setNumber = (key: NumericKey) => (v: string | number) => onChange({ ...form, [key]: optionalNumber(v) });
  const err = (f: string) => problems[f] ?? problems[`config.${f}`];

  return (
    <Stack gap="md" data-testid="agent-config-form">
      <ModelPicker value={form.model} onChange={(v) => set("model", v)} error={err("model")} workspaceId={workspaceId} />
      <InstructionsField value={form.instructions} onChange={(v) => set("instructions", v)} error={err("instructions")} />
      <Fieldset legend="Sampling parameters" variant="filled">
        <Text size="xs" c="dimmed" mb="xs">
          Leave empty to use the model's defaults. Callers may override them per request.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <NumberInput
            label="Temperature"
            min={0}
            max={1.99}
            step={0.1}
            decimalScale={2}
            value={form.temperature ?? ""}
            onChange={setNumber("temperature")}
            error={err("temperature")}
            data-testid="agent-temperature"
          />
          <NumberInput label="Top P" min={0.01} max={1} step={0.05} decimalScale={2} value={form.topP ?? ""} onChange={setNumber("topP")} error={err("topP")} />
          <NumberInput label="Top K" min={0} step={1} allowDecimal={false} value={form.topK ?? ""} onChange={setNumber("topK")} error={err("topK")} />
          <NumberInput
            label="Max tokens"
            min={1}
            step={256}
            allowDecimal={false}
            value={form.maxTokens ?? ""}
            onChange={setNumber("maxTokens")}
            error={err("maxTokens")}
          />
          <NumberInput label="Seed" step={1} allowDecimal={false} value={form.seed ?? ""} onChange={setNumber("seed")} error={err("seed")} />
          <Group align="flex-end" pb={6}>
            <Switch
              label="Thinking"
              description={form.enableThinking === undefined ? "model default" : undefined}
              checked={form.enableThinking ?? false}
              onChange={(e) => set("enableThinking", e.currentTarget.checked)}
            />
          </Group>
        </SimpleGrid>
      </Fieldset>
      <NumberInput
        label="Dialog rounds"
        description="How many earlier question-and-answer rounds of a session are sent to the model (0-50)"
        min={0}
        max={50}
        allowDecimal={false}
        value={form.dialogRounds}
        onChange={(v) => set("dialogRounds", typeof v === "number" ? v : 0)}
        error={err("dialogRounds")}
        maw={320}
        data-testid="agent-dialog-rounds"
      />
      <KnowledgeSettings value={form.knowledge} onChange={(knowledge) => set("knowledge", knowledge)} workspaceId={workspaceId} err={err} />
      <Switch
        label="Long-term memory"
        description="Calls that pass input.memory_id recall what the store knows about the user, and the facts of each turn are added to it (see Memory)."
        checked={form.longTermMemory?.enabled ?? false}
        onChange={(e) => set("longTermMemory", e.currentTarget.checked ? { enabled: true } : undefined)}
        data-testid="agent-long-term-memory"
      />
      <Divider />
      <ToolsEditor tools={form.tools} onChange={(tools) => set("tools", tools)} problems={problems} />
      <McpSettings value={form.mcpServices} onChange={(mcpServices) => set("mcpServices", mcpServices)} workspaceId={workspaceId} err={err} />
    </Stack>
  );
}
