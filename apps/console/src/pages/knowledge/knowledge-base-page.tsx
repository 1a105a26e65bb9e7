import { Anchor, Button, Card, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { documentsQuery, knowledgeBaseQuery, reindexKnowledgeBase } from "../../api/knowledge-api";
import type { KnowledgeBase } from "../../api/types";
import { type Access, useAccess } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { Pager } from "../../components/data-table";
import { formatNumber } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { usePaging } from "../../components/paged-table";
import { QueryBoundary } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { plural } from "../../lib/plural";
import { DocumentsTable } from "./documents-table";
import { HitTestingPanel } from "./hit-testing-panel";
import { KnowledgeBaseModal } from "./knowledge-base-modal";
import { KnowledgeBaseStatusBadge } from "./status-badges";
import { UploadArea } from "./upload-area";

const PAGE = 50;

interface HeaderProps {
  kb: KnowledgeBase;
  onEdit: () => void;
  onReindex: () => Promise<unknown>;
  canEdit: Access;
}

function KnowledgeBaseHeader({ kb, onEdit, onReindex, canEdit }: HeaderProps) {
  return (
    <Stack gap={4} mb="md">
      <Anchor component={Link} to="/knowledge" size="sm">
        ← Knowledge
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="kb-title">
              {kb.name}
            </Title>
            <KnowledgeBaseStatusBadge status={kb.status} />
          </Group>
          <Group gap={6} wrap="wrap">
            <Text size="sm" c="dimmed">
              Knowledge base ID
            </Text>
            <IdValue value={kb.id} copyLabel="Copy knowledge base ID" testId="kb-detail-id" copyTestId="kb-detail-copy-id" />
          </Group>
          {kb.description ? (
            <Text size="sm" c="dimmed">
              {kb.description}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed" data-testid="kb-settings">
            {kb.documentCount === 1 ? "1 document" : `${formatNumber(kb.documentCount)} documents`} · {formatNumber(kb.chunkCount)} chunks · chunks of{" "}
            {kb.chunking.chunkTokens} tokens, {kb.chunking.overlapTokens} overlap · {kb.embeddingModel ? `embedding ${kb.embeddingModel}` : "full-text only"}
            {kb.rerankModel ? ` · rerank ${kb.rerankModel}` : ""}
          </Text>
        </Stack>
        <Group gap="xs">
          <WriteGuard access={canEdit}>
            <ConfirmButton
              title="Re-index every document"
              message={`Parse, chunk and embed all ${plural(kb.documentCount, "document")} again with the current settings? Edits made to chunks are lost.`}
              confirmLabel="Re-index"
              color="indigo"
              variant="default"
              size="sm"
              disabled={!canEdit.allowed || kb.documentCount === 0}
              onConfirm={onReindex}
              testId="kb-reindex"
            >
              Re-index all
            </ConfirmButton>
          </WriteGuard>
          <WriteGuard access={canEdit}>
            <Button variant="default" onClick={onEdit} disabled={!canEdit.allowed} data-testid="kb-detail-edit">
              Settings…
            </Button>
          </WriteGuard>
        </Group>
      </Group>
    </Stack>
  );
}

function Documents({ kb }: { kb: KnowledgeBase }) {
  const queryClient = useQueryClient();
  const access = useAccess("knowledge.write", kb.workspaceId);
  const paging = usePaging(PAGE);
  const documents = useQuery(documentsQuery(kb.id, paging.offset, PAGE));
  return (
    <Stack gap="md">
      <UploadArea knowledgeBaseId={kb.id} disabled={!access.allowed} />
      {access.allowed ? null : (
        <Text size="xs" c="dimmed" data-testid="upload-denied">
          {access.reason}
        </Text>
      )}
      <QueryBoundary query={documents} what="documents">
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="documents-empty">
              No document yet. Drop files above to add some.
            </Text>
          ) : (
            <Stack>
              <DocumentsTable
                documents={data.items}
                access={access}
                onChanged={() => queryClient.invalidateQueries({ queryKey: ["knowledge-documents", kb.id] })}
              />
              <Pager total={data.total} pageSize={PAGE} page={paging.page} onChange={paging.setPage} />
            </Stack>
          )
        }
      </QueryBoundary>
    </Stack>
  );
}

/** One knowledge base: its documents (upload, status, actions) and hit testing. */
export function KnowledgeBasePage() {
  const { kbId } = useParams({ from: "/shell/knowledge/$kbId" });
  const queryClient = useQueryClient();
  const kb = useQuery(knowledgeBaseQuery(kbId));
  const [editing, setEditing] = useState(false);
  const reindex = async () => {
    await reindexKnowledgeBase(kbId);
    await queryClient.invalidateQueries({ queryKey: ["knowledge-base", kbId] });
    await queryClient.invalidateQueries({ queryKey: ["knowledge-documents", kbId] });
  };
  const access = useAccess("knowledge.write", kb.data?.workspaceId ?? "");
  return (
    <QueryBoundary query={kb} what="the knowledge base">
      {(data) => (
        <div data-testid="kb-page" data-kb-id={data.id}>
          <KnowledgeBaseHeader kb={data} onEdit={() => setEditing(true)} onReindex={reindex} canEdit={access} />
          <Card withBorder padding="md">
            <Tabs defaultValue="documents">
              <Tabs.List mb="md">
                <Tabs.Tab value="documents" data-testid="tab-documents">
                  Documents
                </Tabs.Tab>
                <Tabs.Tab value="hit-testing" data-testid="tab-hit-testing">
                  Hit testing
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="documents">
                <Documents kb={data} />
              </Tabs.Panel>
              <Tabs.Panel value="hit-testing">
                <HitTestingPanel knowledgeBaseId={data.id} hasEmbeddingModel={data.embeddingModel !== null} />
              </Tabs.Panel>
            </Tabs>
          </Card>
          <KnowledgeBaseModal workspaceId={data.workspaceId} opened={editing} editing={data} onClose={() => setEditing(false)} />
        </div>
      )}
    </QueryBoundary>
  );
}
