import { Code, Group, Stack, Table, Text, Textarea, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { createMemory, deleteMemory, memoriesQuery } from "../../api/memory-api";
import { useAccess } from "../../auth/use-access";
import { AnchorLink } from "../../components/anchor-link";
import { ConfirmButton } from "../../components/confirm-button";
import { CopyIconButton } from "../../components/copy-button";
import { TextCell } from "../../components/data-table";
import { FormModal } from "../../components/form-modal";
import { formatDateTime } from "../../components/format";
import { CreateButton, PageHeader } from "../../components/page-header";
import { EmptyText, PagedTable, usePaging } from "../../components/paged-table";
import { useFormSubmit } from "../../components/use-form-submit";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";

const PAGE = 50;

function CreateMemoryModal({ workspaceId, opened, onClose }: { workspaceId: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const { setError } = form;
  const [description, setDescription] = useState("");
  useEffect(() => {
    if (!opened) return;
    setDescription("");
    setError(undefined);
  }, [opened, setError]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Create memory store"
      form={form}
      onSubmit={async () => {
        const memory = await createMemory(workspaceId, description.trim());
        await queryClient.invalidateQueries({ queryKey: ["memories"] });
        onClose();
        await navigate({ to: "/memory/$memoryId", params: { memoryId: memory.id } });
      }}
      formTestId="memory-form"
      submitLabel="Create"
      submitTestId="memory-submit"
    >
      <Textarea
        label="Description"
        description="What this store remembers, e.g. one end user of your app. Pass its ID as memory_id."
        maxLength={1000}
        autosize
        minRows={2}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        data-testid="memory-description"
        data-autofocus
      />
    </FormModal>
  );
}

/** Long-term memory stores of the workspace: what memory-enabled agents remember per end user. */
export function MemoryListPage() {
  const queryClient = useQueryClient();
  const { current } = useWorkspace();
  const access = useAccess("memory.write", current.id);
  const paging = usePaging(PAGE);
  const memories = useQuery(memoriesQuery(current.id, paging.offset, PAGE));
  const [createOpened, create] = useDisclosure(false);

  return (
    <Stack data-testid="memory-page">
      <PageHeader
        title="Memory"
        description={`Long-term memory stores of ${current.name}. An agent with long-term memory on, called with a store's ID as memory_id, reads and adds facts about its user.`}
        actions={
          <WriteGuard access={access}>
            <CreateButton onClick={create.open} testId="create-memory" disabled={!access.allowed}>
              Create memory store
            </CreateButton>
          </WriteGuard>
        }
      />
      <PagedTable
        minWidth={820}
        columns={["Memory ID", "Description", "Nodes", "Created", "Updated", <VisuallyHidden key="a">Actions</VisuallyHidden>]}
        highlightOnHover
        verticalSpacing="sm"
        data-testid="memory-table"
        aria-label="Memory stores"
        query={memories}
        what="memory stores"
        paging={paging}
        empty={<EmptyText testId="memory-empty">No memory store in this workspace yet.</EmptyText>}
      >
        {(items) =>
          items.map((m) => (
            <Table.Tr key={m.id} data-testid="memory-row" data-memory-id={m.id}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <AnchorLink to="/memory/$memoryId" params={{ memoryId: m.id }} data-testid="memory-link">
                    <Code>{m.id}</Code>
                  </AnchorLink>
                  <CopyIconButton value={m.id} label={`Copy memory ID ${m.id}`} testId="copy-memory-id" />
                </Group>
              </Table.Td>
              <TextCell>
                {m.description || (
                  <Text span size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </TextCell>
              <TextCell>{m.nodeCount ?? "—"}</TextCell>
              <TextCell>{formatDateTime(m.createdAt)}</TextCell>
              <TextCell>{formatDateTime(m.updatedAt)}</TextCell>
              <Table.Td>
                <WriteGuard access={access}>
                  <ConfirmButton
                    title="Delete memory store"
                    message="Delete this memory store and everything it remembers? Calls that pass its ID will fail."
                    confirmLabel="Delete"
                    disabled={!access.allowed}
                    onConfirm={async () => {
                      await deleteMemory(m.id);
                      await queryClient.invalidateQueries({ queryKey: ["memories"] });
                    }}
                    testId="memory-delete"
                  >
                    Delete
                  </ConfirmButton>
                </WriteGuard>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
      <CreateMemoryModal workspaceId={current.id} opened={createOpened} onClose={create.close} />
    </Stack>
  );
}
