import { Badge, Group, Select, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member, MemberRole } from "../../api/types";
import { membersQuery, removeMember, setMember } from "../../api/workspace-api";
import { useAccess } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { CreateButton, PageHeader } from "../../components/page-header";
import { errorMessage, QueryBoundary } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { AddMemberModal } from "./add-member-modal";

function RoleSelect({ member, editable }: { member: Member; editable: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  if (!editable) return <Badge variant="light">{member.role}</Badge>;
  return (
    <Select
      aria-label={`Role of ${member.loginName}`}
      size="xs"
      w={120}
      data={["member", "admin"]}
      value={member.role}
      allowDeselect={false}
      error={error}
      onChange={async (v) => {
        if (!v || v === member.role) return;
        try {
          setError(undefined);
          await setMember(member.workspaceId, member.userId, v as MemberRole);
          await queryClient.invalidateQueries({ queryKey: ["members", member.workspaceId] });
        } catch (e) {
          setError(errorMessage(e));
        }
      }}
    />
  );
}

/**
 * The members of one workspace with their roles. The Members page shows the current workspace's;
 * Workspace Management opens it for any workspace, so nobody has to switch workspaces first.
 */
export function MembersManager({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery(workspaceId));
  const [addOpened, add] = useDisclosure(false);
  const manage = useAccess("member.manage", workspaceId);

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed">
          Who works in {workspaceName}. Admins manage members and API keys; members build and call apps.
        </Text>
        <WriteGuard access={manage}>
          <CreateButton onClick={add.open} testId="add-member" disabled={!manage.allowed}>
            Add member
          </CreateButton>
        </WriteGuard>
      </Group>
      <QueryBoundary query={members} what="members">
        {(data) => (
          <>
            <DataTable
              minWidth={600}
              columns={["Login name", "Display name", "Role", "Added", <VisuallyHidden key="actions">Actions</VisuallyHidden>]}
              verticalSpacing="sm"
              data-testid="members-table"
              aria-label={`Members of ${workspaceName}`}
            >
              {data.items.map((m) => (
                <Table.Tr key={m.userId} data-testid="member-row" data-login-name={m.loginName}>
                  <Table.Td>{m.loginName}</Table.Td>
                  <Table.Td>{m.displayName}</Table.Td>
                  <Table.Td>
                    <RoleSelect member={m} editable={manage.allowed} />
                  </Table.Td>
                  <TextCell>{formatDateTime(m.createdAt)}</TextCell>
                  <Table.Td>
                    {manage.allowed ? (
                      <ConfirmButton
                        title={`Remove ${m.loginName}?`}
                        message={`${m.loginName} loses access to ${workspaceName}, its apps and its API keys list.`}
                        confirmLabel="Remove"
                        aria-label={`Remove ${m.loginName}`}
                        onConfirm={async () => {
                          await removeMember(workspaceId, m.userId);
                          await queryClient.invalidateQueries({ queryKey: ["members", workspaceId] });
                        }}
                      >
                        Remove
                      </ConfirmButton>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            {data.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                No members yet. Super administrators reach every workspace without being members.
              </Text>
            ) : null}
            <AddMemberModal workspaceId={workspaceId} opened={addOpened} onClose={add.close} existing={new Set(data.items.map((m) => m.userId))} />
          </>
        )}
      </QueryBoundary>
    </Stack>
  );
}

export function MembersPage() {
  const { current } = useWorkspace();
  return (
    <Stack data-testid="members-page" gap={0}>
      <PageHeader title="Members and roles" />
      <MembersManager workspaceId={current.id} workspaceName={current.name} />
    </Stack>
  );
}
