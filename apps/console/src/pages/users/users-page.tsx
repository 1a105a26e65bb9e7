import { Badge, Button, Group, Menu, Pagination, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteUser, updateUser, usersQuery } from "../../api/account-api";
import type { User } from "../../api/types";
import { useSession } from "../../auth/require-session";
import { formatDateTime } from "../../components/format";
import { PlusIcon, SearchIcon } from "../../components/icons";
import { PageHeader } from "../../components/page-header";
import { QueryBoundary, errorMessage } from "../../components/query-state";
import { CreateUserModal, EditUserModal, type UserEdit } from "./user-modals";

const PAGE = 50;

function UserActions({ user, superAdmin, onEdit }: { user: User; superAdmin: boolean; onEdit: (e: UserEdit) => void }) {
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ["users"] });
    } catch (e) {
      window.alert(errorMessage(e));
    }
  };
  if (user.isMain) return <Text size="xs" c="dimmed">main account</Text>;
  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick={false} onClose={() => setConfirmDelete(false)}>
      <Menu.Target>
        <Button size="xs" variant="subtle" aria-label={`Actions for ${user.loginName}`} data-testid="user-actions">
          Manage
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void run(() => updateUser(user.id, { disabled: !user.disabled }))} data-testid={user.disabled ? "user-enable" : "user-disable"}>
          {user.disabled ? "Enable" : "Disable"}
        </Menu.Item>
        <Menu.Item onClick={() => onEdit({ user, mode: "password" })} data-testid="user-reset-password">
          Reset password…
        </Menu.Item>
        {superAdmin ? (
          <Menu.Item onClick={() => onEdit({ user, mode: "policies" })} data-testid="user-policies">
            Policies…
          </Menu.Item>
        ) : null}
        {superAdmin ? (
          confirmDelete ? (
            <Menu.Item color="red" onClick={() => void run(() => deleteUser(user.id))} data-testid="user-delete-confirm">
              Really delete {user.loginName}?
            </Menu.Item>
          ) : (
            <Menu.Item color="red" onClick={() => setConfirmDelete(true)}>
              Delete…
            </Menu.Item>
          )
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

export function UsersPage() {
  const me = useSession();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  const users = useQuery(usersQuery(debounced, (page - 1) * PAGE, PAGE));
  const [createOpened, create] = useDisclosure(false);
  const [edit, setEdit] = useState<UserEdit>();

  return (
    <Stack data-testid="users-page">
      <PageHeader
        title="Users and policies"
        description="The main account and its sub-accounts. Policies grant rights in every workspace; roles inside one workspace are set under Members."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={create.open} data-testid="create-user">
            Create sub-account
          </Button>
        }
      />
      <TextInput aria-label="Search users" placeholder="Search login or display name" leftSection={<SearchIcon size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={320} />
      <QueryBoundary query={users} what="users">
        {(data) => (
          <Stack>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" data-testid="users-table" aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Login name</Table.Th>
                    <Table.Th>Display name</Table.Th>
                    <Table.Th>Policies</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((u) => (
                    <Table.Tr key={u.id} data-testid="user-row" data-login-name={u.loginName}>
                      <Table.Td fw={500}>{u.loginName}</Table.Td>
                      <Table.Td>{u.displayName}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {u.isMain ? <Badge size="sm">main account</Badge> : null}
                          {u.policies.map((p) => (
                            <Badge key={p} size="sm" variant="light">
                              {p}
                            </Badge>
                          ))}
                          {!u.isMain && u.policies.length === 0 ? (
                            <Text size="xs" c="dimmed">
                              none
                            </Text>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={u.disabled ? "red" : "teal"} variant="dot" data-testid="user-status">
                          {u.disabled ? "Disabled" : "Active"}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(u.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <UserActions user={u} superAdmin={me.superAdmin} onEdit={setEdit} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.total > PAGE ? <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} size="sm" /> : null}
          </Stack>
        )}
      </QueryBoundary>
      <CreateUserModal opened={createOpened} onClose={create.close} canSetPolicies={me.superAdmin} />
      <EditUserModal edit={edit} onClose={() => setEdit(undefined)} />
    </Stack>
  );
}
