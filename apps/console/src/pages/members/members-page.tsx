import { Badge, Select, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member, MemberRole } from "../../api/types";
import { membersQuery, removeMember, setMember } from "../../api/workspace-api";
import { useSession } from "../../auth/require-session";
import { ConfirmButton } from "../../components/confirm-button";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { CreateButton, PageHeader } from "../../components/page-header";
import { errorMessage, QueryBoundary } from "../../components/query-state";
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

export function MembersPage() {
  const me = useSession();
  const queryClient = useQueryClient();
  const { current } = useWorkspace();
  const members = useQuery(membersQuery(current.id));
  const [addOpened, add] = useDisclosure(false);
  const myRole = me.memberships.find((m) => m.workspaceId === current.id)?.role;
  const readOnly = me.user.policies.includes("ReadOnlyAccess") && !me.superAdmin;
  const canManage = !readOnly && (me.canManageAllWorkspaces || myRole === "admin");

  return (
    <Stack data-testid="members-page">
      <PageHeader
        title="Members and roles"
        description={`Who works in ${current.name}. Admins manage members and API keys; members build and call apps.`}
        actions={
          canManage ? (
            <CreateButton onClick={add.open} testId="add-member">
              Add member
            </CreateButton>
          ) : undefined
        }
      />
      <QueryBoundary query={members} what="members">
        {(data) => (
          <>
            <DataTable
              minWidth={600}
              columns={["Login name", "Display name", "Role", "Added", null]}
              verticalSpacing="sm"
              data-testid="members-table"
              aria-label="Members"
            >
              {data.items.map((m) => (
                <Table.Tr key={m.userId} data-testid="member-row" data-login-name={m.loginName}>
                  <Table.Td>{m.loginName}</Table.Td>
                  <Table.Td>{m.displayName}</Table.Td>
                  <Table.Td>
                    <RoleSelect member={m} editable={canManage} />
                  </Table.Td>
                  <TextCell>{formatDateTime(m.createdAt)}</TextCell>
                  <Table.Td>
                    {canManage ? (
                      <ConfirmButton
                        title={`Remove ${m.loginName}?`}
                        message={`${m.loginName} loses access to ${current.name}, its apps and its API keys list.`}
                        confirmLabel="Remove"
                        onConfirm={async () => {
                          await removeMember(current.id, m.userId);
                          await queryClient.invalidateQueries({ queryKey: ["members", current.id] });
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
            <AddMemberModal workspaceId={current.id} opened={addOpened} onClose={add.close} existing={new Set(data.items.map((m) => m.userId))} />
          </>
        )}
      </QueryBoundary>
    </Stack>
  );
}
