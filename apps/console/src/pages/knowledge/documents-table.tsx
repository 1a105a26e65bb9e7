import { ActionIcon, Badge, Group, JsonInput, Menu, Stack, Table, TagsInput, Text, VisuallyHidden } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { deleteDocument, documentFileUrl, reindexDocument, updateDocument } from "../../api/knowledge-api";
import type { KnowledgeDocument } from "../../api/types";
import type { Access } from "../../auth/use-access";
import { AnchorLink } from "../../components/anchor-link";
import { DataTable, TextCell } from "../../components/data-table";
import { FormModal } from "../../components/form-modal";
import { formatBytes, formatDateTime, formatNumber } from "../../components/format";
import { useFormSubmit } from "../../components/use-form-submit";
import { useRowAction } from "../../components/use-row-action";
import { DocumentStatusBadge } from "./status-badges";

const FORMAT_LABEL: Record<KnowledgeDocument["format"], string> = { pdf: "PDF", docx: "DOCX", markdown: "Markdown", text: "Text", html: "HTML", csv: "CSV" };

/** Parses the metadata editor's JSON: a flat object of strings, numbers and booleans. */
function parseMetadata(text: string): KnowledgeDocument["metadata"] {
  const value = JSON.parse(text.trim() || "{}") as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("Metadata must be a JSON object.");
  for (const [key, v] of Object.entries(value)) {
    if (!["string", "number", "boolean"].includes(typeof v)) throw new Error(`Metadata '${key}' must be a string, a number or a boolean.`);
  }
  return value as KnowledgeDocument["metadata"];
}

