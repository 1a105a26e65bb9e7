import { Button, Group, SegmentedControl, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { App, WorkflowRunStatus } from "../../api/types";
import { runsQuery } from "../../api/workflow-run-api";
import { TextCell } from "../../components/data-table";
import { formatDateTime, formatNumber } from "../../components/format";
import { PagedTable, usePaging } from "../../components/paged-table";
import { duration, RunDetailView, StatusBadge } from "./run-views";

const PAGE = 20;

/** The run inspector: past runs of the app, newest first; open one to see its node runs. */
export function RunsPanel({ app }: { app: App }) {
  const [status, setStatus] = useState<"all" | WorkflowRunStatus>("all");
  const paging = usePaging(PAGE);
  const [openRun, setOpenRun] = useState<string>();
  const runs = useQuery(runsQuery(app.id, { status: status === "all" ? undefined : status, limit: PAGE, offset: paging.offset }));

  if (openRun) {
    return (
      <Stack gap="sm" data-testid="runs-panel">
        <Group>
          <Button size="xs" variant="subtle" onClick={() => setOpenRun(undefined)} data-testid="runs-back">
            ← All runs
          </Button>
        </Group>
        <RunDetailView runId={openRun} />
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="runs-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <SegmentedControl
          size="xs"
          aria-label="Filter runs by status"
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            paging.setPage(1);
          }}
          data={[
            { value: "all", label: "All" },
            { value: "succeeded", label: "Succeeded" },
            { value: "failed", label: "Failed" },
            { value: "running", label: "Running" },
          ]}
        />
        <Button size="xs" variant="default" onClick={() => void runs.refetch()} loading={runs.isFetching} data-testid="runs-refresh">
          Refresh
        </Button>
      </Group>
      <PagedTable
        minWidth={520}
        columns={["Started", "Status", "Version", "Duration", "Tokens"]}
        aria-label="Workflow runs"
        data-testid="runs-table"
        highlightOnHover
        query={runs}
        what="the runs"
        paging={paging}
        empty={
          <Text size="sm" c="dimmed" data-testid="runs-empty">
            No runs yet. Runs from the test panel and the API show up here.
          </Text>
        }
      >
        {(items) =>
          items.map((r) => (
            <Table.Tr
              key={r.id}
              data-testid="run-row"
              data-run-id={r.id}
              data-request-id={r.requestId}
              data-status={r.status}
              style={{ cursor: "pointer" }}
              onClick={() => setOpenRun(r.id)}
            >
              <Table.Td>
                <UnstyledButton onClick={() => setOpenRun(r.id)} aria-label={`Open the run of ${formatDateTime(r.startedAt)}`}>
                  <Text size="sm" c="indigo">
                    {formatDateTime(r.startedAt)}
                  </Text>
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={r.status} />
              </Table.Td>
              <TextCell>
                {r.appVersion === null ? "draft" : `v${r.appVersion}`} · {r.source}
              </TextCell>
              <TextCell>{duration(r.durationMs)}</TextCell>
              <TextCell>{formatNumber(r.inputTokens + r.outputTokens)}</TextCell>
            </Table.Tr>
          ))
        }
      </PagedTable>
    </Stack>
  );
}
