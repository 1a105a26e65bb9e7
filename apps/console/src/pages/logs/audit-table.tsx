import { Code, Pagination, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { auditQuery } from "../../api/log-api";
import { formatDateTime } from "../../components/format";
import { QueryBoundary } from "../../components/query-state";

/** Who changed what in this workspace. */
export function AuditTable({ workspaceId }: { workspaceId: string }) {
  const [page, setPage] = useState(1);
  const events = useQuery(auditQuery(workspaceId, (page - 1) * 20));
  return (
    <QueryBoundary query={events} what="the audit log">
      {(data) => (
        <Stack>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" striped data-testid="audit-table" aria-label="Audit log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Resource</Table.Th>
                  <Table.Th>From</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(e.at)}</Text>
                    </Table.Td>
                    <Table.Td>{e.actorName ?? "system"}</Table.Td>
                    <Table.Td>
                      <Code fz="xs">{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {e.resourceType} {e.resourceId ? <Code fz="xs">{e.resourceId}</Code> : null}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.ip ?? "—"}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {data.items.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nothing recorded yet.
            </Text>
          ) : null}
          {data.total > 20 ? <Pagination total={Math.ceil(data.total / 20)} value={page} onChange={setPage} size="sm" /> : null}
        </Stack>
      )}
    </QueryBoundary>
  );
}
