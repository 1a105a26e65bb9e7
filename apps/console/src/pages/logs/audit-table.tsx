import { Code, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { auditQuery } from "../../api/log-api";
import { DataTable, Pager, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { QueryBoundary } from "../../components/query-state";

const PAGE = 20;

/** Who changed what in this workspace. */
export function AuditTable({ workspaceId }: { workspaceId: string }) {
  const [page, setPage] = useState(1);
  const events = useQuery(auditQuery(workspaceId, (page - 1) * PAGE));
  return (
    <QueryBoundary query={events} what="the audit log">
      {(data) => (
        <Stack>
          <DataTable
            minWidth={720}
            columns={["Time", "Who", "Action", "Resource", "From"]}
            verticalSpacing="xs"
            striped
            data-testid="audit-table"
            aria-label="Audit log"
          >
            {data.items.map((e) => (
              <Table.Tr key={e.id}>
                <TextCell>{formatDateTime(e.at)}</TextCell>
                <Table.Td>{e.actorName ?? "system"}</Table.Td>
                <Table.Td>
                  <Code fz="xs">{e.action}</Code>
                </Table.Td>
                <TextCell>
                  {e.resourceType} {e.resourceId ? <Code fz="xs">{e.resourceId}</Code> : null}
                </TextCell>
                <TextCell>{e.ip ?? "—"}</TextCell>
              </Table.Tr>
            ))}
          </DataTable>
          {data.items.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nothing recorded yet.
            </Text>
          ) : null}
          <Pager total={data.total} pageSize={PAGE} page={page} onChange={setPage} />
        </Stack>
      )}
    </QueryBoundary>
  );
}
