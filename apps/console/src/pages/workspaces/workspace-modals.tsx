import { Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import type { Region, Workspace } from "../../api/types";
import { createWorkspace, renameWorkspace } from "../../api/workspace-api";
import { errorMessage } from "../../components/query-state";

export function CreateWorkspaceModal({ opened, onClose, regions, defaultRegion }: { opened: boolean; onClose: () => void; regions: Region[]; defaultRegion: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [region, setRegion] = useState(defaultRegion);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createWorkspace(name.trim(), region);
      await queryClient.invalidateQueries({ queryKey: ["workspaces"] });
      setName("");
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Create workspace" centered>
      <form onSubmit={(e) => void submit(e)} data-testid="create-workspace-form">
        <Stack>
          <TextInput label="Name" required maxLength={64} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="workspace-name" data-autofocus />
          <Select
            label="Region"
            data={regions.map((r) => ({ value: r.id, label: r.name }))}
            value={region}
            onChange={(v) => v && setRegion(v)}
            allowDeselect={false}
            data-testid="workspace-region"
          />
          <Text size="xs" c="dimmed">
            A sub-workspace gets its own Workspace ID, members, apps and API keys. The region cannot be changed later.
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
            <Button type="submit" loading={busy} data-testid="create-workspace-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function RenameWorkspaceModal({ workspace, onClose }: { workspace: Workspace | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setName(workspace?.name ?? "");
    setError(undefined);
  }, [workspace]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!workspace) return;
    setBusy(true);
    try {
      await renameWorkspace(workspace.id, name.trim());
      await queryClient.invalidateQueries({ queryKey: ["workspaces"] });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={workspace !== undefined} onClose={onClose} title="Rename workspace" centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Name" required maxLength={64} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="rename-workspace-name" data-autofocus />
          <Text size="xs" c="dimmed">
            The Workspace ID ({workspace?.id}) stays the same.
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
            <Button type="submit" loading={busy} data-testid="rename-workspace-submit">
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
