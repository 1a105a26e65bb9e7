import { Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { DataTable, Pager } from "./data-table";
import { QueryBoundary } from "./query-state";

/** The page a paged list shows, and the offset to ask the API for it. */
export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
  setPage: (page: number) => void;
}

export function usePaging(pageSize: number): Paging {
  const [page, setPage] = useState(1);
  return { page, pageSize, offset: (page - 1) * pageSize, setPage };
}

interface PagedTableProps<T> extends Omit<Parameters<typeof DataTable>[0], "children"> {
  /** The list query: loading and errors are shown for it (as `what`), then its items. */
  query: { isPending: boolean; isError: boolean; error: unknown; data: { items: T[]; total: number } | undefined; refetch: () => unknown };
  what: string;
  paging: Paging;
  /** Shown instead of the table when there is no item at all. */
  empty?: ReactNode;
  /** The table rows of this page's items. */
  children: (items: T[]) => ReactNode;
}

/** A list page's body: loading/error states, an empty state, the table of this page's rows and the page links. */
export function PagedTable<T>({ query, what, paging, empty, children, ...table }: PagedTableProps<T>) {
  return (
    <QueryBoundary query={query} what={what}>
      {(data) =>
        data.items.length === 0 && empty !== undefined ? (
          empty
        ) : (
          <Stack>
            <DataTable {...table}>{children(data.items)}</DataTable>
            <Pager total={data.total} pageSize={paging.pageSize} page={paging.page} onChange={paging.setPage} />
          </Stack>
        )
      }
    </QueryBoundary>
  );
}

/** The plain "nothing here yet" line of a list. */
export function EmptyText({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <Text c="dimmed" data-testid={testId}>
      {children}
    </Text>
  );
}
