import { Badge, Button, Group, Paper, Spoiler, Stack, Switch, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { deleteChunk, updateChunk } from "../../api/knowledge-api";
import type { KnowledgeChunk } from "../../api/types";
import type { Access } from "../../auth/use-access";
import { ConfirmButton } from "../../components/confirm-button";
import { FormModal } from "../../components/form-modal";
import { errorMessage } from "../../components/query-state";
import { useFormSubmit } from "../../components/use-form-submit";
import { WriteGuard } from "../../components/write-guard";
import { ChunkPlace } from "./chunk-place";

function EditChunkModal({ chunk, onClose }: { chunk: KnowledgeChunk | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [text, setText] = useState("");
  useEffect(() => {
    setText(chunk?.text ?? "");
    setError(undefined);
  }, [chunk, setError]);
  return (
    <FormModal
      opened={chunk !== undefined}
      onClose={onClose}
      title={`Edit chunk #${chunk ? chunk.seq + 1 : ""}`}
      size="xl"
      form={form}
      onSubmit={async () => {
        if (!chunk) return;
        await updateChunk(chunk.id, { text });
        await queryClient.invalidateQueries({ queryKey: ["knowledge-chunks", chunk.documentId] });
        onClose();
      }}
      formTestId="chunk-form"
      submitLabel="Save"
      submitTestId="chunk-submit"
      submitDisabled={!text.trim()}
    >
      <Textarea
        label="Text"
        description="Searched and cited as written here. Re-indexing the document parses it again and drops edits."
        autosize
        minRows={6}
        maxRows={20}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="chunk-text-input"
        data-autofocus
      />
    </FormModal>
  );
}

function EnabledSwitch({ chunk, access }: { chunk: KnowledgeChunk; access: Access }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await updateChunk(chunk.id, { enabled });
      await queryClient.invalidateQueries({ queryKey: ["knowledge-chunks", chunk.documentId] });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <WriteGuard access={access}>
      <Switch
        size="xs"
        label={chunk.enabled ? "Enabled" : "Disabled"}
        checked={chunk.enabled}
        disabled={busy || !access.allowed}
        error={error}
        onChange={(e) => void toggle(e.currentTarget.checked)}
        data-testid="chunk-enabled"
      />
    </WriteGuard>
  );
}

/** A document's chunks in order, each with its place, and edit / enable / delete. */
export function ChunkList({ chunks, access }: { chunks: KnowledgeChunk[]; access: Access }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<KnowledgeChunk>();
  return (
    <Stack gap="sm" data-testid="chunk-list">
      {chunks.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="chunk" data-chunk-id={c.id} data-enabled={c.enabled} style={{ opacity: c.enabled ? 1 : 0.6 }}>
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Group gap="xs">
                <Badge variant="light" color="gray">
                  #{c.seq + 1}
                </Badge>
                <ChunkPlace page={c.page} headingPath={c.headingPath} />
                <Text size="xs" c="dimmed">
                  {c.tokenCount} tokens
                </Text>
                {c.edited ? (
                  <Badge size="xs" variant="light" color="orange">
                    edited
                  </Badge>
                ) : null}
              </Group>
              <Group gap="xs">
                <EnabledSwitch chunk={c} access={access} />
                <WriteGuard access={access}>
                  <Button size="xs" variant="subtle" onClick={() => setEditing(c)} disabled={!access.allowed} data-testid="chunk-edit">
                    Edit
                  </Button>
                </WriteGuard>
                <WriteGuard access={access}>
                  <ConfirmButton
                    title="Delete chunk"
                    message="Delete this chunk? It will no longer be found or cited. Re-indexing the document brings it back."
                    confirmLabel="Delete"
                    disabled={!access.allowed}
                    onConfirm={async () => {
                      await deleteChunk(c.id);
                      await queryClient.invalidateQueries({ queryKey: ["knowledge-chunks", c.documentId] });
                      // The document's and the knowledge base's chunk counts change too.
                      await queryClient.invalidateQueries({ queryKey: ["knowledge-document", c.documentId] });
                      await queryClient.invalidateQueries({ queryKey: ["knowledge-base", c.knowledgeBaseId] });
                    }}
                    testId="chunk-delete"
                  >
                    Delete
                  </ConfirmButton>
                </WriteGuard>
              </Group>
            </Group>
            <Spoiler maxHeight={96} showLabel="Show all" hideLabel="Show less">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="chunk-text">
                {c.text}
              </Text>
            </Spoiler>
          </Stack>
        </Paper>
      ))}
      <EditChunkModal chunk={editing} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}
