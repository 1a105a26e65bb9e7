import { Pagination, Table, type TableProps, Text, VisuallyHidden } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import type { ReactNode } from "react";

interface DataTableProps extends TableProps {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Header cells in order; `null` for the row actions column (named for screen readers only). */
  columns: ReactNode[];
  children: ReactNode;
  "data-testid"?: string;
}

/**
 * The console's list table: a horizontal scroll container, one header row, then the caller's rows.
 * On a narrow screen no column is dropped: the table scrolls sideways with a visible scrollbar, and
 * a hint above it says so, because columns out of view are otherwise easy to miss.
 */
export function DataTable({ minWidth, columns, children, ...table }: DataTableProps) {
  const { ref, width } = useElementSize();
  const scrolls = width > 0 && width < minWidth;
  return (
    <div ref={ref}>
      {scrolls ? (
        <Text size="xs" c="dimmed" mb={4} data-testid="table-scroll-hint">
          Scroll sideways to see all {columns.length} columns →
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={minWidth} scrollAreaProps={{ type: "auto", offsetScrollbars: "x" }}>
        <Table {...table}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((label, i) => (
                // Headers are a fixed list that never reorders, so the position is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: static column list
                <Table.Th key={i}>{label ?? <VisuallyHidden>Actions</VisuallyHidden>}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
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
