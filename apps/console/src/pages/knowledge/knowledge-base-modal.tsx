import { Autocomplete, NumberInput, SimpleGrid, Text, Textarea, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createKnowledgeBase, type KnowledgeBaseInput, updateKnowledgeBase } from "../../api/knowledge-api";
import { providersQuery } from "../../api/provider-api";
import type { KnowledgeBase } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

/** The server's defaults and limits (core knowledge-rules): 50-4000 tokens, overlap at most half. */
const DEFAULT_CHUNK_TOKENS = 500;
const DEFAULT_OVERLAP_TOKENS = 50;
const MIN_CHUNK_TOKENS = 50;
const MAX_CHUNK_TOKENS = 4000;

/** Model IDs the workspace's providers list; patterns such as `qwen*` are not IDs. */
function useProviderModels(workspaceId: string, enabled: boolean): string[] {
  const providers = useQuery({ ...providersQuery(workspaceId), enabled });
  return [...new Set((providers.data?.items ?? []).flatMap((p) => p.models).filter((m) => !m.includes("*")))];
}

/** Create a knowledge base, or edit the settings of one (`editing`). */
export function KnowledgeBaseModal({
  workspaceId,
  opened,
  editing,
  onClose,
  onSaved,
}: {
  workspaceId: string;
  opened: boolean;
  editing?: KnowledgeBase | undefined;
  onClose: () => void;
  onSaved?: (kb: KnowledgeBase) => void;
}) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const models = useProviderModels(workspaceId, opened);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [chunkTokens, setChunkTokens] = useState<number | string>(DEFAULT_CHUNK_TOKENS);
  const [overlapTokens, setOverlapTokens] = useState<number | string>(DEFAULT_OVERLAP_TOKENS);
  const [embeddingModel, setEmbeddingModel] = useState("");
  const [rerankModel, setRerankModel] = useState("");

  useEffect(() => {
    if (!opened) return;
    setName(editing?.name ?? "");
    setDescription(editing?.description ?? "");
    setChunkTokens(editing?.chunking.chunkTokens ?? DEFAULT_CHUNK_TOKENS);
    setOverlapTokens(editing?.chunking.overlapTokens ?? DEFAULT_OVERLAP_TOKENS);
    setEmbeddingModel(editing?.embeddingModel ?? "");
    setRerankModel(editing?.rerankModel ?? "");
    setError(undefined);
  }, [opened, editing, setError]);

  const chunk = typeof chunkTokens === "number" ? chunkTokens : Number.NaN;
  const overlap = typeof overlapTokens === "number" ? overlapTokens : 0;
  const overlapError = overlap > Math.floor(chunk / 2) ? "The overlap may be at most half the chunk size." : undefined;
  const settingsChanged =
    editing !== undefined &&
    (editing.chunking.chunkTokens !== chunk || editing.chunking.overlapTokens !== overlap || (editing.embeddingModel ?? "") !== embeddingModel.trim());

  const submit = async () => {
    const input: KnowledgeBaseInput = {
      name: name.trim(),
      description: description.trim(),
      chunking: { chunkTokens: chunk, overlapTokens: overlap },
      embeddingModel: embeddingModel.trim() || null,
      rerankModel: rerankModel.trim() || null,
    };
    const saved = editing ? await updateKnowledgeBase(editing.id, input) : await createKnowledgeBase(workspaceId, input);
    await queryClient.invalidateQueries({ queryKey: ["knowledge-bases"] });
    queryClient.setQueryData(["knowledge-base", saved.id], saved);
    onClose();
    onSaved?.(saved);
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit ${editing.name}` : "Create knowledge base"}
      size="lg"
      form={form}
      onSubmit={submit}
      formTestId="kb-form"
      errorTestId="kb-form-error"
      submitLabel={editing ? "Save" : "Create"}
      submitTestId="kb-submit"
      submitDisabled={!name.trim() || Number.isNaN(chunk) || overlapError !== undefined}
    >
      <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="kb-name" data-autofocus />
      <Textarea
        label="Description"
        maxLength={2000}
        autosize
        minRows={2}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        data-testid="kb-description"
      />
      <SimpleGrid cols={2} spacing="sm">
        <NumberInput
          label="Chunk size (tokens)"
          description="Target size of each chunk"
          min={MIN_CHUNK_TOKENS}
          max={MAX_CHUNK_TOKENS}
          step={50}
          allowDecimal={false}
          value={chunkTokens}
          onChange={setChunkTokens}
          data-testid="kb-chunk-tokens"
        />
        <NumberInput
          label="Overlap (tokens)"
          description="Repeated from the previous chunk"
          min={0}
          max={MAX_CHUNK_TOKENS / 2}
          step={10}
          allowDecimal={false}
          value={overlapTokens}
          onChange={setOverlapTokens}
          error={overlapError}
          data-testid="kb-overlap-tokens"
        />
      </SimpleGrid>
      <Autocomplete
        label="Embedding model"
        description="Optional. Without one, search is full-text only (works offline); with one, full-text and vector results are fused."
        placeholder="None: full-text only"
        data={models}
        value={embeddingModel}
        onChange={setEmbeddingModel}
        data-testid="kb-embedding-model"
      />
      <Autocomplete
        label="Rerank model"
        description="Optional. Re-scores the best hits with a model before they are cut to top-K."
        placeholder="None"
        data={models}
        value={rerankModel}
        onChange={setRerankModel}
        data-testid="kb-rerank-model"
      />
      {settingsChanged ? (
        <Text size="xs" c="orange" data-testid="kb-reindex-hint">
          Chunking and embedding changes apply to documents when they are re-indexed.
        </Text>
      ) : null}
    </FormModal>
  );
}