function LabelsModal({ document, onClose, onSaved }: { document: KnowledgeDocument | undefined; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const form = useFormSubmit();
  const { setError } = form;
  const [tags, setTags] = useState<string[]>([]);
  const [metadata, setMetadata] = useState("");
  useEffect(() => {
    setTags(document?.tags ?? []);
    setMetadata(document && Object.keys(document.metadata).length > 0 ? JSON.stringify(document.metadata, null, 2) : "");
    setError(undefined);
  }, [document, setError]);
  return (
    <FormModal
      opened={document !== undefined}
      onClose={onClose}
      title={`Tags and metadata of ${document?.name ?? ""}`}
      form={form}
      onSubmit={async () => {
        if (!document) return;
        await updateDocument(document.id, { tags, metadata: parseMetadata(metadata) });
        await onSaved();
        onClose();
      }}
      submitLabel="Save"
      submitTestId="document-labels-submit"
    >
      <TagsInput label="Tags" description="Press Enter after each tag." value={tags} onChange={setTags} data-testid="document-tags-input" data-autofocus />
      <JsonInput
        label="Metadata"
        description='A flat JSON object, e.g. {"product": "Zephyr-9", "year": 2024}. rag_options.metadata_filter matches it exactly.'
        placeholder="{}"
        autosize
        minRows={3}
        formatOnBlur
        validationError="Not valid JSON"
        value={metadata}
        onChange={setMetadata}
        data-testid="document-metadata-input"
      />
    </FormModal>
  );
}

function DocumentActions({ document, access, onTags }: { document: KnowledgeDocument; access: Access; onTags: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refreshList = useRowAction(["knowledge-documents", document.knowledgeBaseId]);
  // Re-indexing and deleting also change the knowledge base's status and counts.
  const run = (action: () => Promise<unknown>) =>
    refreshList(async () => {
      await action();
      await queryClient.invalidateQueries({ queryKey: ["knowledge-base", document.knowledgeBaseId] });
      await queryClient.invalidateQueries({ queryKey: ["knowledge-bases"] });
    });
  const [confirming, setConfirming] = useState(false);
  const denied = access.allowed ? undefined : access.reason;
  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick={false} onClose={() => setConfirming(false)}>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${document.name}`} data-testid="document-actions">
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() => void navigate({ to: "/knowledge/$kbId/documents/$documentId", params: { kbId: document.knowledgeBaseId, documentId: document.id } })}
        >
          Chunks
        </Menu.Item>
        <Menu.Item component="a" href={documentFileUrl(document.id)} download={document.name} data-testid="document-download">
          Download original
        </Menu.Item>
        {denied ? <Menu.Label data-testid="document-actions-denied">{denied}</Menu.Label> : null}
        <Menu.Item onClick={onTags} disabled={!access.allowed} data-testid="document-labels">
          Tags and metadata…
        </Menu.Item>
        <Menu.Item onClick={() => void run(() => reindexDocument(document.id))} disabled={!access.allowed} data-testid="document-reindex">
          Re-index
        </Menu.Item>
        {confirming ? (
          <Menu.Item color="red" onClick={() => void run(() => deleteDocument(document.id))} data-testid="document-delete-confirm">
            Really delete it and its chunks?
          </Menu.Item>
        ) : (
          <Menu.Item color="red" onClick={() => setConfirming(true)} disabled={!access.allowed} data-testid="document-delete">
            Delete…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** A knowledge base's documents; statuses refresh on their own while any is being indexed. */
export function DocumentsTable({ documents, access, onChanged }: { documents: KnowledgeDocument[]; access: Access; onChanged: () => Promise<unknown> }) {
  const [tagging, setTagging] = useState<KnowledgeDocument>();
  return (
    <>
      <DataTable
        minWidth={980}
        columns={["Name", "Format", "Size", "Pages", "Chunks", "Status", "Tags and metadata", "Uploaded", <VisuallyHidden key="a">Actions</VisuallyHidden>]}
        highlightOnHover
        verticalSpacing="sm"
        data-testid="documents-table"
        aria-label="Documents"
      >
        {documents.map((d) => (
          <Table.Tr key={d.id} data-testid="document-row" data-document-id={d.id} data-document-name={d.name} data-status={d.status}>
            <Table.Td maw={280}>
              <AnchorLink
                to="/knowledge/$kbId/documents/$documentId"
                params={{ kbId: d.knowledgeBaseId, documentId: d.id }}
                fw={500}
                data-testid="document-link"
              >
                <Text span inherit lineClamp={1} title={d.name}>
                  {d.name}
                </Text>
              </AnchorLink>
            </Table.Td>
            <TextCell>{FORMAT_LABEL[d.format] ?? d.format}</TextCell>
            <TextCell>{formatBytes(d.sizeBytes)}</TextCell>
            <TextCell>{d.pageCount ?? "—"}</TextCell>
            <TextCell>{formatNumber(d.chunkCount)}</TextCell>
            <Table.Td maw={260}>
              <Stack gap={2} align="flex-start">
                <DocumentStatusBadge status={d.status} error={d.error} />
                {d.status === "failed" && d.error ? (
                  <Text size="xs" c="red" lineClamp={2} title={d.error} data-testid="document-error">
                    {d.error}
                  </Text>
                ) : null}
              </Stack>
            </Table.Td>
            <Table.Td maw={240}>
              <Group gap={4}>
                {d.tags.length === 0 && Object.keys(d.metadata).length === 0 ? (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                ) : null}
                {d.tags.map((t) => (
                  <Badge key={t} size="sm" variant="outline" color="gray" tt="none" data-testid="document-tag">
                    {t}
                  </Badge>
                ))}
                {Object.entries(d.metadata).map(([k, v]) => (
                  <Badge key={k} size="sm" variant="light" color="gray" tt="none" data-testid="document-metadata">
                    {k}: {String(v)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <TextCell>{formatDateTime(d.createdAt)}</TextCell>
            <Table.Td>
              <DocumentActions document={d} access={access} onTags={() => setTagging(d)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <LabelsModal document={tagging} onClose={() => setTagging(undefined)} onSaved={onChanged} />
    </>
  );
}
