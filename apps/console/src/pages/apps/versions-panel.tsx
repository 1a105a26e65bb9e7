import { Badge, Button, Code, Group, Modal, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { rollbackApp, versionsQuery } from "../../api/app-api";
import type { App, AppVersion } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { QueryBoundary } from "../../components/query-state";

/** Published versions, newest first, with a look at each and a rollback. */
export function VersionsPanel({ app, onRolledBack }: { app: App; onRolledBack?: () => void }) {
  const queryClient = useQueryClient();
  const versions = useQuery(versionsQuery(app.id));
  const [viewing, setViewing] = useState<AppVersion>();
  const canPublish = useAccess("app.publish", app.workspaceId).allowed;

  const rollback = async (version: number) => {
    await rollbackApp(app.id, version);
    await Promise.all([queryClient.invalidateQueries({ queryKey: ["app", app.id] }), queryClient.invalidateQueries({ queryKey: ["apps"] })]);
    onRolledBack?.();
  };

  return (
    <QueryBoundary query={versions} what="versions">
      {(data) =>
        data.items.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="versions-empty">
            No published version yet. Publish the draft to create version 1.
          </Text>
        ) : (
          <>
            <DataTable minWidth={480} columns={["Version", "Published", "Note", null]} data-testid="versions-table" aria-label="Published versions">
              {data.items.map((v) => (
                <Table.Tr key={v.version} data-testid="version-row" data-version={v.version}>
                  <Table.Td>
                    <Group gap={4}>
                      v{v.version}
                      {v.version === app.publishedVersion ? (
                        <Badge size="xs" color="teal">
                          live
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <TextCell>{formatDateTime(v.publishedAt)}</TextCell>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {v.note || "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant="subtle" onClick={() => setViewing(v)}>
                        View
                      </Button>
                      {v.version !== app.publishedVersion && canPublish ? (
                        <ConfirmButton
                          title={`Roll back to version ${v.version}?`}
                          message={`Version ${v.version} is copied into the draft and published as a new version. Unsaved edits in the editor are discarded.`}
                          confirmLabel="Roll back"
                          color="orange"
                          onConfirm={() => rollback(v.version)}
                          testId="rollback"
                        >
                          Roll back
                        </ConfirmButton>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <Modal opened={viewing !== undefined} onClose={() => setViewing(undefined)} title={`Version ${viewing?.version ?? ""}`} size="lg">
              <Stack>
                <Text size="sm" c="dimmed">
                  Published {formatDateTime(viewing?.publishedAt)}
                </Text>
                <ScrollArea.Autosize mah={480}>
                  <Code block>{JSON.stringify(viewing?.config, null, 2)}</Code>
                </ScrollArea.Autosize>
              </Stack>
            </Modal>
          </>
        )
      }
    </QueryBoundary>
  );
}
