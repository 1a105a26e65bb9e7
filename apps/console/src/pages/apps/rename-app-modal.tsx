import { Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { updateApp } from "../../api/app-api";
import type { App } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export function RenameAppModal({ app, onClose }: { app: App | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [name, setName] = useState("");
  useEffect(() => {
    setName(app?.name ?? "");
    setError(undefined);
  }, [app, setError]);

  const submit = async () => {
    if (!app) return;
    await updateApp(app.id, { name: name.trim() });
    await queryClient.invalidateQueries({ queryKey: ["apps"] });
    await queryClient.invalidateQueries({ queryKey: ["app", app.id] });
    onClose();
  };

  return (
    <FormModal
      opened={app !== undefined}
      onClose={onClose}
      title="Rename app"
      form={form}
      onSubmit={submit}
      submitLabel="Rename"
      submitTestId="rename-app-submit"
    >
      <TextInput
        label="Name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-testid="rename-app-name"
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        The App ID never changes, so callers keep working.
      </Text>
    </FormModal>
  );
}
