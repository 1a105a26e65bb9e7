import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { updateApp } from "../../api/app-api";
import type { App } from "../../api/types";
import { errorMessage } from "../../components/query-state";

export function RenameAppModal({ app, onClose }: { app: App | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setName(app?.name ?? "");
    setError(undefined);
  }, [app]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!app) return;
    setBusy(true);
    try {
      await updateApp(app.id, { name: name.trim() });
      await queryClient.invalidateQueries({ queryKey: ["apps"] });
      await queryClient.invalidateQueries({ queryKey: ["app", app.id] });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={app !== undefined} onClose={onClose} title="Rename app" centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="rename-app-name" data-autofocus />
          <Text size="xs" c="dimmed">
            The App ID never changes, so callers keep working.
          </Text>
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="rename-app-submit">
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
