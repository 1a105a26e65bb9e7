import { Alert, Badge, Button, Code, Group, Modal, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { accessKeysQuery, createAccessKey, deleteAccessKey, setAccessKeyDisabled } from "../../api/access-key-api";
import type { AccessKey } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime, formatRelative } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { CreateButton, PageHeader } from "../../components/page-header";
import { errorMessage, QueryBoundary } from "../../components/query-state";
import { useRowAction } from "../../components/use-row-action";
import { AccessKeyOwner } from "./access-key-owner";

/** The new pair, shown once: the secret lives only in component state. */
function NewPairModal({ pair, onClose }: { pair: { id: string; secret: string } | undefined; onClose: () => void }) {
  return (
    <Modal opened={pair !== undefined} onClose={onClose} title="AccessKey created" centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" title="Copy the secret now">
          This is the only time the AccessKey secret is shown. If you lose it, delete the pair and create a new one.
        </Alert>
        <Text size="sm">AccessKey ID</Text>
        <IdValue value={pair?.id ?? ""} copy="button" copyLabel="Copy AccessKey ID" testId="access-key-id" copyTestId="copy-access-key-id" />
        <Text size="sm">AccessKey secret</Text>
        <IdValue value={pair?.secret ?? ""} copy="button" copyLabel="Copy AccessKey secret" testId="access-key-secret" copyTestId="copy-access-key-secret" />
        <Text size="sm" c="dimmed">
          Set <Code>ALIBABA_CLOUD_ACCESS_KEY_ID</Code> and <Code>ALIBABA_CLOUD_ACCESS_KEY_SECRET</Code> for Alibaba Cloud's OpenAPI clients, with this server as
          their endpoint.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="access-key-secret-done">
            I have stored the secret
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Actions({ accessKey }: { accessKey: AccessKey }) {
  const run = useRowAction(["access-keys"]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const active = accessKey.status === "Active";
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button
        size="xs"
        variant="subtle"
        onClick={() => void run(() => setAccessKeyDisabled(accessKey.id, active))}
        data-testid={active ? "access-key-disable" : "access-key-enable"}
      >
        {active ? "Disable" : "Enable"}
      </Button>
      {confirmDelete ? (
        <Button size="xs" color="red" onClick={() => void run(() => deleteAccessKey(accessKey.id))} data-testid="access-key-delete-confirm">
          Really delete?
        </Button>
      ) : (
        <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete(true)} data-testid="access-key-delete">
          Delete…
        </Button>
      )}
    </Group>
  );
}

/** Your AccessKeys for the signed OpenAPI (docs/openapi-signed.md); administrators also those of other users. */
export function AccessKeysPage() {
  const queryClient = useQueryClient();
  const manageOthers = useAccess("accesskey.manage");
  // Whose keys: undefined is the signed-in user.
  const [owner, setOwner] = useState<string>();
  const keys = useQuery(accessKeysQuery(owner));
  const [pair, setPair] = useState<{ id: string; secret: string }>();
  const [error, setError] = useState<string>();

  const create = async () => {
    setError(undefined);
    try {
      const created = await createAccessKey(owner);
      await queryClient.invalidateQueries({ queryKey: ["access-keys"] });
      setPair({ id: created.accessKey.id, secret: created.secret });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Stack data-testid="access-keys-page">
      <PageHeader
        title="AccessKeys"
        description="Your AccessKey pairs for Alibaba Cloud's signed OpenAPI clients (Bailian, ModelStudio). Calls signed with a pair run as its user, with that user's permissions."
        actions={
          <CreateButton onClick={() => void create()} testId="create-access-key">
            Create AccessKey
          </CreateButton>
        }
      />
      {manageOthers.allowed ? (
        <AccessKeyOwner
          value={owner}
          onChange={(userId) => {
            setError(undefined);
            setOwner(userId);
          }}
        />
      ) : null}
      {error ? (
        <Alert color="red" data-testid="access-key-error">
          {error}
        </Alert>
      ) : null}
      <QueryBoundary query={keys} what="AccessKeys">
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed" data-testid="access-keys-empty">
              {owner ? "This user has no AccessKeys." : "You have no AccessKeys yet."}
            </Text>
          ) : (
            <DataTable
              minWidth={720}
              columns={["AccessKey ID", "Status", "Created", "Last used", <VisuallyHidden key="actions">Actions</VisuallyHidden>]}
              aria-label="AccessKeys"
              data-testid="access-keys-table"
            >
              {data.items.map((k) => (
                <Table.Tr key={k.id} data-testid="access-key-row" data-access-key-id={k.id}>
                  <Table.Td>
                    <Code>{k.id}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={k.status === "Active" ? "teal" : "red"} variant="dot" data-testid="access-key-status">
                      {k.status}
                    </Badge>
                  </Table.Td>
                  <TextCell>{formatDateTime(k.createdAt)}</TextCell>
                  <TextCell>{formatRelative(k.lastUsedAt)}</TextCell>
                  <Table.Td>
                    <Actions accessKey={k} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryBoundary>
      <NewPairModal pair={pair} onClose={() => setPair(undefined)} />
    </Stack>
  );
}
