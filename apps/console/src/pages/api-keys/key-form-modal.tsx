import { MultiSelect, Radio, Stack, TagsInput, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { appsQuery } from "../../api/app-api";
import type { ApiKey } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export interface KeyFormValues {
  description: string;
  ipAllowlist: string[];
  appAllowlist: string[];
  scope: ApiKey["scope"];
}

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F:]+(\/\d{1,3})?)$/;

/** Create a key, or edit the description and restrictions of one. The scope is chosen at creation only. */
export function KeyFormModal({
  workspaceId,
  opened,
  editing,
  regionScopeAllowed = false,
  onClose,
  onSubmit,
}: {
  workspaceId: string;
  opened: boolean;
  editing?: ApiKey | undefined;
  /** Super administrators may create region-scope keys (`apikey.manage-region`). */
  regionScopeAllowed?: boolean;
  onClose: () => void;
  onSubmit: (values: KeyFormValues) => Promise<void>;
}) {
  const apps = useQuery({ ...appsQuery({ workspaceId, limit: 200 }), enabled: opened });
  const form = useFormSubmit();
  const { setError } = form;
  const [description, setDescription] = useState("");
  const [ips, setIps] = useState<string[]>([]);
  const [appIds, setAppIds] = useState<string[]>([]);
  const [scope, setScope] = useState<ApiKey["scope"]>("workspace");
  useEffect(() => {
    if (!opened) return;
    setScope(editing?.scope ?? "workspace");
    setDescription(editing?.description ?? "");
    setIps(editing?.ipAllowlist ?? []);
    setAppIds(editing?.appAllowlist ?? []);
    setError(undefined);
  }, [opened, editing, setError]);

  const badIps = ips.filter((ip) => !CIDR.test(ip));
  const appOptions = [
    ...(apps.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.id.slice(0, 8)}…)` })),
    // Allowlisted apps that no longer exist stay visible so they can be removed.
    ...appIds.filter((id) => !(apps.data?.items ?? []).some((a) => a.id === id)).map((id) => ({ value: id, label: id })),
  ];
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit key ${editing.prefix}` : "Create API key"}
      size="lg"
      form={form}
      onSubmit={() => onSubmit({ description: description.trim(), ipAllowlist: ips, appAllowlist: appIds, scope })}
      formTestId="api-key-form"
      submitLabel={editing ? "Save" : "Create"}
      submitTestId="api-key-submit"
      submitDisabled={badIps.length > 0}
    >
      <TextInput
        label="Description"
        maxLength={200}
        placeholder="What uses this key"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        data-testid="api-key-description"
        data-autofocus
      />
      {!editing && regionScopeAllowed ? (
        <Radio.Group
          label="Scope"
          description="A region key is like Model Studio's main-account key: it may call apps of any workspace of this region, named in X-DashScope-WorkSpace on the shared host (never on another workspace's dedicated host)."
          value={scope}
          onChange={(v) => setScope(v === "region" ? "region" : "workspace")}
          data-testid="api-key-scope"
        >
          <Stack gap={6} mt={6}>
            <Radio value="workspace" label="This workspace only" />
            <Radio value="region" label="All workspaces of the region" data-testid="api-key-scope-region" />
          </Stack>
        </Radio.Group>
      ) : null}
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
    </FormModal>
  );
}
