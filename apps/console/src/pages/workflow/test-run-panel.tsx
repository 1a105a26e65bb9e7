import { Alert, Button, Code, Group, Paper, SegmentedControl, Stack, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { FieldProblem } from "../../api/client";
import { RunError, streamTestRun } from "../../api/test-run";
import type { App, WorkflowGraph } from "../../api/types";
import { findRunByRequestId } from "../../api/workflow-run-api";
import { useAccess } from "../../auth/use-access";
import { WriteGuard } from "../../components/write-guard";
import { plural } from "../../lib/plural";
import { nodeLabel } from "./node-catalog";
import { startVariables, toBizParams } from "./run-inputs";
import { applyEnvelope, displayContent, emptyProgress, type RunProgress } from "./run-progress";
import { RunDetailView, StatusBadge } from "./run-views";
import { StartInputs } from "./start-inputs";

interface TestRunPanelProps {
  app: App;
  graph: WorkflowGraph;
  dirty: boolean;
  /** Saves the draft first; false when it could not be saved. */
  onSave: () => Promise<boolean>;
  /** Validation problems of the graph reported by the run (it validates strictly). */
  onProblems: (fields: FieldProblem[]) => void;
  /** Node statuses for the canvas, as the packets arrive. */
  onStatuses: (statuses: Record<string, string>) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the draft or the published version with `message_format_plus` and shows every node's packets live. */
export function TestRunPanel({ app, graph, dirty, onSave, onProblems, onStatuses }: TestRunPanelProps) {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState<"draft" | "published">("draft");
  const [prompt, setPrompt] = useState("");
  const canRun = useAccess("app.run", app.workspaceId);
  const [values, setValues] = useState<Record<string, string>>({});
  const [inputErrors, setInputErrors] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<RunProgress>();
  const [error, setError] = useState<RunError>();
  const [running, setRunning] = useState(false);
  const [runId, setRunId] = useState<string>();
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const variables = startVariables(graph.nodes.find((n) => n.type === "Start")?.config);

  const run = async () => {
    const { params, errors } = toBizParams(variables, values);
    setInputErrors(errors);
    if (Object.keys(errors).length > 0 || running || !prompt.trim()) return;
    setError(undefined);
    setRunId(undefined);
    setProgress(undefined);
    onStatuses({});
    setRunning(true);
    let state = emptyProgress();
    try {
      if (version === "draft" && dirty && !(await onSave()))
        throw new RunError("NotSaved", "The draft could not be saved: fix the problems marked on the nodes first.");
      const controller = new AbortController();
      abort.current = controller;
      setProgress(state);
      const stream = streamTestRun(
        app.id,
        {
          version,
          input: { prompt, ...(Object.keys(params).length > 0 ? { biz_params: params } : {}) },
          parameters: { flow_stream_mode: "message_format_plus", incremental_output: true, has_thoughts: false },
        },
        controller.signal,
      );
      for await (const envelope of stream) {
        state = applyEnvelope(state, envelope);
        setProgress(state);
        onStatuses(Object.fromEntries(state.nodes.map((n) => [n.nodeId, n.status])));
      }
    } catch (e) {
      const err =
        (e as Error).name === "AbortError"
          ? new RunError("Stopped", "Stopped by you.")
          : e instanceof RunError
            ? e
            : new RunError("Error", (e as Error).message);
      setError(err);
      const graphFields = err.fields.filter((f) => f.field.startsWith("config."));
      if (graphFields.length > 0) onProblems(graphFields);
      if (err.fields.some((f) => f.field.startsWith("input.biz_params."))) {
        setInputErrors(Object.fromEntries(err.fields.filter((f) => f.field.startsWith("input.biz_params.")).map((f) => [f.field.slice(17), f.message])));
      }
    } finally {
      setRunning(false);
      abort.current = null;
      void queryClient.invalidateQueries({ queryKey: ["app", app.id, "runs"] });
      void queryClient.invalidateQueries({ queryKey: ["call-logs"] });
    }
    // The run record is written as the run goes; find it by the call's request ID.
    if (state.requestId) {
      for (let attempt = 0; attempt < 15; attempt++) {
        const found = await findRunByRequestId(app.id, state.requestId).catch(() => undefined);
        if (found) {
          setRunId(found.id);
          break;
        }
        await sleep(300);
      }
    }
  };

  return (
    <Stack gap="sm" data-testid="test-run-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <SegmentedControl
          size="xs"
          aria-label="Version to run"
          value={version}
          onChange={(v) => setVersion(v as "draft" | "published")}
          data={[
            { value: "draft", label: "Draft" },
            { value: "published", label: "Published", disabled: app.publishedVersion === null },
          ]}
          data-testid="test-run-version"
        />
        <Text size="xs" c="dimmed">
          flow_stream_mode: message_format_plus
        </Text>
      </Group>
      {version === "draft" && dirty ? (
        <Text size="xs" c="orange">
          Unsaved edits are saved before the run.
        </Text>
      ) : null}
      <Textarea
        label="Query"
        description="input.prompt: the Start node's query"
        autosize
        minRows={2}
        maxRows={6}
        value={prompt}
        onChange={(e) => setPrompt(e.currentTarget.value)}
        data-testid="test-run-prompt"
      />
      <StartInputs variables={variables} values={values} onChange={setValues} errors={inputErrors} />
      <Group justify="flex-end" gap="xs">
        {running ? (
          <Button size="xs" variant="default" onClick={() => abort.current?.abort()} data-testid="test-run-stop">
            Stop
          </Button>
        ) : null}
        <WriteGuard access={canRun}>
          <Button size="xs" onClick={() => void run()} loading={running} disabled={!prompt.trim() || !canRun.allowed} data-testid="test-run-send">
            Run
          </Button>
        </WriteGuard>
      </Group>
      {error ? (
        <Alert color={error.code === "Stopped" ? "gray" : "red"} p="xs" title={error.code} data-testid="test-run-error" role="alert">
          <Text size="xs">{error.message}</Text>
          {error.requestId ? <Text size="xs">request_id {error.requestId}</Text> : null}
        </Alert>
      ) : null}
      {progress ? (
        <Stack gap={6} aria-live="polite">
          <Text size="sm" fw={600}>
            Node packets
          </Text>
          {progress.nodes.length === 0 && running ? (
            <Text size="xs" c="dimmed">
              Waiting for the first node…
            </Text>
          ) : null}
          {progress.nodes.map((n) => {
            const content = displayContent(n);
            return (
              <Paper
                key={n.nodeId}
                withBorder
                p={6}
                data-testid="run-node"
                data-node-id={n.nodeId}
                data-node-type={n.nodeType}
                data-status={n.status}
                data-packets={n.packets}
              >
                <Group gap={6} wrap="wrap">
                  <StatusBadge status={n.status} />
                  <Text size="sm" fw={600}>
                    {n.nodeName}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {nodeLabel(n.nodeType)} · {n.nodeId} · {plural(n.packets, "packet")}
                  </Text>
                </Group>
                {content ? (
                  <Code
                    block
                    fz="xs"
                    mt={4}
                    style={{ maxHeight: 120, overflow: "auto", whiteSpace: "pre-wrap", wordBreak: "break-word" }}
                    data-testid="run-node-content"
                  >
                    {content}
                  </Code>
                ) : null}
              </Paper>
            );
          })}
          <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
            <Text size="xs" fw={600} mb={2}>
              Answer
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="test-run-answer" data-done={progress.done || undefined}>
              {progress.done ? progress.answer || "(empty answer)" : running ? "…" : "(no answer)"}
            </Text>
            {progress.requestId || progress.usage ? (
              <Text size="xs" c="dimmed" mt={4}>
                {progress.usage ? `${progress.usage} · ` : ""}
                {progress.requestId ? (
                  <>
                    request_id <Code fz="xs">{progress.requestId}</Code>
                  </>
                ) : null}
              </Text>
            ) : null}
          </Paper>
        </Stack>
      ) : null}
      {runId ? (
        <Stack gap="xs" data-testid="test-run-detail">
          <Text size="sm" fw={600}>
            Recorded run: node inputs and outputs
          </Text>
          <RunDetailView runId={runId} />
        </Stack>
      ) : null}
    </Stack>
  );
}
