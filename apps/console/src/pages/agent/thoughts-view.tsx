import { Accordion, Badge, Code, Group, ScrollArea, Stack, Text } from "@mantine/core";
import type { Thought } from "../../api/test-run";

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** JSON text of a thought's field, parsed; the text itself when it is not JSON. */
function parsed(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

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

interface RagHit {
  content?: string;
  dataName?: string;
  referenceIndex?: number;
  score?: number;
  title?: string;
}

/** A knowledge-retrieval step: the query, then each chunk found with its document and score. */
function RagThought({ thought }: { thought: Thought }) {
  const args = parsed(thought.arguments ?? thought.action_input_stream) as { query?: string } | string | undefined;
  const observation = parsed(thought.observation);
  const hits = Array.isArray(observation) ? (observation as RagHit[]) : undefined;
  return (
    <Stack gap={4}>
      {typeof args === "object" && args?.query ? (
        <Text size="xs">
          Query: <Code fz="xs">{args.query}</Code>
        </Text>
      ) : null}
      {hits === undefined ? (
        thought.observation !== undefined ? (
          <ValueBlock label="Observation" value={thought.observation} />
        ) : null
      ) : hits.length === 0 ? (
        <Text size="xs" c="dimmed">
          Nothing matched.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={220}>
          <Stack gap={4}>
            {hits.map((hit, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one thought
              <Stack key={i} gap={0} data-testid="rag-hit">
                <Text size="xs" fw={600}>
                  [{hit.referenceIndex ?? i + 1}] {hit.dataName ?? "document"}
                  {hit.title && hit.title !== hit.dataName ? ` · ${hit.title}` : ""}
                  {typeof hit.score === "number" ? ` · score ${hit.score}` : ""}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={3}>
                  {hit.content}
                </Text>
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

const BADGE_COLOR: Record<string, string> = { api: "blue", agentRag: "teal", reasoning: "grape" };

/**
 * English names of the steps whose `action_name` is Model Studio's Chinese one (kept on the wire
 * for clients that key on it, and shown on hover).
 */
const STEP_NAMES: Record<string, string> = { rag: "Knowledge retrieval", memory: "Long-term memory retrieval" };

/** The agent's process: reasoning, knowledge and memory retrieval, and each tool call with its input and observation. */
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
              // Thoughts are only ever appended, so the position is a stable key.
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
              <Stack key={i} gap={4} data-testid="thought" data-action-type={t.action_type}>
                <Group gap={6}>
                  <Badge size="xs" variant="light" tt="none" color={BADGE_COLOR[t.action_type ?? ""] ?? "gray"}>
                    {t.action_type ?? "thought"}
                  </Badge>
                  {t.action_name || t.action ? (
                    <Text size="xs" fw={600} title={t.action_name}>
                      {STEP_NAMES[t.action ?? ""] ?? t.action_name ?? t.action}
                    </Text>
                  ) : null}
                </Group>
                {t.thought ? (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                    {t.thought}
                  </Text>
                ) : null}
                {t.action_type === "agentRag" ? (
                  <RagThought thought={t} />
                ) : (
                  <>
                    {t.action_input !== undefined ? (
                      <ValueBlock label="Input" value={t.action_input} />
                    ) : t.arguments || t.action_input_stream ? (
                      <ValueBlock label="Input" value={parsed(t.arguments ?? t.action_input_stream)} />
                    ) : null}
                    {t.observation !== undefined ? <ValueBlock label="Observation" value={parsed(t.observation)} /> : null}
                  </>
                )}
              </Stack>
            ))}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
