import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { usersQuery } from "../../api/account-api";
import { useSession } from "../../auth/require-session";

const ME = "me";

/**
 * Whose AccessKeys the page shows, for administrators who manage other users' keys
 * (`accesskey.manage`). The server still decides: a user who outranks you is refused there.
 */
export function AccessKeyOwner({ value, onChange }: { value: string | undefined; onChange: (userId: string | undefined) => void }) {
  const me = useSession();
  const users = useQuery({ ...usersQuery("", 0, 200), retry: false });
  const others = (users.data?.items ?? [])
    .filter((u) => u.id !== me.user.id)
    .map((u) => ({ value: u.id, label: `${u.loginName}${u.disabled ? " (disabled)" : ""}` }));
  return (
    <Select
      label="Whose AccessKeys"
      w={320}
      searchable
      allowDeselect={false}
      data={[{ value: ME, label: `Mine (${me.user.loginName})` }, ...others]}
      value={value ?? ME}
      onChange={(v) => onChange(v === null || v === ME ? undefined : v)}
      error={users.isError ? "Could not list the users" : undefined}
      data-testid="access-key-owner"
    />
  );
}
