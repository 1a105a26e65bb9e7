import { Alert, Badge, Button, Group, NumberInput, Paper, Spoiler, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { retrieve } from "../../api/knowledge-api";
import type { HitTestResult, RetrievalHit } from "../../api/types";
import { errorMessage } from "../../components/query-state";
import { plural } from "../../lib/plural";
import { ChunkPlace } from "./chunk-place";

const score = (n: number) => n.toFixed(3);

function RetrieverScores({ sources }: { sources: RetrievalHit["sources"] }) {
  return (
    <Group gap={4}>
      {sources.fulltext ? (
        <Badge size="sm" variant="light" color="grape" tt="none" data-testid="hit-fulltext">
          full-text #{sources.fulltext.rank} · {score(sources.fulltext.score)}
        </Badge>
      ) : (
        <Badge size="sm" variant="outline" color="gray" tt="none">
          full-text: not found
        </Badge>
      )}
      {sources.vector ? (
        <Badge size="sm" variant="light" color="cyan" tt="none" data-testid="hit-vector">
          vector #{sources.vector.rank} · {score(sources.vector.score)}
        </Badge>
      ) : null}
      {sources.rerank ? (
        <Badge size="sm" variant="light" color="orange" tt="none" data-testid="hit-rerank">
          rerank {score(sources.rerank.score)}
        </Badge>
      ) : null}
    </Group>
  );
}

/** Type a query, see the ranked chunks and what each retriever made of them: how chunking gets tuned. */
export function HitTestingPanel({ knowledgeBaseId, hasEmbeddingModel }: { knowledgeBaseId: string; hasEmbeddingModel: boolean }) {
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState<number | string>(10);
  const [threshold, setThreshold] = useState<number | string>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<HitTestResult>();
  const hits = result?.hits;

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await retrieve(knowledgeBaseId, {
          query: query.trim(),
          topK: typeof topK === "number" ? topK : 10,
          ...(typeof threshold === "number" ? { scoreThreshold: threshold } : {}),
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" data-testid="hit-testing">
      <form onSubmit={(e) => void run(e)}>
        <Stack gap="sm">
          <Textarea
            label="Query"
            description={
              hasEmbeddingModel
                ? "Searched full-text and by vector; the two rankings are fused."
                : "Searched full-text (this knowledge base has no embedding model)."
            }
            autosize
            minRows={2}
            maxRows={6}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void run(e);
            }}
            data-testid="hit-query"
          />
          <Group align="flex-end" gap="sm">
            <NumberInput label="Top K" min={1} max={100} allowDecimal={false} value={topK} onChange={setTopK} w={110} data-testid="hit-topk" />
            <NumberInput
              label="Score threshold"
              placeholder="none"
              min={0}
              max={1}
              step={0.05}
              decimalScale={3}
              value={threshold}
              onChange={setThreshold}
              w={150}
              data-testid="hit-threshold"
            />
            <Button type="submit" loading={busy} disabled={!query.trim()} data-testid="hit-run">
              Test retrieval
            </Button>
          </Group>
        </Stack>
      </form>
      {error ? (
        <Alert color="red" title="Retrieval failed" role="alert" data-testid="hit-error">
          {error}
        </Alert>
      ) : null}
      {result ? (
        <Text size="xs" c="dimmed" data-testid="hit-retrievers">
          Retrievers: full-text
          {result.retrievers.embeddingModel ? ` + vector (${result.retrievers.embeddingModel}), fused by reciprocal rank` : ""}
          {result.retrievers.rerankModel ? `, reranked by ${result.retrievers.rerankModel}` : ""} · {plural(result.hits.length, "hit")}
        </Text>
      ) : null}
      {hits !== undefined && hits.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="hit-none">
          Nothing matched{typeof threshold === "number" ? " above the threshold" : ""}.
        </Text>
      ) : null}
      {hits?.map((hit) => (
        <Paper key={hit.chunk.id} withBorder p="sm" data-testid="hit" data-rank={hit.rank} data-chunk-id={hit.chunk.id}>
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Group gap="xs">
                <Badge variant="filled" circle>
                  {hit.rank}
                </Badge>
                <Text size="sm" fw={600} data-testid="hit-score">
                  score {score(hit.score)}
                </Text>
              </Group>
              <RetrieverScores sources={hit.sources} />
            </Group>
            <ChunkPlace documentName={hit.documentName} page={hit.page} headingPath={hit.headingPath} />
            <Spoiler maxHeight={110} showLabel="Show all" hideLabel="Show less">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="hit-text">
                {hit.chunk.text}
              </Text>
            </Spoiler>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
