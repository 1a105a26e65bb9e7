import { Select, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Region, Workspace } from "../../api/types";
import { createWorkspace, renameWorkspace } from "../../api/workspace-api";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export function CreateWorkspaceModal({
  opened,
  onClose,
  regions,
  defaultRegion,
}: {
  opened: boolean;
  onClose: () => void;
  regions: Region[];
  defaultRegion: string;
}) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const [name, setName] = useState("");
  const [region, setRegion] = useState(defaultRegion);
  const submit = async () => {
    await createWorkspace(name.trim(), region);
    await queryClient.invalidateQueries({ queryKey: ["workspaces"] });
    setName("");
    onClose();
  };
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Create workspace"
      form={form}
      onSubmit={submit}
      formTestId="create-workspace-form"
      submitLabel="Create"
      submitTestId="create-workspace-submit"
    >
      <TextInput
        label="Name"
        required
        maxLength={64}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-testid="workspace-name"
        data-autofocus
      />
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
    </FormModal>
  );
}

export function RenameWorkspaceModal({ workspace, onClose }: { workspace: Workspace | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [name, setName] = useState("");
  useEffect(() => {
    setName(workspace?.name ?? "");
    setError(undefined);
  }, [workspace, setError]);
  const submit = async () => {
    if (!workspace) return;
    await renameWorkspace(workspace.id, name.trim());
    await queryClient.invalidateQueries({ queryKey: ["workspaces"] });
    onClose();
  };
  return (
    <FormModal
      opened={workspace !== undefined}
      onClose={onClose}
      title="Rename workspace"
      form={form}
      onSubmit={submit}
      submitLabel="Rename"
      submitTestId="rename-workspace-submit"
    >
      <TextInput
        label="Name"
        required
        maxLength={64}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-testid="rename-workspace-name"
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        The Workspace ID ({workspace?.id}) stays the same.
      </Text>
    </FormModal>
  );
}
