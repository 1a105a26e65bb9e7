import { Button, Group, Modal, MultiSelect, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { appsQuery } from "../../api/app-api";
import type { ApiKey } from "../../api/types";
import { errorMessage } from "../../components/query-state";

export interface KeyFormValues {
  description: string;
  ipAllowlist: string[];
  appAllowlist: string[];
}

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F:]+(\/\d{1,3})?)$/;

/** Create a key, or edit the description and restrictions of one. */
export function KeyFormModal({
  workspaceId,
  opened,
  editing,
  onClose,
  onSubmit,
}: {
  workspaceId: string;
  opened: boolean;
  editing?: ApiKey | undefined;
  onClose: () => void;
  onSubmit: (values: KeyFormValues) => Promise<void>;
}) {
  const apps = useQuery({ ...appsQuery({ workspaceId, limit: 200 }), enabled: opened });
  const [description, setDescription] = useState("");
  const [ips, setIps] = useState<string[]>([]);
  const [appIds, setAppIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!opened) return;
    setDescription(editing?.description ?? "");
    setIps(editing?.ipAllowlist ?? []);
    setAppIds(editing?.appAllowlist ?? []);
    setError(undefined);
  }, [opened, editing]);

  const badIps = ips.filter((ip) => !CIDR.test(ip));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ description: description.trim(), ipAllowlist: ips, appAllowlist: appIds });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const appOptions = [
    ...(apps.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.id.slice(0, 8)}…)` })),
    // Allowlisted apps that no longer exist stay visible so they can be removed.
    ...appIds.filter((id) => !(apps.data?.items ?? []).some((a) => a.id === id)).map((id) => ({ value: id, label: id })),
  ];
  return (
    <Modal opened={opened} onClose={onClose} title={editing ? `Edit key ${editing.prefix}` : "Create API key"} centered size="lg">
      <form onSubmit={(e) => void submit(e)} data-testid="api-key-form">
        <Stack>
          <TextInput label="Description" maxLength={200} placeholder="What uses this key" value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="api-key-description" data-autofocus />
          <TagsInput
            label="IP allowlist"
            description="Addresses or CIDR blocks (press Enter after each). Empty: calls from anywhere."
            placeholder="10.0.0.0/8"
            value={ips}
            onChange={setIps}
            error={badIps.length > 0 ? `Not an address or CIDR block: ${badIps.join(", ")}` : undefined}
            data-testid="api-key-ip-allowlist"
          />
          <MultiSelect
            label="App allowlist"
            description="Apps this key may call. Empty: every app of the workspace."
            placeholder={appIds.length === 0 ? "All apps" : undefined}
            searchable
            data={appOptions}
            value={appIds}
            onChange={setAppIds}
            nothingFoundMessage="No app"
            data-testid="api-key-app-allowlist"
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
            <Button type="submit" loading={busy} disabled={badIps.length > 0} data-testid="api-key-submit">
              {editing ? "Save" : "Create"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
