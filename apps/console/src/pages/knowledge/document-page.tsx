import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { chunksQuery, deleteDocument, documentFileUrl, documentQuery, PENDING_STATUSES, reindexDocument } from "../../api/knowledge-api";
import type { KnowledgeDocument } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { AnchorLink } from "../../components/anchor-link";
import { ConfirmButton } from "../../components/confirm-button";
import { Pager } from "../../components/data-table";
import { formatBytes, formatDateTime } from "../../components/format";
import { usePaging } from "../../components/paged-table";
import { errorMessage, QueryBoundary } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { ChunkList } from "./chunk-list";
import { DocumentStatusBadge } from "./status-badges";

const PAGE = 50;

function DocumentHeader({ document }: { document: KnowledgeDocument }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const access = useAccess("knowledge.write", document.workspaceId);
  const [reindexError, setReindexError] = useState<string>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["knowledge-document", document.id] }),
      queryClient.invalidateQueries({ queryKey: ["knowledge-chunks", document.id] }),
      queryClient.invalidateQueries({ queryKey: ["knowledge-documents", document.knowledgeBaseId] }),
      queryClient.invalidateQueries({ queryKey: ["knowledge-base", document.knowledgeBaseId] }),
    ]);
  const reindex = async () => {
    setReindexError(undefined);
    try {
      await reindexDocument(document.id);
      await refresh();
    } catch (e) {
      setReindexError(errorMessage(e));
    }
  };
  return (
    <Stack gap={4} mb="md">
      <AnchorLink to="/knowledge/$kbId" params={{ kbId: document.knowledgeBaseId }} size="sm">
        ← Knowledge base
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} miw={0}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="document-title">
              {document.name}
            </Title>
            <DocumentStatusBadge status={document.status} error={document.error} />
          </Group>
          <Text size="xs" c="dimmed">
            {document.format.toUpperCase()} · {formatBytes(document.sizeBytes)}
            {document.pageCount !== null ? ` · ${document.pageCount} pages` : ""} · {document.chunkCount} chunks · uploaded {formatDateTime(document.createdAt)}
          </Text>
          {document.tags.length > 0 ? (
            <Group gap={4}>
              {document.tags.map((t) => (
                <Badge key={t} size="sm" variant="outline" color="gray" tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
          {document.status === "failed" && document.error ? (
            <Text size="sm" c="red" role="alert" data-testid="document-error">
              {document.error}
            </Text>
          ) : null}
          {reindexError ? (
            <Text size="sm" c="red" role="alert">
              {reindexError}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs">
          <Button component="a" href={documentFileUrl(document.id)} download={document.name} variant="default" size="xs" data-testid="document-download">
            Download original
          </Button>
          <WriteGuard access={access}>
            <Button variant="default" size="xs" onClick={() => void reindex()} disabled={!access.allowed} data-testid="document-reindex">
              Re-index
            </Button>
          </WriteGuard>
          <WriteGuard access={access}>
            <ConfirmButton
              title="Delete document"
              message={`Delete “${document.name}” and its ${document.chunkCount} chunks?`}
              confirmLabel="Delete"
              disabled={!access.allowed}
              onConfirm={async () => {
                await deleteDocument(document.id);
                await queryClient.invalidateQueries({ queryKey: ["knowledge-documents", document.knowledgeBaseId] });
                await queryClient.invalidateQueries({ queryKey: ["knowledge-base", document.knowledgeBaseId] });
                await navigate({ to: "/knowledge/$kbId", params: { kbId: document.knowledgeBaseId } });
              }}
              testId="document-delete"
            >
              Delete
            </ConfirmButton>
          </WriteGuard>
        </Group>
      </Group>
    </Stack>
  );
}

function Chunks({ document }: { document: KnowledgeDocument }) {
  const access = useAccess("knowledge.write", document.workspaceId);
  const paging = usePaging(PAGE);
  const pending = PENDING_STATUSES.has(document.status);
  const chunks = useQuery(chunksQuery(document.id, paging.offset, PAGE));
  return (
    <QueryBoundary query={chunks} what="chunks">
      {(data) =>
        data.items.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="chunks-empty">
            {pending ? "The document is still being indexed; its chunks appear when it is ready." : "This document has no chunks."}
          </Text>
        ) : (
          <Stack>
            <ChunkList chunks={data.items} access={access} />
            <Pager total={data.total} pageSize={PAGE} page={paging.page} onChange={paging.setPage} />
          </Stack>
        )
      }
    </QueryBoundary>
  );
}

/** One document: its status, file actions and chunks. */
export function DocumentPage() {
  const { documentId } = useParams({ from: "/shell/knowledge/$kbId/documents/$documentId" });
  const queryClient = useQueryClient();
  const document = useQuery(documentQuery(documentId));
  const status = document.data?.status;
  // The chunks are replaced when indexing finishes: reload them when the status turns ready.
  const previous = useRef(status);
  useEffect(() => {
    if (status === "ready" && previous.current !== undefined && previous.current !== "ready") {
      void queryClient.invalidateQueries({ queryKey: ["knowledge-chunks", documentId] });
    }
    previous.current = status;
  }, [status, documentId, queryClient]);
  return (
    <QueryBoundary query={document} what="the document">
      {(data) => (
        <div data-testid="document-page" data-document-id={data.id}>
          <DocumentHeader document={data} />
          <Card withBorder padding="md">
            <Chunks document={data} />
          </Card>
        </div>
      )}
    </QueryBoundary>
  );
}
