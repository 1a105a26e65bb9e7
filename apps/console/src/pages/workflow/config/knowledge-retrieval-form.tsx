import { Group, MultiSelect, NumberInput, TagsInput, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { knowledgeBasesQuery } from "../../../api/knowledge-api";
import { type NodeFormProps, num, optionalNumber, record, str } from "./form-kit";
import { KvEditor } from "./kv-editor";
import { VariableField } from "./variable-field";

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : []);

/** Knowledge retrieval: searches knowledge bases of this workspace; `result` lists the ranked chunks. */
export function KnowledgeRetrievalForm({ config, set, err, variables, workspaceId }: NodeFormProps) {
  const bases = useQuery(knowledgeBasesQuery(workspaceId, 0, 200));
  const ids = strings(config.knowledgeBaseIds);
  const options = [
    ...(bases.data?.items ?? []).map((kb) => ({ value: kb.id, label: `${kb.name} (${kb.id})` })),
    ...ids.filter((id) => !(bases.data?.items ?? []).some((kb) => kb.id === id)).map((id) => ({ value: id, label: `${id} (missing)` })),
  ];
  return (
    <>
      <VariableField
        label="Query"
        description="What to search for, usually {{Start_…query}}"
        required
        value={str(config, "query")}
        onChange={(query) => set({ query })}
        variables={variables}
        error={err("query")}
        testId="kr-query"
      />
      <MultiSelect
        label="Knowledge bases"
        description="Knowledge bases of this workspace to search"
        required
        searchable
        data={options}
        value={ids}
        onChange={(knowledgeBaseIds) => set({ knowledgeBaseIds })}
        nothingFoundMessage={bases.data?.items.length === 0 ? "No knowledge base in this workspace yet" : "No match"}
        error={err("knowledgeBaseIds") ?? (bases.isError ? "Could not load the knowledge bases" : undefined)}
        placeholder={bases.isPending ? "Loading…" : ids.length === 0 ? "Choose knowledge bases" : undefined}
        data-testid="kr-knowledge-bases"
      />
      <Group grow gap="sm" align="flex-start">
        <NumberInput
          label="Top K"
          min={1}
          max={20}
          allowDecimal={false}
          value={num(config, "topK") ?? 5}
          onChange={(v) => set({ topK: typeof v === "number" ? v : 5 })}
          error={err("topK")}
          data-testid="kr-topk"
        />
        <NumberInput
          label="Score threshold"
          placeholder="none"
          min={0}
          max={1}
          step={0.05}
          decimalScale={3}
          value={num(config, "scoreThreshold") ?? ""}
          onChange={(v) => set(optionalNumber("scoreThreshold", v))}
          error={err("scoreThreshold")}
          data-testid="kr-threshold"
        />
      </Group>
      <TagsInput
        label="Tags"
        description="Only documents carrying every tag; empty: all documents"
        value={strings(config.tags)}
        onChange={(tags) => set({ tags: tags.length > 0 ? tags : undefined })}
        error={err("tags")}
        data-testid="kr-tags"
      />
      <KvEditor
        label="Metadata filter"
        description="Exact matches on document metadata"
        field="metadata"
        value={record(config, "metadata")}
        onChange={(metadata) => set({ metadata: Object.keys(metadata).length > 0 ? metadata : undefined })}
        variables={variables}
        err={err}
        testId="kr-metadata"
      />
      <Text size="xs" c="dimmed">
        Output <code>result</code>: the chunks, best first, each with its text, score, document name and page.
      </Text>
    </>
  );
}
