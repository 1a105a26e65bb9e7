import { Button, Code, Group, Stack, Table, VisuallyHidden } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteMcpService, mcpServicesQuery } from "../../api/mcp-api";
import type { McpService } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { CopyIconButton } from "../../components/copy-button";
import { TextCell } from "../../components/data-table";
import { CreateButton, PageHeader } from "../../components/page-header";
import { EmptyText, PagedTable, usePaging } from "../../components/paged-table";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { McpServiceModal } from "./mcp-service-modal";
import { McpToolsModal } from "./mcp-tools-modal";

const PAGE = 50;

/** MCP services of the workspace: remote MCP servers whose tools agents and workflow MCP nodes call. */
export function McpServicesPage() {
  const queryClient = useQueryClient();
  const { current } = useWorkspace();
  const access = useAccess("mcp.manage", current.id);
  const paging = usePaging(PAGE);
  const services = useQuery(mcpServicesQuery(current.id, paging.offset, PAGE));
  const [editing, setEditing] = useState<McpService | undefined>();
  const [formOpened, setFormOpened] = useState(false);
  const [testing, setTesting] = useState<McpService | undefined>();
  const openForm = (service?: McpService) => {
    setEditing(service);
    setFormOpened(true);
  };

  return (
    <Stack data-testid="mcp-page">
      <PageHeader
        title="MCP services"
        description={`Remote MCP servers of ${current.name}. Agents attach them (their tools are offered to the model as service__tool), workflows call them from an MCP node. Header values are stored encrypted and never shown again.`}
        actions={
          <WriteGuard access={access}>
            <CreateButton onClick={() => openForm()} testId="create-mcp" disabled={!access.allowed}>
              Add MCP service
            </CreateButton>
          </WriteGuard>
        }
      />
      <PagedTable
        minWidth={900}
        columns={["Name", "Service ID", "URL", "Transport", "Headers", "Tools", <VisuallyHidden key="a">Actions</VisuallyHidden>]}
        highlightOnHover
        verticalSpacing="sm"
        data-testid="mcp-table"
        aria-label="MCP services"
        query={services}
        what="MCP services"
        paging={paging}
        empty={<EmptyText testId="mcp-empty">No MCP service in this workspace yet.</EmptyText>}
      >
        {(items) =>
          items.map((s) => (
            <Table.Tr key={s.id} data-testid="mcp-row" data-mcp-id={s.id} data-mcp-name={s.name}>
              <TextCell>{s.name}</TextCell>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Code>{s.id}</Code>
                  <CopyIconButton value={s.id} label={`Copy service ID ${s.id}`} testId="copy-mcp-id" />
                </Group>
              </Table.Td>
              <TextCell>{s.url}</TextCell>
              <TextCell>{s.transport}</TextCell>
              <TextCell>{s.headerNames.length === 0 ? "—" : s.headerNames.join(", ")}</TextCell>
              <TextCell>{s.allowedTools.length === 0 ? "all" : s.allowedTools.join(", ")}</TextCell>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => setTesting(s)} data-testid="mcp-test">
                    Test
                  </Button>
                  <WriteGuard access={access}>
                    <Button size="xs" variant="default" disabled={!access.allowed} onClick={() => openForm(s)} data-testid="mcp-edit">
                      Edit
                    </Button>
                  </WriteGuard>
                  <WriteGuard access={access}>
                    <ConfirmButton
                      title="Delete MCP service"
                      message={`Delete ${s.name}? Apps that attach it will no longer get its tools.`}
                      confirmLabel="Delete"
                      disabled={!access.allowed}
                      onConfirm={async () => {
                        await deleteMcpService(s.id);
                        await queryClient.invalidateQueries({ queryKey: ["mcp-services"] });
                      }}
                      testId="mcp-delete"
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
      <McpServiceModal workspaceId={current.id} opened={formOpened} editing={editing} onClose={() => setFormOpened(false)} />
      <McpToolsModal service={testing} onClose={() => setTesting(undefined)} />
    </Stack>
  );
}
