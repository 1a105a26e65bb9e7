import { Select, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { usersQuery } from "../../api/account-api";
import type { MemberRole } from "../../api/types";
import { setMember } from "../../api/workspace-api";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export function AddMemberModal({
  workspaceId,
  opened,
  onClose,
  existing,
}: {
  workspaceId: string;
  opened: boolean;
  onClose: () => void;
  existing: Set<string>;
}) {
  const queryClient = useQueryClient();
  // Only user administrators can list users; workspace admins type the user ID instead.
  const users = useQuery({ ...usersQuery("", 0, 200), enabled: opened, retry: false });
  const form = useFormSubmit();
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<MemberRole>("member");

  const submit = async () => {
    if (!userId) return;
    await setMember(workspaceId, userId.trim(), role);
    await queryClient.invalidateQueries({ queryKey: ["members", workspaceId] });
    setUserId(null);
    onClose();
  };

  const options = (users.data?.items ?? [])
    .filter((u) => !u.isMain && !existing.has(u.id))
    .map((u) => ({
      value: u.id,
      label: `${u.loginName}${u.displayName && u.displayName !== u.loginName ? ` (${u.displayName})` : ""}${u.disabled ? " — disabled" : ""}`,
    }));

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Add member"
      form={form}
      onSubmit={submit}
      formTestId="add-member-form"
      submitLabel="Add"
      submitTestId="add-member-submit"
      submitDisabled={!userId}
    >
      {users.isError ? (
        <TextInput
          label="User ID"
          description="Ask a user administrator for the user's ID."
          required
          value={userId ?? ""}
          onChange={(e) => setUserId(e.currentTarget.value)}
          data-testid="member-user-id"
        />
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
    </FormModal>
  );
}
