import { Button, Checkbox, Group, Modal, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { createUser, policiesQuery, updateUser } from "../../api/account-api";
import type { Policy, User } from "../../api/types";
import { errorMessage } from "../../components/query-state";

function PolicyChecks({ value, onChange }: { value: Policy[]; onChange: (p: Policy[]) => void }) {
  const policies = useQuery(policiesQuery);
  return (
    <Checkbox.Group label="Policies" description="Without a policy, a user only reaches the workspaces it joins, with its role there." value={value} onChange={(v) => onChange(v as Policy[])}>
      <Stack gap={6} mt={6}>
        {(policies.data?.items ?? []).map((p) => (
          <Checkbox key={p.name} value={p.name} label={p.name} description={p.description} data-testid={`policy-${p.name}`} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

export function CreateUserModal({ opened, onClose, canSetPolicies }: { opened: boolean; onClose: () => void; canSetPolicies: boolean }) {
  const queryClient = useQueryClient();
  const [loginName, setLoginName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createUser({ loginName: loginName.trim(), password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}), ...(canSetPolicies && policies.length > 0 ? { policies } : {}) });
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      setLoginName("");
      setDisplayName("");
      setPassword("");
      setPolicies([]);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Create sub-account" centered>
      <form onSubmit={(e) => void submit(e)} data-testid="create-user-form">
        <Stack>
          <TextInput label="Login name" required minLength={2} maxLength={64} autoComplete="off" value={loginName} onChange={(e) => setLoginName(e.currentTarget.value)} data-testid="user-login-name" data-autofocus />
          <TextInput label="Display name" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="user-display-name" />
          <PasswordInput label="Initial password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="user-password" />
          {canSetPolicies ? <PolicyChecks value={policies} onChange={setPolicies} /> : null}
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="create-user-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export type UserEdit = { user: User; mode: "password" | "policies" };

/** Reset a password or change the policies of one user. */
export function EditUserModal({ edit, onClose }: { edit: UserEdit | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setPassword("");
    setPolicies(edit?.user.policies ?? []);
    setError(undefined);
  }, [edit]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!edit) return;
    setBusy(true);
    try {
      await updateUser(edit.user.id, edit.mode === "password" ? { password } : { policies });
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const title = edit?.mode === "password" ? `Reset the password of ${edit.user.loginName}` : `Policies of ${edit?.user.loginName ?? ""}`;
  return (
    <Modal opened={edit !== undefined} onClose={onClose} title={title} centered>
      <form onSubmit={(e) => void submit(e)} data-testid="edit-user-form">
        <Stack>
          {edit?.mode === "password" ? (
            <>
              <PasswordInput label="New password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="reset-password" data-autofocus />
              <Text size="xs" c="dimmed">
                The user's console sessions and tokens keep working; tell them the new password through a safe channel.
              </Text>
            </>
          ) : (
            <PolicyChecks value={policies} onChange={setPolicies} />
          )}
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="edit-user-submit">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
