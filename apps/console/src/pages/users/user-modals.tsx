import { Checkbox, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createUser, policiesQuery, updateUser } from "../../api/account-api";
import type { Policy, User } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

function PolicyChecks({ value, onChange }: { value: Policy[]; onChange: (p: Policy[]) => void }) {
  const policies = useQuery(policiesQuery);
  return (
    <Checkbox.Group
      label="Policies"
      description="Without a policy, a user only reaches the workspaces it joins, with its role there."
      value={value}
      onChange={(v) => onChange(v as Policy[])}
    >
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
  const form = useFormSubmit();
  const [loginName, setLoginName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [policies, setPolicies] = useState<Policy[]>([]);
  const submit = async () => {
    await createUser({
      loginName: loginName.trim(),
      password,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(canSetPolicies && policies.length > 0 ? { policies } : {}),
    });
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    setLoginName("");
    setDisplayName("");
    setPassword("");
    setPolicies([]);
    onClose();
  };
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Create sub-account"
      form={form}
      onSubmit={submit}
      formTestId="create-user-form"
      submitLabel="Create"
      submitTestId="create-user-submit"
    >
      <TextInput
        label="Login name"
        required
        minLength={2}
        maxLength={64}
        autoComplete="off"
        value={loginName}
        onChange={(e) => setLoginName(e.currentTarget.value)}
        data-testid="user-login-name"
        data-autofocus
      />
      <TextInput
        label="Display name"
        maxLength={100}
        value={displayName}
        onChange={(e) => setDisplayName(e.currentTarget.value)}
        data-testid="user-display-name"
      />
      <PasswordInput
        label="Initial password"
        required
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        data-testid="user-password"
      />
      {canSetPolicies ? <PolicyChecks value={policies} onChange={setPolicies} /> : null}
    </FormModal>
  );
}

export type UserEdit = { user: User; mode: "password" | "policies" };

/** Reset a password or change the policies of one user. */
export function EditUserModal({ edit, onClose }: { edit: UserEdit | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [password, setPassword] = useState("");
  const [policies, setPolicies] = useState<Policy[]>([]);
  useEffect(() => {
    setPassword("");
    setPolicies(edit?.user.policies ?? []);
    setError(undefined);
  }, [edit, setError]);
  const submit = async () => {
    if (!edit) return;
    await updateUser(edit.user.id, edit.mode === "password" ? { password } : { policies });
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    onClose();
  };
  const title = edit?.mode === "password" ? `Reset the password of ${edit.user.loginName}` : `Policies of ${edit?.user.loginName ?? ""}`;
  return (
    <FormModal
      opened={edit !== undefined}
      onClose={onClose}
      title={title}
      form={form}
      onSubmit={submit}
      formTestId="edit-user-form"
      submitLabel="Save"
      submitTestId="edit-user-submit"
    >
      {edit?.mode === "password" ? (
        <>
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="reset-password"
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            The user's console sessions and tokens keep working; tell them the new password through a safe channel.
          </Text>
        </>
      ) : (
        <PolicyChecks value={policies} onChange={setPolicies} />
      )}
    </FormModal>
  );
}
