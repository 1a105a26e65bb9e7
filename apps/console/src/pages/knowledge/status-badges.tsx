import { Badge, Loader, Tooltip } from "@mantine/core";
import { PENDING_STATUSES } from "../../api/knowledge-api";
import type { DocumentStatus, KnowledgeBaseStatus } from "../../api/types";

/** A narrow table column must not cut a status word short. */
const NO_SHRINK = { minWidth: "max-content" };

const KB_STATUS: Record<KnowledgeBaseStatus, { label: string; color: string; hint: string }> = {
  empty: { label: "Empty", color: "gray", hint: "No document yet: upload some to answer from them." },
  indexing: { label: "Indexing", color: "blue", hint: "Documents are being parsed, chunked and embedded." },
  ready: { label: "Ready", color: "teal", hint: "Every document is indexed (or failed; see the documents)." },
};

export function KnowledgeBaseStatusBadge({ status }: { status: KnowledgeBaseStatus }) {
  const s = KB_STATUS[status];
  return (
    <Tooltip label={s.hint} withArrow>
      <Badge variant="dot" color={s.color} style={NO_SHRINK} data-testid="kb-status" data-status={status}>
        {s.label}
      </Badge>
    </Tooltip>
  );
}

const DOC_STATUS: Record<DocumentStatus, { label: string; color: string }> = {
  queued: { label: "Queued", color: "gray" },
  parsing: { label: "Parsing", color: "blue" },
  chunking: { label: "Chunking", color: "blue" },
  embedding: { label: "Embedding", color: "indigo" },
  ready: { label: "Ready", color: "teal" },
  failed: { label: "Failed", color: "red" },
};

/** A document's ingestion step; a spinner while it moves, the reason on hover when it failed. */
export function DocumentStatusBadge({ status, error }: { status: DocumentStatus; error?: string | null }) {
  const s = DOC_STATUS[status];
  const badge = (
    <Badge
      variant="light"
      color={s.color}
      leftSection={PENDING_STATUSES.has(status) ? <Loader size={10} color={s.color} /> : undefined}
      style={NO_SHRINK}
      data-testid="document-status"
      data-status={status}
    >
      {s.label}
    </Badge>
  );
  if (status !== "failed" || !error) return badge;
  return (
    <Tooltip label={error} withArrow multiline w={320}>
      {badge}
    </Tooltip>
  );
}
