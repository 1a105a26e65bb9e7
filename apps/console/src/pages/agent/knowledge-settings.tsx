import { Fieldset, MultiSelect, NumberInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { knowledgeBasesQuery } from "../../api/knowledge-api";
import type { AgentKnowledgeConfig } from "../../api/types";

/** What the server assumes for a left-out field (core `knowledgeDefaults`); written out so the form shows it. */
const DEFAULTS = { topK: 5, maxContextChars: 6000, showSources: false, noMatch: { mode: "answer" as const } };

interface KnowledgeSettingsProps {
  value: AgentKnowledgeConfig | undefined;
  onChange: (value: AgentKnowledgeConfig | undefined) => void;
  workspaceId: string;
  err: (field: string) => string | undefined;
}

/** The agent's knowledge bases and how their hits reach the model and the caller. */
export function KnowledgeSettings({ value, onChange, workspaceId, err }: KnowledgeSettingsProps) {
  const bases = useQuery(knowledgeBasesQuery(workspaceId, 0, 200));
  const ids = value?.knowledgeBaseIds ?? [];
  const options = [
    ...(bases.data?.items ?? []).map((kb) => ({ value: kb.id, label: `${kb.name} (${kb.id})` })),
    // Knowledge bases deleted since stay visible so they can be removed.
    ...ids.filter((id) => !(bases.data?.items ?? []).some((kb) => kb.id === id)).map((id) => ({ value: id, label: `${id} (missing)` })),
  ];
  const set = (patch: Partial<AgentKnowledgeConfig>) => value && onChange({ ...value, ...patch });
  const setIds = (next: string[]) => {
    // No knowledge base left: the agent searches nothing, so the whole section goes.
    if (next.length === 0) return onChange(undefined);
    onChange(value ? { ...value, knowledgeBaseIds: next } : { knowledgeBaseIds: next, ...DEFAULTS });
  };
  const noMatch: NonNullable<AgentKnowledgeConfig["noMatch"]> = value?.noMatch ?? DEFAULTS.noMatch;

  return (
    <Fieldset legend="Knowledge" variant="filled" data-testid="agent-knowledge">
      <Stack gap="sm">
        <MultiSelect
          label="Knowledge bases"
          description="Searched on every call; the best chunks go into the system prompt. rag_options.pipeline_ids replaces them per call."
          placeholder={ids.length === 0 ? (bases.isPending ? "Loading…" : "None: the agent answers from its model only") : undefined}
          searchable
          data={options}
          value={ids}
          onChange={setIds}
          nothingFoundMessage={bases.data?.items.length === 0 ? "No knowledge base in this workspace yet" : "No match"}
          error={err("knowledge.knowledgeBaseIds") ?? (bases.isError ? "Could not load the knowledge bases" : undefined)}
          data-testid="agent-knowledge-bases"
        />
        {value ? (
          <>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <NumberInput
                label="Top K"
                description="Chunks per call (1-20)"
                min={1}
                max={20}
                allowDecimal={false}
                value={value.topK ?? DEFAULTS.topK}
                onChange={(v) => set({ topK: typeof v === "number" ? v : DEFAULTS.topK })}
                error={err("knowledge.topK")}
                data-testid="agent-knowledge-topk"
              />
              <NumberInput
                label="Max context characters"
                description="Of retrieved text (500-100,000)"
                min={500}
                max={100_000}
                step={500}
                allowDecimal={false}
                value={value.maxContextChars ?? DEFAULTS.maxContextChars}
                onChange={(v) => set({ maxContextChars: typeof v === "number" ? v : DEFAULTS.maxContextChars })}
                error={err("knowledge.maxContextChars")}
                data-testid="agent-knowledge-max-chars"
              />
              <NumberInput
                label="Score threshold"
                description="0-1; empty keeps every hit"
                placeholder="none"
                min={0}
                max={1}
                step={0.05}
                decimalScale={3}
                value={value.scoreThreshold ?? ""}
                onChange={(v) => set({ scoreThreshold: typeof v === "number" ? v : undefined })}
                error={err("knowledge.scoreThreshold")}
                data-testid="agent-knowledge-threshold"
              />
            </SimpleGrid>
            <Switch
              label="Show sources"
              description="Answers list the chunks they cite (doc_references), and the playground shows them."
              checked={value.showSources ?? DEFAULTS.showSources}
              onChange={(e) => set({ showSources: e.currentTarget.checked })}
              data-testid="agent-knowledge-show-sources"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                When nothing matches
              </Text>
              <SegmentedControl
                aria-label="When nothing matches"
                size="xs"
                value={noMatch.mode}
                onChange={(mode) => set({ noMatch: mode === "fixed" ? { mode: "fixed", reply: noMatch.reply ?? "" } : { mode: "answer" } })}
                data={[
                  { value: "answer", label: "Answer anyway" },
                  { value: "fixed", label: "Fixed reply" },
                ]}
                maw={300}
                data-testid="agent-knowledge-no-match"
              />
              {noMatch.mode === "fixed" ? (
                <Textarea
                  aria-label="Fixed reply"
                  description="Sent instead of calling the model when no chunk is found."
                  placeholder="Sorry, I could not find that in our documents."
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={noMatch.reply ?? ""}
                  onChange={(e) => set({ noMatch: { mode: "fixed", reply: e.currentTarget.value } })}
                  error={err("knowledge.noMatch.reply") ?? err("knowledge.noMatch")}
                  data-testid="agent-knowledge-fixed-reply"
                />
              ) : null}
            </Stack>
          </>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
