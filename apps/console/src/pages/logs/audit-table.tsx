import { Code, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { auditQuery } from "../../api/log-api";
import { TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { PagedTable, usePaging } from "../../components/paged-table";

const PAGE = 20;

/** Who changed what in this workspace. */
export function AuditTable({ workspaceId }: { workspaceId: string }) {
  const paging = usePaging(PAGE);
  const events = useQuery(auditQuery(workspaceId, paging.offset));
  return (
    <PagedTable
      minWidth={720}
      columns={["Time", "Who", "Action", "Resource", "From"]}
      verticalSpacing="xs"
      striped
      data-testid="audit-table"
      aria-label="Audit log"
      query={events}
      what="the audit log"
      paging={paging}
      empty={
        <Text c="dimmed" size="sm">
          Nothing recorded yet.
        </Text>
      }
    >
      {(items) =>
        items.map((e) => (
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
        ))
      }
    </PagedTable>
  );
}
