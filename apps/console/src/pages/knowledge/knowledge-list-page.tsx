import { Button, Center, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { deleteKnowledgeBase, knowledgeBasesQuery } from "../../api/knowledge-api";
import type { KnowledgeBase } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { AnchorLink } from "../../components/anchor-link";
import { ConfirmButton } from "../../components/confirm-button";
import { TextCell } from "../../components/data-table";
import { formatDateTime, formatNumber } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { CreateButton, PageHeader } from "../../components/page-header";
import { PagedTable, usePaging } from "../../components/paged-table";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { plural } from "../../lib/plural";
import { KnowledgeBaseModal } from "./knowledge-base-modal";
import { KnowledgeBaseStatusBadge } from "./status-badges";

const PAGE = 50;

export function KnowledgeListPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { current } = useWorkspace();
  const access = useAccess("knowledge.write", current.id);
  const paging = usePaging(PAGE);
  const bases = useQuery(knowledgeBasesQuery(current.id, paging.offset, PAGE));
  // One dialog for creating (no knowledge base) and editing.
  const [dialog, setDialog] = useState<{ editing?: KnowledgeBase }>();

  const remove = async (kb: KnowledgeBase) => {
    await deleteKnowledgeBase(kb.id);
    await queryClient.invalidateQueries({ queryKey: ["knowledge-bases"] });
  };

  return (
    <Stack data-testid="knowledge-page">
      <PageHeader
        title="Knowledge"
        description={`Knowledge bases of ${current.name}: documents agents and workflows answer from. Copy an ID to pass it as rag_options.pipeline_ids.`}
        actions={
          <WriteGuard access={access}>
            <CreateButton onClick={() => setDialog({})} testId="create-kb" disabled={!access.allowed}>
              Create knowledge base
            </CreateButton>
          </WriteGuard>
        }
      />
      <PagedTable
        minWidth={980}
        columns={["Name", "Knowledge base ID", "Documents", "Chunks", "Status", "Embedding", "Updated", <VisuallyHidden key="a">Actions</VisuallyHidden>]}
        highlightOnHover
        verticalSpacing="sm"
        data-testid="kb-table"
        aria-label="Knowledge bases"
        query={bases}
        what="knowledge bases"
        paging={paging}
        empty={
          <Center py="xl" data-testid="kb-empty">
            <Stack align="center" gap="xs">
              <Text c="dimmed">No knowledge base in this workspace yet.</Text>
              {access.allowed ? (
                <Button variant="light" onClick={() => setDialog({})}>
                  Create the first knowledge base
                </Button>
              ) : null}
            </Stack>
          </Center>
        }
      >
        {(items) =>
          items.map((kb) => (
            <Table.Tr key={kb.id} data-testid="kb-row" data-kb-id={kb.id} data-kb-name={kb.name}>
              <Table.Td>
                <AnchorLink to="/knowledge/$kbId" params={{ kbId: kb.id }} fw={500} data-testid="kb-link">
                  {kb.name}
                </AnchorLink>
                {kb.description ? (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {kb.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <IdValue value={kb.id} copyLabel={`Copy knowledge base ID of ${kb.name}`} testId="kb-id" copyTestId="copy-kb-id" />
              </Table.Td>
              <TextCell>{formatNumber(kb.documentCount)}</TextCell>
              <TextCell>{formatNumber(kb.chunkCount)}</TextCell>
              <Table.Td>
                <KnowledgeBaseStatusBadge status={kb.status} />
              </Table.Td>
              <TextCell>
                {kb.embeddingModel ?? (
                  <Text span size="xs" c="dimmed">
                    full-text only
                  </Text>
                )}
              </TextCell>
              <TextCell>{formatDateTime(kb.updatedAt)}</TextCell>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <WriteGuard access={access}>
                    <Button size="xs" variant="subtle" onClick={() => setDialog({ editing: kb })} disabled={!access.allowed} data-testid="kb-edit">
                      Edit
                    </Button>
                  </WriteGuard>
                  <WriteGuard access={access}>
                    <ConfirmButton
                      title="Delete knowledge base"
                      message={`Delete “${kb.name}” with its ${plural(kb.documentCount, "document")} and all chunks? Apps that use it will no longer find them.`}
                      confirmLabel="Delete"
                      onConfirm={() => remove(kb)}
                      disabled={!access.allowed}
                      testId="kb-delete"
                    >
                      Delete
                    </ConfirmButton>
                  </WriteGuard>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
      <KnowledgeBaseModal
        workspaceId={current.id}
        opened={dialog !== undefined}
        editing={dialog?.editing}
        onClose={() => setDialog(undefined)}
        onSaved={(kb) => {
          if (!dialog?.editing) void navigate({ to: "/knowledge/$kbId", params: { kbId: kb.id } });
        }}
      />
    </Stack>
  );
}
