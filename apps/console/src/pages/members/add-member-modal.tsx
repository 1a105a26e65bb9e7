import { Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { usersQuery } from "../../api/account-api";
import type { MemberRole } from "../../api/types";
import { setMember } from "../../api/workspace-api";
import { errorMessage } from "../../components/query-state";

export function AddMemberModal({ workspaceId, opened, onClose, existing }: { workspaceId: string; opened: boolean; onClose: () => void; existing: Set<string> }) {
  const queryClient = useQueryClient();
  // Only user administrators can list users; workspace admins type the user ID instead.
  const users = useQuery({ ...usersQuery("", 0, 200), enabled: opened, retry: false });
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<MemberRole>("member");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!userId) return;
    setBusy(true);
    setError(undefined);
    try {
      await setMember(workspaceId, userId.trim(), role);
      await queryClient.invalidateQueries({ queryKey: ["members", workspaceId] });
      setUserId(null);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const options = (users.data?.items ?? [])
    .filter((u) => !u.isMain && !existing.has(u.id))
    .map((u) => ({ value: u.id, label: `${u.loginName}${u.displayName && u.displayName !== u.loginName ? ` (${u.displayName})` : ""}${u.disabled ? " — disabled" : ""}` }));

  return (
    <Modal opened={opened} onClose={onClose} title="Add member" centered>
      <form onSubmit={(e) => void submit(e)} data-testid="add-member-form">
        <Stack>
          {users.isError ? (
            <TextInput label="User ID" description="Ask a user administrator for the user's ID." required value={userId ?? ""} onChange={(e) => setUserId(e.currentTarget.value)} data-testid="member-user-id" />
          ) : (
            <Select
              label="User"
              placeholder={users.isPending ? "Loading users…" : "Pick a sub-account"}
              searchable
              required
              data={options}
              value={userId}
              onChange={setUserId}
              nothingFoundMessage="No other sub-accounts. Create one in Users & policies."
              data-testid="member-user"
            />
          )}
          <Select
            label="Role"
            data={[
              { value: "member", label: "member — builds and calls apps" },
              { value: "admin", label: "admin — also manages members and API keys" },
            ]}
            value={role}
            onChange={(v) => v && setRole(v as MemberRole)}
            allowDeselect={false}
            data-testid="member-role"
          />
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!userId} data-testid="add-member-submit">
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
