import { Pagination, Table, type TableProps, Text } from "@mantine/core";
import type { ReactNode } from "react";

interface DataTableProps extends TableProps {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Header cells in order; `null` for an unlabelled column such as row actions. */
  columns: ReactNode[];
  children: ReactNode;
  "data-testid"?: string;
}

/** The console's list table: a horizontal scroll container, one header row, then the caller's rows. */
export function DataTable({ minWidth, columns, children, ...table }: DataTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...table}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((label, i) => (
              // Headers are a fixed list that never reorders, so the position is a stable key.
              // biome-ignore lint/suspicious/noArrayIndexKey: static column list
              <Table.Th key={i}>{label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Page links under a list; hidden while everything fits on one page. */
export function Pager({ total, pageSize, page, onChange }: { total: number; pageSize: number; page: number; onChange: (page: number) => void }) {
  if (total <= pageSize) return null;
  return <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={onChange} size="sm" />;
}

/** A plain text cell; list tables show their values at the small size so rows stay compact. */
export function TextCell({ children }: { children: ReactNode }) {
  return (
    <Table.Td>
      <Text size="sm">{children}</Text>
    </Table.Td>
  );
}
