import { Card, Group, SegmentedControl, Select, Stack, Table, Tabs, Text, Title, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { appsQuery } from "../../api/app-api";
import { callLogsQuery, callStatsQuery } from "../../api/log-api";
import { DataTable } from "../../components/data-table";
import { formatNumber } from "../../components/format";
import { PageHeader } from "../../components/page-header";
import { usePaging } from "../../components/paged-table";
import { QueryBoundary } from "../../components/query-state";
import { useWorkspace } from "../../layout/workspace-context";
import { AuditTable } from "./audit-table";
import { CallLogTable } from "./call-log-table";
import { toSeries, UsageChart } from "./usage-chart";

type Range = "1h" | "24h" | "7d" | "30d";
const RANGE_MS: Record<Range, number> = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };
const PAGE = 20;

export function LogsPage() {
  const { current } = useWorkspace();
  const [appId, setAppId] = useState<string | null>(null);
  const [status, setStatus] = useState<"all" | "success" | "error">("all");
  const [source, setSource] = useState<"all" | "api" | "openai" | "mcp" | "console">("all");
  const [range, setRange] = useState<Range>("24h");
  const paging = usePaging(PAGE);
  // The window is fixed when the filters change, so paging does not shift under the reader.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are the trigger: the window is re-anchored to now when any of them changes
  const span = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - RANGE_MS[range]), to };
  }, [range, appId, status, source, current.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are the trigger: any change of them goes back to the first page
  useEffect(() => {
    paging.setPage(1);
  }, [range, appId, status, source, current.id]);

  const bucket = range === "1h" || range === "24h" ? "hour" : "day";
  const apps = useQuery(appsQuery({ workspaceId: current.id, limit: 200 }));
  const filter = { workspaceId: current.id, appId: appId ?? undefined, from: span.from.toISOString(), to: span.to.toISOString() };
  const logs = useQuery(
    callLogsQuery({
      ...filter,
      status: status === "all" ? undefined : status,
      source: source === "all" ? undefined : source,
      limit: PAGE,
      offset: paging.offset,
    }),
  );
  const stats = useQuery(callStatsQuery({ ...filter, bucket }));
  const appList = apps.data?.items ?? [];

  const perApp = useMemo(() => {
    const totals = new Map<string, { calls: number; errors: number; tokens: number }>();
    for (const b of stats.data?.buckets ?? []) {
      const key = b.appId ?? "";
      const t = totals.get(key) ?? { calls: 0, errors: 0, tokens: 0 };
      t.calls += b.calls;
      t.errors += b.errors;
      t.tokens += b.inputTokens + b.outputTokens;
      totals.set(key, t);
    }
    return [...totals.entries()].sort((a, b) => b[1].calls - a[1].calls);
  }, [stats.data]);

  return (
    <Stack data-testid="logs-page">
      <PageHeader title="Logs and usage" description={`Calls to the apps of ${current.name}, from the API and from the console playground.`} />
      <Group gap="sm" wrap="wrap">
        <Select
          aria-label="App"
          placeholder="All apps"
          clearable
          searchable
          data={appList.map((a) => ({ value: a.id, label: a.name }))}
          value={appId}
          onChange={setAppId}
          w={{ base: "100%", xs: 240 }}
          data-testid="logs-app-filter"
        />
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data={[
            { value: "all", label: "All" },
            { value: "success", label: "Success" },
            { value: "error", label: "Errors" },
          ]}
          data-testid="logs-status-filter"
        />
        <SegmentedControl
          aria-label="Source"
          value={source}
          onChange={(v) => setSource(v as typeof source)}
          data={[
            { value: "all", label: "Any source" },
            { value: "api", label: "API" },
            { value: "openai", label: "OpenAI" },
            { value: "mcp", label: "MCP" },
            { value: "console", label: "Console" },
          ]}
        />
        <SegmentedControl
          aria-label="Time range"
          value={range}
          onChange={(v) => setRange(v as Range)}
          data={["1h", "24h", "7d", "30d"]}
          data-testid="logs-range"
        />
      </Group>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {appId ? `Usage of ${appList.find((a) => a.id === appId)?.name ?? appId}` : "Usage of all apps"} per {bucket}
        </Title>
        <QueryBoundary query={stats} what="usage statistics">
          {(data) => (
            <Stack>
              <UsageChart series={toSeries(data.buckets, span.from, span.to, bucket, appId ?? undefined)} bucket={bucket} />
              {perApp.length > 0 && !appId ? (
                <DataTable minWidth={420} columns={["App", "Calls", "Errors", "Tokens"]} verticalSpacing={4} aria-label="Usage per app">
                  {perApp.map(([id, t]) => (
                    <Table.Tr key={id}>
                      <Table.Td>
                        {id ? (
                          <UnstyledButton onClick={() => setAppId(id)} td="underline" fz="sm">
                            {appList.find((a) => a.id === id)?.name ?? id}
                          </UnstyledButton>
                        ) : (
                          "(deleted app)"
                        )}
                      </Table.Td>
                      <Table.Td>{formatNumber(t.calls)}</Table.Td>
                      <Table.Td>{formatNumber(t.errors)}</Table.Td>
                      <Table.Td>{formatNumber(t.tokens)}</Table.Td>
                    </Table.Tr>
                  ))}
                </DataTable>
              ) : null}
            </Stack>
          )}
        </QueryBoundary>
      </Card>
      <Tabs defaultValue="calls" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="calls">Call log</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calls" pt="sm">
          <QueryBoundary query={logs} what="the call log">
            {(data) => <CallLogTable page={data} apps={appList} pageNumber={paging.page} pageSize={PAGE} onPage={paging.setPage} />}
          </QueryBoundary>
          <Text size="xs" c="dimmed" mt="xs">
            Times are shown in your browser's time zone.
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="sm">
          <AuditTable workspaceId={current.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
