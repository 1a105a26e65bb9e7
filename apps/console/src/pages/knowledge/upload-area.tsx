import { ActionIcon, Button, Group, Paper, Progress, Stack, TagsInput, Text, Tooltip } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useEffect, useRef, useState } from "react";
import { isApiError } from "../../api/client";
import { uploadDocument } from "../../api/upload-document";
import { formatBytes } from "../../components/format";
import { UploadIcon } from "../../components/icons";
import { errorMessage } from "../../components/query-state";

/** Formats the parsers read (docs/knowledge.md); the server decides in the end. */
const ACCEPT = ".pdf,.docx,.md,.markdown,.txt,.text,.html,.htm,.csv";
/** Files sent at once; the rest wait their turn so one slow file does not starve the others. */
const PARALLEL = 3;

type UploadState = "waiting" | "uploading" | "done" | "failed";

interface Upload {
  key: number;
  file: File;
  tags: string[];
  loaded: number;
  total: number;
  state: UploadState;
  error?: string;
}

let nextKey = 0;

function UploadRow({ upload, onRemove }: { upload: Upload; onRemove: () => void }) {
  const percent = upload.state === "done" ? 100 : upload.total > 0 ? Math.round((upload.loaded / upload.total) * 100) : 0;
  const color = upload.state === "failed" ? "red" : upload.state === "done" ? "teal" : "indigo";
  return (
    <Stack gap={2} data-testid="upload-item" data-file-name={upload.file.name} data-state={upload.state}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" truncate miw={0}>
          {upload.file.name}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c={upload.state === "failed" ? "red" : "dimmed"} data-testid="upload-progress-text">
            {upload.state === "waiting"
              ? "waiting"
              : upload.state === "failed"
                ? "failed"
                : upload.state === "done"
                  ? `uploaded · ${formatBytes(upload.file.size)}`
                  : `${percent}% of ${formatBytes(upload.total)}`}
          </Text>
          {upload.state === "done" || upload.state === "failed" ? (
            <Tooltip label="Remove from this list" withArrow>
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Remove ${upload.file.name} from the list`} onClick={onRemove}>
                ×
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
      </Group>
      <Progress value={percent} color={color} size="sm" animated={upload.state === "uploading"} aria-label={`Upload of ${upload.file.name}`} />
      {upload.error ? (
        <Text size="xs" c="red" role="alert" data-testid="upload-error">
          {upload.error}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * Drop files here or pick them: each file is its own upload request with its own progress bar.
 * Tags typed above apply to the files added after them.
 */
export function UploadArea({ knowledgeBaseId, disabled }: { knowledgeBaseId: string; disabled: boolean }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const started = useRef(new Set<number>());
  const aborts = useRef(new Map<number, AbortController>());

  useEffect(() => {
    const running = aborts.current;
    return () => {
      for (const controller of running.values()) controller.abort();
    };
  }, []);

  const patch = (key: number, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const start = (upload: Upload) => {
    started.current.add(upload.key);
    const controller = new AbortController();
    aborts.current.set(upload.key, controller);
    patch(upload.key, { state: "uploading" });
    uploadDocument(knowledgeBaseId, upload.file, {
      tags: upload.tags,
      onProgress: (loaded, total) => patch(upload.key, { loaded, total }),
      signal: controller.signal,
    })
      .then(() => {
        patch(upload.key, { state: "done", loaded: upload.file.size, total: upload.file.size });
        void queryClient.invalidateQueries({ queryKey: ["knowledge-documents", knowledgeBaseId] });
        void queryClient.invalidateQueries({ queryKey: ["knowledge-base", knowledgeBaseId] });
        void queryClient.invalidateQueries({ queryKey: ["knowledge-bases"] });
      })
      .catch((e: unknown) => {
        if ((e as Error).name === "AbortError") return;
        const message = isApiError(e) && e.requestId ? `${errorMessage(e)} (request ${e.requestId})` : errorMessage(e);
        patch(upload.key, { state: "failed", error: message });
      })
      .finally(() => aborts.current.delete(upload.key));
  };

  // Starts waiting uploads while fewer than PARALLEL are running.
  useEffect(() => {
    const running = uploads.filter((u) => u.state === "uploading").length;
    const waiting = uploads.filter((u) => u.state === "waiting" && !started.current.has(u.key));
    for (const upload of waiting.slice(0, Math.max(0, PARALLEL - running))) start(upload);
  });

  const add = (files: FileList | File[] | null) => {
    if (!files || disabled) return;
    const added = Array.from(files).map((file) => ({ key: ++nextKey, file, tags, loaded: 0, total: file.size, state: "waiting" as const }));
    if (added.length > 0) setUploads((all) => [...all, ...added]);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer.files);
  };

  const finished = uploads.filter((u) => u.state === "done" || u.state === "failed").length;
  return (
    <Stack gap="sm" data-testid="upload-area">
      <TagsInput
        label="Tags for new uploads"
        description="Applied to the files you add next; rag_options.tags and workflow filters match them."
        placeholder="Type a tag and press Enter"
        value={tags}
        onChange={setTags}
        disabled={disabled}
        maw={520}
        data-testid="upload-tags"
      />
      <Paper
        withBorder
        p="md"
        radius="md"
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="upload-dropzone"
        data-over={over || undefined}
        style={{
          borderStyle: "dashed",
          borderWidth: 2,
          borderColor: over ? "var(--mantine-color-indigo-5)" : undefined,
          background: over ? "var(--mantine-color-indigo-0)" : undefined,
          opacity: disabled ? 0.6 : 1,
        }}
      >
        <Group justify="center" gap="md">
          <UploadIcon size={28} />
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              Drop files here
            </Text>
            <Text size="xs" c="dimmed">
              PDF, DOCX, Markdown, text, HTML or CSV · several at once
            </Text>
          </Stack>
          <Button size="xs" variant="light" onClick={() => input.current?.click()} disabled={disabled} data-testid="upload-pick">
            Choose files…
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            disabled={disabled}
            onChange={(e) => {
              add(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
            data-testid="upload-input"
          />
        </Group>
      </Paper>
      {uploads.length > 0 ? (
        <Paper withBorder p="sm" data-testid="upload-list">
          <Stack gap="sm">
            {uploads.map((u) => (
              <UploadRow key={u.key} upload={u} onRemove={() => setUploads((all) => all.filter((x) => x.key !== u.key))} />
            ))}
            {finished > 0 ? (
              <Group justify="flex-end">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => setUploads((all) => all.filter((u) => u.state === "waiting" || u.state === "uploading"))}
                >
                  Clear finished
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
