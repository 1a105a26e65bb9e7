import { Accordion, Badge, Code, Group, ScrollArea, Stack, Text } from "@mantine/core";
import type { Thought } from "../../api/test-run";

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** A tool call's input or observation: a label over the value, scrolled when long. */
function ValueBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <ScrollArea.Autosize mah={160}>
      <Text size="xs">{label}</Text>
      <Code block fz="xs">
        {show(value)}
      </Code>
    </ScrollArea.Autosize>
  );
}

/** The agent's process: reasoning, and each tool call with its input and observation. */
export function ThoughtsView({ thoughts }: { thoughts: Thought[] }) {
  if (thoughts.length === 0) return null;
  return (
    <Accordion variant="contained" chevronPosition="left" data-testid="thoughts">
      <Accordion.Item value="thoughts">
        <Accordion.Control>
          <Text size="xs" fw={600}>
            Thoughts and tool calls ({thoughts.length})
          </Text>
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="xs">
            {thoughts.map((t, i) => (
              <Stack key={i} gap={4} data-testid="thought" data-action-type={t.action_type}>
                <Group gap={6}>
                  <Badge size="xs" variant="light" color={t.action_type === "api" ? "blue" : "gray"}>
                    {t.action_type ?? "thought"}
                  </Badge>
                  {t.action_name || t.action ? (
                    <Text size="xs" fw={600}>
                      {t.action_name ?? t.action}
                    </Text>
                  ) : null}
                </Group>
                {t.thought ? (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                    {t.thought}
                  </Text>
                ) : null}
                {t.action_input !== undefined ? <ValueBlock label="Input" value={t.action_input} /> : null}
                {t.observation !== undefined ? <ValueBlock label="Observation" value={t.observation} /> : null}
              </Stack>
            ))}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
