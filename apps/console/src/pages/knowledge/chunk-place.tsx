import { Text } from "@mantine/core";
import { Fragment, type ReactNode } from "react";

/** Where a chunk sits: its document, page and heading path, separated by dots. */
export function ChunkPlace({ documentName, page, headingPath }: { documentName?: string; page: number | null; headingPath: string[] }) {
  const parts: { key: string; node: ReactNode }[] = [];
  if (documentName) parts.push({ key: "doc", node: <span data-testid="hit-document">{documentName}</span> });
  if (page !== null) parts.push({ key: "page", node: <span data-testid="chunk-page">page {page}</span> });
  if (headingPath.length > 0) parts.push({ key: "path", node: <span data-testid="chunk-heading-path">{headingPath.join(" › ")}</span> });
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="chunk-place">
      {parts.map((p, i) => (
        <Fragment key={p.key}>
          {i > 0 ? " · " : ""}
          {p.node}
        </Fragment>
      ))}
    </Text>
  );
}
