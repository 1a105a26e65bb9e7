import { Anchor, Button, Card, Group, Stack, Table, Text, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { createMemoryNode, deleteMemoryNode, memoryNodesQuery, memoryQuery, updateMemoryNode } from "../../api/memory-api";
import type { MemoryNode } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { TextCell } from "../../components/data-table";
import { FormModal } from "../../components/form-modal";
import { formatDateTime } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { CreateButton } from "../../components/page-header";
import { PagedTable, usePaging } from "../../components/paged-table";
import { QueryBoundary } from "../../components/query-state";
import { useFormSubmit } from "../../components/use-form-submit";
import { WriteGuard } from "../../components/write-guard";

const PAGE = 50;

/** Adds a node (no `node`) or edits one. */
function NodeModal({ memoryId, opened, node, onClose }: { memoryId: string; opened: boolean; node?: MemoryNode | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [content, setContent] = useState("");
  useEffect(() => {
    if (!opened) return;
    setContent(node?.content ?? "");
    setError(undefined);
  }, [opened, node, setError]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={node ? "Edit memory node" : "Add memory node"}
      size="lg"
      form={form}
      onSubmit={async () => {
        if (node) await updateMemoryNode(memoryId, node.id, content.trim());
        else await createMemoryNode(memoryId, content.trim());
        await queryClient.invalidateQueries({ queryKey: ["memory-nodes", memoryId] });
        await queryClient.invalidateQueries({ queryKey: ["memories"] });
        onClose();
      }}
      formTestId="memory-node-form"
      submitLabel={node ? "Save" : "Add"}
      submitTestId="memory-node-submit"
      submitDisabled={!content.trim()}
    >
      <Textarea
        label="Content"
        description="One durable fact about the user, e.g. “Prefers answers in German”."
        autosize
        minRows={3}
        maxRows={12}
        value={content}
        onChange={(e) => setContent(e.currentTarget.value)}
        data-testid="memory-node-content"
        data-autofocus
      />
    </FormModal>
  );
}

/** One memory store: the facts (nodes) it holds, editable by hand. */
export function MemoryStorePage() {
  const { memoryId } = useParams({ from: "/shell/memory/$memoryId" });
  const queryClient = useQueryClient();
  const memory = useQuery(memoryQuery(memoryId));
  const paging = usePaging(PAGE);
  const nodes = useQuery(memoryNodesQuery(memoryId, paging.offset, PAGE));
  const access = useAccess("memory.write", memory.data?.workspaceId ?? "");
  // One dialog for adding (no node) and editing, so a closing one never lingers next to the other.
  const [dialog, setDialog] = useState<{ node?: MemoryNode }>();

  return (
    <QueryBoundary query={memory} what="the memory store">
      {(store) => (
        <Stack data-testid="memory-store-page" data-memory-id={store.id}>
          <Stack gap={4}>
            <Anchor component={Link} to="/memory" size="sm">
              ← Memory
            </Anchor>
            <Group justify="space-between" align="flex-start" wrap="wrap">
              <Stack gap={4}>
                <Title order={1} size="h2">
                  Memory store
                </Title>
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    Memory ID
                  </Text>
                  <IdValue value={store.id} copyLabel="Copy memory ID" testId="memory-detail-id" copyTestId="memory-detail-copy-id" />
                </Group>
                {store.description ? (
                  <Text size="sm" c="dimmed">
                    {store.description}
                  </Text>
                ) : null}
              </Stack>
              <WriteGuard access={access}>
                <CreateButton onClick={() => setDialog({})} testId="add-memory-node" disabled={!access.allowed}>
                  Add node
                </CreateButton>
              </WriteGuard>
            </Group>
          </Stack>
          <Card withBorder padding="md">
            <PagedTable
              minWidth={720}
              columns={["Content", "Updated", <VisuallyHidden key="a">Actions</VisuallyHidden>]}
              verticalSpacing="sm"
              data-testid="memory-nodes-table"
              aria-label="Memory nodes"
              query={nodes}
              what="memory nodes"
              paging={paging}
              empty={
                <Text c="dimmed" size="sm" data-testid="memory-nodes-empty">
                  Nothing remembered yet. Facts appear here after conversations that pass this memory ID, or add them by hand.
                </Text>
              }
            >
              {(items) =>
                items.map((n) => (
                  <Table.Tr key={n.id} data-testid="memory-node-row" data-node-id={n.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="memory-node-text">
                        {n.content}
                      </Text>
                    </Table.Td>
                    <TextCell>{formatDateTime(n.updatedAt)}</TextCell>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <WriteGuard access={access}>
                          <Button size="xs" variant="subtle" onClick={() => setDialog({ node: n })} disabled={!access.allowed} data-testid="memory-node-edit">
                            Edit
                          </Button>
                        </WriteGuard>
                        <WriteGuard access={access}>
                          <ConfirmButton
                            title="Delete memory node"
                            message="Forget this fact?"
                            confirmLabel="Delete"
                            disabled={!access.allowed}
                            onConfirm={async () => {
                              await deleteMemoryNode(store.id, n.id);
                              await queryClient.invalidateQueries({ queryKey: ["memory-nodes", store.id] });
                            }}
                            testId="memory-node-delete"
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
          </Card>
          <NodeModal memoryId={store.id} opened={dialog !== undefined} node={dialog?.node} onClose={() => setDialog(undefined)} />
        </Stack>
      )}
    </QueryBoundary>
  );
}
