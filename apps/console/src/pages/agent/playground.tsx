import { Alert, Button, Code, Group, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type RunEnvelope, RunError, streamTestRun, type Thought } from "../../api/test-run";
import type { App, DocReference } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { WriteGuard } from "../../components/write-guard";
import { MemoryIdField } from "./memory-id-field";
import { AnswerText, SourcesView } from "./sources-view";
import { ThoughtsView } from "./thoughts-view";

interface Turn {
  prompt: string;
  text: string;
  thoughts: Thought[];
  /** `doc_references` of the answer; every event that carries them repeats them in full. */
  sources: DocReference[];
  done: boolean;
  error?: RunError;
  requestId?: string;
  usage?: string;
}

function usageText(envelope: RunEnvelope): string | undefined {
  const models = envelope.usage?.models ?? [];
  if (models.length === 0) return undefined;
  return models.map((m) => `${m.model_id}: ${m.input_tokens} in / ${m.output_tokens} out`).join(", ");
}

/** Chat with the draft or the published version through the streaming test-run route. */
export function Playground({ app, variables, dirty, memoryEnabled = false }: { app: App; variables: string[]; dirty: boolean; memoryEnabled?: boolean }) {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState<"draft" | "published">(app.status === "draft" ? "draft" : "published");
  const [thoughtsOn, setThoughtsOn] = useState(true);
  const [prompt, setPrompt] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [turns, setTurns] = useState<Turn[]>([]);
  const [sessionId, setSessionId] = useState<string>();
  const [memoryId, setMemoryId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const canRun = useAccess("app.run", app.workspaceId);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls whenever the transcript changes
  useEffect(() => {
    // Braces matter: newer browsers return a Promise from scrollIntoView, and React would call it as a cleanup.
    void bottom.current?.scrollIntoView?.({ block: "nearest" });
  }, [turns]);

  const update = (patch: Partial<Turn>) => setTurns((all) => all.map((t, i) => (i === all.length - 1 ? { ...t, ...patch } : t)));

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    const text = prompt.trim();
    if (!text || running) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setPrompt("");
    setTurns((all) => [...all, { prompt: text, text: "", thoughts: [], sources: [], done: false }]);
    const params = Object.fromEntries(variables.filter((v) => values[v]).map((v) => [v, values[v]]));
    let answer = "";
    try {
      const stream = streamTestRun(
        app.id,
        {
          version,
          input: {
            prompt: text,
            ...(sessionId ? { session_id: sessionId } : {}),
            ...(memoryEnabled && memoryId ? { memory_id: memoryId } : {}),
            ...(Object.keys(params).length > 0 ? { biz_params: { user_prompt_params: params } } : {}),
          },
          parameters: { incremental_output: true, has_thoughts: thoughtsOn },
        },
        controller.signal,
      );
      const thoughts: Thought[] = [];
      let sources: DocReference[] = [];
      const seen = new Set<string>();
      for await (const envelope of stream) {
        answer += envelope.output.text ?? "";
        // Some servers repeat earlier thoughts in later events; keep each one once.
        for (const t of envelope.output.thoughts ?? []) {
          const key = JSON.stringify(t);
          if (!seen.has(key)) {
            seen.add(key);
            thoughts.push(t);
          }
        }
        if (envelope.output.doc_references && envelope.output.doc_references.length > 0) sources = envelope.output.doc_references;
        if (envelope.output.session_id) setSessionId(envelope.output.session_id);
        const usage = usageText(envelope);
        update({
          text: answer,
          thoughts: [...thoughts],
          sources,
          ...(envelope.request_id ? { requestId: envelope.request_id } : {}),
          ...(usage ? { usage } : {}),
        });
      }
      update({ done: true });
    } catch (err) {
      if ((err as Error).name === "AbortError") update({ done: true, error: new RunError("Stopped", "Stopped by you.") });
      else update({ done: true, error: err instanceof RunError ? err : new RunError("Error", (err as Error).message) });
    } finally {
      setRunning(false);
      abort.current = null;
      void queryClient.invalidateQueries({ queryKey: ["call-logs"] });
    }
  };

  const newSession = () => {
    abort.current?.abort();
    setTurns([]);
    setSessionId(undefined);
  };

  return (
    <Stack gap="sm" data-testid="playground">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SegmentedControl
          aria-label="Version to run"
          size="xs"
          value={version}
          onChange={(v) => setVersion(v as "draft" | "published")}
          data={[
            { value: "draft", label: "Draft" },
            { value: "published", label: "Published", disabled: app.status === "draft" },
          ]}
          data-testid="playground-version"
        />
        <Group gap="sm">
          <Switch size="xs" label="Show thoughts" checked={thoughtsOn} onChange={(e) => setThoughtsOn(e.currentTarget.checked)} />
          <Button size="xs" variant="subtle" onClick={newSession} data-testid="new-session">
            New session
          </Button>
        </Group>
      </Group>
      {version === "draft" && dirty ? (
        <Text size="xs" c="orange">
          The playground runs the saved draft. Save to try your latest edits.
        </Text>
      ) : null}
      {memoryEnabled ? <MemoryIdField workspaceId={app.workspaceId} value={memoryId} onChange={setMemoryId} /> : null}
      {variables.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {variables.map((v) => (
            <TextInput key={v} size="xs" label={`\${${v}}`} value={values[v] ?? ""} onChange={(e) => setValues({ ...values, [v]: e.currentTarget.value })} />
          ))}
        </SimpleGrid>
      ) : null}
      <Paper withBorder p="sm" mih={220} mah={520} style={{ overflowY: "auto" }} aria-live="polite" data-testid="playground-transcript">
        {turns.length === 0 ? (
          <Text size="sm" c="dimmed">
            Ask something to try the {version} version. Each run is logged with source "console".
          </Text>
        ) : (
          <Stack gap="md">
            {turns.map((turn, i) => (
              // Turns are only ever appended, so the position is a stable key.
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
              <Stack key={i} gap={6}>
                <Text size="sm" fw={600}>
                  You: <span style={{ fontWeight: 400 }}>{turn.prompt}</span>
                </Text>
                <ThoughtsView thoughts={turn.thoughts} />
                {turn.text || !turn.error ? (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="playground-answer" data-done={turn.done || undefined}>
                    {turn.text ? <AnswerText text={turn.text} /> : turn.done ? "(empty answer)" : "…"}
                  </Text>
                ) : null}
                <SourcesView sources={turn.sources} />
                {turn.error ? (
                  <Alert color={turn.error.code === "Stopped" ? "gray" : "red"} p="xs" title={turn.error.code} data-testid="playground-error">
                    <Text size="xs">{turn.error.message}</Text>
                    {turn.error.requestId ? <Text size="xs">request_id {turn.error.requestId}</Text> : null}
                  </Alert>
                ) : null}
                {turn.done && (turn.requestId || turn.usage) ? (
                  <Text size="xs" c="dimmed">
                    {turn.usage ? `${turn.usage} · ` : ""}
                    {turn.requestId ? `request_id ${turn.requestId}` : ""}
                  </Text>
                ) : null}
              </Stack>
            ))}
            <div ref={bottom} />
          </Stack>
        )}
      </Paper>
      {sessionId ? (
        <Text size="xs" c="dimmed">
          session_id <Code fz="xs">{sessionId}</Code>
        </Text>
      ) : null}
      <form onSubmit={(e) => void send(e)}>
        <Stack gap={6}>
          <Textarea
            aria-label="Prompt"
            placeholder="Type a message (Ctrl+Enter to send)"
            autosize
            minRows={2}
            maxRows={6}
            value={prompt}
            onChange={(e) => setPrompt(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void send();
            }}
            data-testid="playground-prompt"
          />
          <Group justify="flex-end" gap="xs">
            {running ? (
              <Button variant="default" size="xs" onClick={() => abort.current?.abort()} data-testid="playground-stop">
                Stop
              </Button>
            ) : null}
            <WriteGuard access={canRun}>
              <Button type="submit" size="xs" loading={running} disabled={!prompt.trim() || !canRun.allowed} data-testid="playground-send">
                Send
              </Button>
            </WriteGuard>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
