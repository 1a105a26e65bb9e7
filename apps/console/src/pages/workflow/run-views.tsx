import { Accordion, Alert, Badge, Code, Group, ScrollArea, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { WorkflowNodeRun, WorkflowRun } from "../../api/types";
import { runQuery } from "../../api/workflow-run-api";
import { formatDateTime, formatNumber } from "../../components/format";
import { QueryBoundary } from "../../components/query-state";
import { nodeColor, nodeLabel } from "./node-catalog";

const RUN_STATUS_COLOR: Record<string, string> = {
  running: "blue",
  succeeded: "teal",
  failed: "red",
  skipped: "gray",
  executing: "blue",
  success: "teal",
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge size="sm" variant="light" color={RUN_STATUS_COLOR[status] ?? "gray"} data-testid={testId}>
      {status}
    </Badge>
  );
}

export const duration = (ms: number | null | undefined) => (ms === null || ms === undefined ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`);

/** A JSON value under a label, scrolled when long. */
function JsonBlock({ label, value, testId }: { label: string; value: unknown; testId?: string }) {
  return (
    <Stack gap={2} miw={0}>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <ScrollArea.Autosize mah={220} type="auto">
        <Code block fz="xs" data-testid={testId} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
          {value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value, null, 2)}
        </Code>
      </ScrollArea.Autosize>
    </Stack>
  );
}

/** Every node run of a run, in start order: status, timing, tokens, inputs, outputs and error. */
function NodeRunsView({ nodeRuns }: { nodeRuns: WorkflowNodeRun[] }) {
  if (nodeRuns.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No node ran.
      </Text>
    );
  return (
    <Accordion multiple variant="contained" chevronPosition="left" data-testid="node-runs">
      {nodeRuns.map((r) => (
        <Accordion.Item key={r.id} value={r.id} data-testid="node-run" data-node-id={r.nodeId} data-node-type={r.nodeType} data-status={r.status}>
          <Accordion.Control aria-label={`${r.nodeName || r.nodeId}: ${r.status}`}>
            <Group gap={6} wrap="wrap">
              <span style={{ width: 8, height: 8, borderRadius: 4, background: nodeColor(r.nodeType), display: "inline-block" }} />
              <Text size="sm" fw={600}>
                {r.nodeName || r.nodeId}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {nodeLabel(r.nodeType)} · {r.nodeId}
                {r.iterationIndex !== null ? ` · item ${r.iterationIndex}` : ""}
              </Text>
              <StatusBadge status={r.status} />
              <Text size="xs" c="dimmed">
                {duration(r.durationMs)}
                {r.inputTokens + r.outputTokens > 0 ? ` · ${formatNumber(r.inputTokens)} in / ${formatNumber(r.outputTokens)} out tokens` : ""}
              </Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                Started {formatDateTime(r.startedAt)} · attempts {r.attempts}
                {r.branch ? ` · branch ${r.branch}` : ""}
                {r.model ? ` · model ${r.model}` : ""}
                {r.parentNodeId ? ` · inside ${r.parentNodeId}` : ""}
              </Text>
              {r.error ? (
                <Alert color="red" p="xs" title={r.error.code} data-testid="node-run-error">
                  <Text size="xs">{r.error.message}</Text>
                </Alert>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <JsonBlock label="Inputs" value={r.inputs} testId="node-run-inputs" />
                <JsonBlock label="Outputs" value={r.outputs} testId="node-run-outputs" />
              </SimpleGrid>
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

/** The run's own facts: status, version, source, timing, tokens, request ID, error. */
function RunSummary({ run }: { run: WorkflowRun }) {
  return (
    <Stack gap={4} data-testid="run-summary" data-status={run.status}>
      <Group gap={6} wrap="wrap">
        <StatusBadge status={run.status} testId="run-status" />
        <Text size="sm">{run.appVersion === null ? "Draft" : `Version ${run.appVersion}`}</Text>
        <Text size="sm" c="dimmed">
          · {run.source} · {formatDateTime(run.startedAt)} · {duration(run.durationMs)} · {formatNumber(run.inputTokens)} in / {formatNumber(run.outputTokens)}{" "}
          out tokens
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        request_id <Code fz="xs">{run.requestId}</Code>
      </Text>
      {run.error ? (
        <Alert color="red" p="xs" title={run.error.code}>
          <Text size="xs">{run.error.message}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** One run with every node run; polls while the run is still going. */
export function RunDetailView({ runId }: { runId: string }) {
  const run = useQuery(runQuery(runId));
  return (
    <QueryBoundary query={run} what="the run">
      {(data) => (
        <Stack gap="sm" data-testid="run-detail" data-run-id={data.id}>
          <RunSummary run={data} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <JsonBlock label="Run inputs (Start values)" value={data.inputs} />
            <JsonBlock label="Run outputs" value={data.outputs} testId="run-outputs" />
          </SimpleGrid>
          <Text size="sm" fw={600}>
            Node runs ({data.nodeRuns.length})
          </Text>
          <NodeRunsView nodeRuns={data.nodeRuns} />
        </Stack>
      )}
    </QueryBoundary>
  );
}
