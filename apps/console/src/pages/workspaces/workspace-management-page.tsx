import { Badge, Button, Code, Group, Modal, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { isApiError } from "../../api/client";
import type { Workspace } from "../../api/types";
import { deleteWorkspace, workspacesQuery } from "../../api/workspace-api";
import { accessTo } from "../../auth/access";
import { useSession } from "../../auth/require-session";
import { ConfirmButton } from "../../components/confirm-button";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { SearchIcon } from "../../components/icons";
import { IdValue } from "../../components/id-value";
import { CreateButton, PageHeader } from "../../components/page-header";
import { ErrorState, LoadingState, PermissionDenied } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { plural } from "../../lib/plural";
import { MembersManager } from "../members/members-page";
import { CreateWorkspaceModal, RenameWorkspaceModal } from "./workspace-modals";

const WORKSPACE_MANAGEMENT_POLICY =
  "Workspace Management needs the main account or a sub-account with the FullAccess (super administrator) or ControlFullAccess policy.";

/** Every workspace of the deployment with its Workspace ID: the hosted console's Workspace Management page. */
export function WorkspaceManagementPage() {
  const queryClient = useQueryClient();
  const { current, regions, setWorkspace, workspaces: switchable } = useWorkspace();
  const all = useQuery(workspacesQuery(true));
  const [createOpened, create] = useDisclosure(false);
  const [renaming, setRenaming] = useState<Workspace>();
  const [membersOf, setMembersOf] = useState<Workspace>();
  const me = useSession();
  const canCreate = accessTo(me, "workspace.create");
  const [region, setRegion] = useState<string | null>(null);
  const [search, setSearch] = useState("");

  if (all.isPending) return <LoadingState label="Loading workspaces…" />;
  if (all.isError) {
    if (isApiError(all.error, "InsufficientPermissions") || (isApiError(all.error) && all.error.status === 403)) {
      return (
        <PermissionDenied
          policy={WORKSPACE_MANAGEMENT_POLICY}
          message="Ask a super administrator to attach FullAccess or ControlFullAccess to your account in Users & policies."
        >
          <Text size="sm" ta="center">
            You can still copy the ID of your current workspace, <Code>{current.id}</Code>, from the Workspace ID icon in the upper-right corner.
          </Text>
        </PermissionDenied>
      );
    }
    return <ErrorState error={all.error} what="workspaces" onRetry={() => void all.refetch()} />;
  }

  const items = all.data.items.filter((w) => (!region || w.region === region) && (!search || w.name.toLowerCase().includes(search.toLowerCase())));
  return (
    <Stack data-testid="workspace-management-page">
      <PageHeader
        title="Workspace Management"
        description={`${all.data.total === 1 ? "The only workspace" : `All ${plural(all.data.total, "workspace")}`} of this appstudio. The Workspace ID is part of each workspace's API base URL.`}
        actions={
          <WriteGuard access={canCreate}>
            <CreateButton onClick={create.open} testId="create-workspace" disabled={!canCreate.allowed}>
              Create workspace
            </CreateButton>
          </WriteGuard>
        }
      />
      <Group gap="sm">
        <TextInput
          aria-label="Search workspaces"
          placeholder="Search by name"
          leftSection={<SearchIcon size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Select
          aria-label="Filter by region"
          placeholder="All regions"
          clearable
          data={regions.map((r) => ({ value: r.id, label: r.name }))}
          value={region}
          onChange={setRegion}
        />
      </Group>
      <DataTable
        minWidth={820}
        columns={["Name", "Workspace ID", "Region", "Created", "Actions"]}
        highlightOnHover
        verticalSpacing="sm"
        data-testid="workspace-table"
        aria-label="Workspaces"
      >
        {items.map((w) => (
          <Table.Tr key={w.id} data-testid="workspace-row" data-workspace-id={w.id} data-workspace-name={w.name}>
            <Table.Td>
              <Group gap={6}>
                <Text fw={500}>{w.name}</Text>
                {w.isDefault ? (
                  <Badge size="xs" variant="outline" data-testid="default-marker">
                    default
                  </Badge>
                ) : null}
                {w.id === current.id ? (
                  <Badge size="xs" color="teal" variant="light">
                    current
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              <IdValue value={w.id} copyLabel={`Copy Workspace ID of ${w.name}`} copyTestId="copy-workspace-row-id" />
            </Table.Td>
            <Table.Td>{w.regionName}</Table.Td>
            <TextCell>{formatDateTime(w.createdAt)}</TextCell>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                {w.id !== current.id && switchable.some((s) => s.id === w.id) ? (
                  <Button size="xs" variant="subtle" onClick={() => setWorkspace(w.id)} data-testid="switch-workspace">
                    Switch to
                  </Button>
                ) : null}
                {accessTo(me, "member.list", w.id).allowed ? (
                  <Button size="xs" variant="subtle" onClick={() => setMembersOf(w)} data-testid="workspace-members" aria-label={`Members of ${w.name}`}>
                    Members
                  </Button>
                ) : null}
                {accessTo(me, "workspace.rename", w.id).allowed ? (
                  <Button size="xs" variant="subtle" onClick={() => setRenaming(w)} data-testid="rename-workspace" aria-label={`Rename ${w.name}`}>
                    Rename
                  </Button>
                ) : null}
                {!w.isDefault && accessTo(me, "workspace.delete", w.id).allowed ? (
                  <ConfirmButton
                    title={`Delete ${w.name}?`}
                    aria-label={`Delete ${w.name}`}
                    testId="delete-workspace"
                    message="Only an empty workspace (no apps, no API keys) can be deleted. Its members lose access."
                    confirmLabel="Delete"
                    onConfirm={async () => {
                      await deleteWorkspace(w.id);
                      await queryClient.invalidateQueries({ queryKey: ["workspaces"] });
                    }}
                  >
                    Delete
                  </ConfirmButton>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <CreateWorkspaceModal opened={createOpened} onClose={create.close} regions={regions} defaultRegion={current.region} />
      <RenameWorkspaceModal workspace={renaming} onClose={() => setRenaming(undefined)} />
      <Modal opened={membersOf !== undefined} onClose={() => setMembersOf(undefined)} title={`Members of ${membersOf?.name ?? ""}`} size="xl" centered>
        {membersOf ? <MembersManager workspaceId={membersOf.id} workspaceName={membersOf.name} /> : null}
      </Modal>
    </Stack>
  );
}
