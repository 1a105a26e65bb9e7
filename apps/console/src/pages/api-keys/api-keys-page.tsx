import { Badge, Button, Code, Group, Menu, Stack, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiKeysQuery, createApiKey, deleteApiKey, resetApiKey, setApiKeyDisabled, updateApiKey } from "../../api/key-api";
import type { ApiKey } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { TextCell } from "../../components/data-table";
import { formatDateTime, formatRelative } from "../../components/format";
import { CreateButton, PageHeader } from "../../components/page-header";
import { EmptyText, PagedTable, usePaging } from "../../components/paged-table";
import { useRowAction } from "../../components/use-row-action";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { plural } from "../../lib/plural";
import { KeyFormModal } from "./key-form-modal";
import { SecretModal } from "./secret-modal";

const PAGE = 50;

function KeyActions({ apiKey, onEdit, onSecret }: { apiKey: ApiKey; onEdit: () => void; onSecret: (s: string) => void }) {
  const [confirm, setConfirm] = useState<"reset" | "delete">();
  const run = useRowAction(["api-keys"]);
  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick={false} onClose={() => setConfirm(undefined)}>
      <Menu.Target>
        <Button size="xs" variant="subtle" aria-label={`Actions for key ${apiKey.prefix}`} data-testid="api-key-actions">
          Manage
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={onEdit} data-testid="api-key-edit">
          Description and restrictions…
        </Menu.Item>
        <Menu.Item
          onClick={() => void run(() => setApiKeyDisabled(apiKey.id, !apiKey.disabled))}
          data-testid={apiKey.disabled ? "api-key-enable" : "api-key-disable"}
        >
          {apiKey.disabled ? "Enable" : "Disable"}
        </Menu.Item>
        {confirm === "reset" ? (
          <Menu.Item color="orange" onClick={() => void run(async () => onSecret((await resetApiKey(apiKey.id)).secret))} data-testid="api-key-reset-confirm">
            Really reset? The old secret stops working
          </Menu.Item>
        ) : (
          <Menu.Item onClick={() => setConfirm("reset")} data-testid="api-key-reset">
            Reset secret…
          </Menu.Item>
        )}
        {confirm === "delete" ? (
          <Menu.Item color="red" onClick={() => void run(() => deleteApiKey(apiKey.id))} data-testid="api-key-delete-confirm">
            Really delete this key?
          </Menu.Item>
        ) : (
          <Menu.Item color="red" onClick={() => setConfirm("delete")} data-testid="api-key-delete">
            Delete…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function Restrictions({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.ipAllowlist.length === 0 && apiKey.appAllowlist.length === 0)
    return (
      <Text size="xs" c="dimmed">
        none
      </Text>
    );
  return (
    <Group gap={4}>
      {apiKey.ipAllowlist.length > 0 ? (
        <Tooltip label={apiKey.ipAllowlist.join(", ")}>
          <Badge size="sm" variant="light">
            {plural(apiKey.ipAllowlist.length, "IP rule")}
          </Badge>
        </Tooltip>
      ) : null}
      {apiKey.appAllowlist.length > 0 ? (
        <Tooltip label={apiKey.appAllowlist.join(", ")}>
          <Badge size="sm" variant="light" color="grape">
            {plural(apiKey.appAllowlist.length, "app")}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const { current } = useWorkspace();
  const paging = usePaging(PAGE);
  const keys = useQuery(apiKeysQuery(current.id, paging.offset, PAGE));
  const [createOpened, create] = useDisclosure(false);
  const [editing, setEditing] = useState<ApiKey>();
  const [secret, setSecret] = useState<{ value: string; title: string }>();
  const manage = useAccess("apikey.manage", current.id);
  const manageRegion = useAccess("apikey.manage-region", current.id);

  return (
    <Stack data-testid="api-keys-page">
      <PageHeader
        title="API keys"
        description={`Keys of ${current.name}. They call this workspace's apps; only a short prefix is kept visible.`}
        actions={
          <WriteGuard access={manage}>
            <CreateButton onClick={create.open} testId="create-api-key" disabled={!manage.allowed}>
              Create API key
            </CreateButton>
          </WriteGuard>
        }
      />
      <PagedTable
        minWidth={860}
        columns={["Key", "Description", "Status", "Restrictions", "Created", "Last used", <VisuallyHidden key="actions">Actions</VisuallyHidden>]}
        verticalSpacing="sm"
        data-testid="api-keys-table"
        aria-label="API keys"
        query={keys}
        what="API keys"
        paging={paging}
        empty={<EmptyText testId="api-keys-empty">No API keys in this workspace yet.</EmptyText>}
      >
        {(items) =>
          items.map((k) => (
            <Table.Tr key={k.id} data-testid="api-key-row" data-key-id={k.id}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Code>{k.prefix}</Code>
                  {k.scope === "region" ? (
                    <Tooltip label="Region key: may call apps of every workspace of this region (X-DashScope-WorkSpace)">
                      <Badge size="sm" color="orange" variant="light" data-testid="api-key-scope-badge">
                        All workspaces
                      </Badge>
                    </Tooltip>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                {k.description || (
                  <Text span size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={k.disabled ? "red" : "teal"} variant="dot" data-testid="api-key-status">
                  {k.disabled ? "Disabled" : "Enabled"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Restrictions apiKey={k} />
              </Table.Td>
              <TextCell>{formatDateTime(k.createdAt)}</TextCell>
              <TextCell>{formatRelative(k.lastUsedAt)}</TextCell>
              <Table.Td>
                {manage.allowed && (k.scope !== "region" || manageRegion.allowed) ? (
                  <KeyActions apiKey={k} onEdit={() => setEditing(k)} onSecret={(value) => setSecret({ value, title: `New secret for ${k.prefix}` })} />
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
      <KeyFormModal
        workspaceId={current.id}
        opened={createOpened}
        regionScopeAllowed={manageRegion.allowed}
        onClose={create.close}
        onSubmit={async (v) => {
          const created = await createApiKey({
            workspaceId: current.id,
            ...(v.description ? { description: v.description } : {}),
            ipAllowlist: v.ipAllowlist,
            appAllowlist: v.appAllowlist,
            ...(v.scope === "region" ? { scope: "region" as const } : {}),
          });
          await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
          create.close();
          setSecret({ value: created.secret, title: "API key created" });
        }}
      />
      <KeyFormModal
        workspaceId={current.id}
        opened={editing !== undefined}
        editing={editing}
        onClose={() => setEditing(undefined)}
        onSubmit={async (v) => {
          if (!editing) return;
          await updateApiKey(editing.id, { description: v.description, ipAllowlist: v.ipAllowlist, appAllowlist: v.appAllowlist });
          await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
          setEditing(undefined);
        }}
      />
      <SecretModal secret={secret?.value} title={secret?.title ?? ""} onClose={() => setSecret(undefined)} />
    </Stack>
  );
}
