import { Badge, Button, Group, Menu, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { deleteUser, updateUser, usersQuery } from "../../api/account-api";
import type { User } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { SearchIcon } from "../../components/icons";
import { CreateButton, PageHeader } from "../../components/page-header";
import { PagedTable, usePaging } from "../../components/paged-table";
import { useRowAction } from "../../components/use-row-action";
import { WriteGuard } from "../../components/write-guard";
import { CreateUserModal, EditUserModal, type UserEdit } from "./user-modals";

const PAGE = 50;

function UserActions({ user, onEdit }: { user: User; onEdit: (e: UserEdit) => void }) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const run = useRowAction(["users"]);
  const canUpdate = useAccess("user.update").allowed;
  const canSetPolicies = useAccess("user.set-policies").allowed;
  const canDelete = useAccess("user.delete").allowed;
  if (user.isMain)
    return (
      <Text size="xs" c="dimmed">
        main account
      </Text>
    );
  if (!canUpdate && !canSetPolicies && !canDelete) return null;
  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick={false} onClose={() => setConfirmDelete(false)}>
      <Menu.Target>
        <Button size="xs" variant="subtle" aria-label={`Actions for ${user.loginName}`} data-testid="user-actions">
          Manage
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {canUpdate ? (
          <Menu.Item
            onClick={() => void run(() => updateUser(user.id, { disabled: !user.disabled }))}
            data-testid={user.disabled ? "user-enable" : "user-disable"}
          >
            {user.disabled ? "Enable" : "Disable"}
          </Menu.Item>
        ) : null}
        {canUpdate ? (
          <Menu.Item onClick={() => onEdit({ user, mode: "password" })} data-testid="user-reset-password">
            Reset password…
          </Menu.Item>
        ) : null}
        {canSetPolicies ? (
          <Menu.Item onClick={() => onEdit({ user, mode: "policies" })} data-testid="user-policies">
            Policies…
          </Menu.Item>
        ) : null}
        {canDelete ? (
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
  const canCreate = useAccess("user.create");
  const canSetPolicies = useAccess("user.set-policies").allowed;
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const paging = usePaging(PAGE);
  const users = useQuery(usersQuery(debounced, paging.offset, PAGE));
  const [createOpened, create] = useDisclosure(false);
  const [edit, setEdit] = useState<UserEdit>();

  return (
    <Stack data-testid="users-page">
      <PageHeader
        title="Users and policies"
        description="The main account and its sub-accounts. Policies grant rights in every workspace; roles inside one workspace are set under Members."
        actions={
          <WriteGuard access={canCreate}>
            <CreateButton onClick={create.open} testId="create-user" disabled={!canCreate.allowed}>
              Create sub-account
            </CreateButton>
          </WriteGuard>
        }
      />
      <TextInput
        aria-label="Search users"
        placeholder="Search login or display name"
        leftSection={<SearchIcon size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={320}
      />
      <PagedTable
        minWidth={720}
        columns={["Login name", "Display name", "Policies", "Status", "Created", <VisuallyHidden key="actions">Actions</VisuallyHidden>]}
        verticalSpacing="sm"
        data-testid="users-table"
        aria-label="Users"
        query={users}
        what="users"
        paging={paging}
      >
        {(items) =>
          items.map((u) => (
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
              <TextCell>{formatDateTime(u.createdAt)}</TextCell>
              <Table.Td>
                <UserActions user={u} onEdit={setEdit} />
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
      <CreateUserModal opened={createOpened} onClose={create.close} canSetPolicies={canSetPolicies} />
      <EditUserModal edit={edit} onClose={() => setEdit(undefined)} />
    </Stack>
  );
}
