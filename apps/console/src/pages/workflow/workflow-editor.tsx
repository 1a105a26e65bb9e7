import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, SegmentedControl, Tabs, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { appQuery } from "../../api/app-api";
import { providersQuery } from "../../api/provider-api";
import type { AppDetail, WorkflowGraph, Workspace } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { errorMessage } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { plural } from "../../lib/plural";
import { ApiCallPanel } from "../apps/api-call-panel";
import { PublishButton } from "../apps/publish-button";
import { VersionsPanel } from "../apps/versions-panel";
import { WorkflowCanvas } from "./canvas/workflow-canvas";
import { layoutGraph } from "./graph-layout";
import { allNodeIds, createNode, edgeKey, isProtected, removeNodes, replaceNode, variablesFor } from "./graph-model";
import { problemCounts, problemsOfNode, shortMessage } from "./graph-problems";
import { NODE_TYPES, type NodeType } from "./node-catalog";
import { NodeConfigPanel } from "./node-config-panel";
import { RunsPanel } from "./runs-panel";
import { TestRunPanel } from "./test-run-panel";
import { useWorkflowDraft } from "./use-workflow-draft";

/** Stored graphs may lack positions (made through the API); lay those out once. */
function withPositions(graph: WorkflowGraph): WorkflowGraph {
  if (graph.nodes.every((n) => n.position)) return graph;
  const positions = layoutGraph(graph);
  return { ...graph, nodes: graph.nodes.map((n) => (n.position ? n : { ...n, position: positions.get(n.id) ?? { x: 0, y: 0 } })) };
}

/** Workflow apps: the graph editor with node settings, test runs, the run inspector and versions. */
export function WorkflowEditor({ app, graph: stored, workspace }: { app: AppDetail; graph: WorkflowGraph; workspace: Workspace }) {
  const queryClient = useQueryClient();
  const narrow = useMediaQuery("(max-width: 62em)");
  const draft = useWorkflowDraft(
    app,
    useMemo(() => withPositions(stored), [stored]),
  );
  const { graph, problems } = draft;
  const [selectedId, setSelectedId] = useState<string>();
  const [tab, setTab] = useState<string | null>("node");
  const [statuses, setStatuses] = useState<Record<string, string>>({});
  const canWrite = useAccess("app.write", app.workspaceId);
  const canPublish = useAccess("app.publish", app.workspaceId);
  const providers = useQuery(providersQuery(app.workspaceId));
  const models = useMemo(() => [...new Set((providers.data?.items ?? []).flatMap((p) => p.models).filter((m) => !m.includes("*")))], [providers.data]);

  const counts = useMemo(() => problemCounts(problems), [problems]);
  const problemEdges = useMemo(() => new Set(problems.flatMap((p) => (p.edge ? [edgeKey(p.edge)] : []))), [problems]);
  const ids = useMemo(() => allNodeIds(graph), [graph]);
  const palette = NODE_TYPES.filter((t) => !((t === "Start" || t === "End") && graph.nodes.some((n) => n.type === t))) as NodeType[];
  const selected = graph.nodes.find((n) => n.id === selectedId);
  const general = problems.filter((p) => !p.nodeId);
  const problemNodes = graph.nodes.filter((n) => counts.has(n.id));

  const select = (id: string | undefined) => {
    setSelectedId(id);
    if (id) setTab("node");
  };

  const onRolledBack = () => {
    void queryClient.fetchQuery({ ...appQuery(app.id), staleTime: 0 }).then((detail) => {
      if (!("instructions" in detail.draft)) {
        draft.reset(withPositions(detail.draft));
        setSelectedId(undefined);
      }
    });
  };

  return (
    <Grid gap="lg" data-testid="workflow-editor">
      <Grid.Col span={12}>
        <Card withBorder padding="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>Workflow</Text>
              <SegmentedControl
                size="xs"
                aria-label="Workflow kind"
                value={graph.kind ?? "task"}
                onChange={(kind) => draft.setGraph((g) => ({ ...g, kind: kind as "task" | "dialog" }))}
                data={[
                  { value: "task", label: "Task" },
                  { value: "dialog", label: "Dialog" },
                ]}
                data-testid="workflow-kind"
              />
              <Text size="xs" c="dimmed" data-testid="graph-counts">
                {graph.nodes.length} nodes · {graph.edges.length} edges
              </Text>
              {draft.dirty ? (
                <Badge color="orange" variant="light" data-testid="unsaved-badge">
                  unsaved changes
                </Badge>
              ) : (
                <Badge color="gray" variant="light" data-testid="saved-badge">
                  saved
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              <WriteGuard access={canWrite}>
                <Button
                  variant="default"
                  onClick={() => void draft.save()}
                  loading={draft.saving}
                  disabled={!draft.dirty || !canWrite.allowed}
                  data-testid="save-draft"
                >
                  Save draft
                </Button>
              </WriteGuard>
              <PublishButton onPublish={draft.publish} access={canPublish} />
            </Group>
          </Group>
          {problems.length > 0 || draft.error ? (
            <Alert
              color="red"
              mt="sm"
              p="xs"
              title={problems.length > 0 ? `${plural(problems.length, "problem")} found by the server` : "The draft was not saved"}
              data-testid="graph-problems"
              role="alert"
            >
              {problems.length === 0 ? <Text size="sm">{errorMessage(draft.error)}</Text> : null}
              <List size="xs" spacing={2}>
                {general.map((p) => (
                  <List.Item key={`${p.path}:${p.message}`}>
                    {p.path}: {p.message}
                  </List.Item>
                ))}
                {problemNodes.map((n) => (
                  <List.Item key={n.id}>
                    <Anchor component="button" type="button" size="xs" onClick={() => select(n.id)} data-testid="problem-node-link">
                      {n.name || n.id}
                    </Anchor>
                    :{" "}
                    {problemsOfNode(problems, n.id)
                      .map((p) => shortMessage(p.message))
                      .join("; ") || `${plural(counts.get(n.id) ?? 0, "problem")} in its body`}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }} miw={0}>
        <Card withBorder padding="sm">
          <WorkflowCanvas
            graph={graph}
            onChange={(change) => draft.update(change)}
            selectedId={selectedId}
            onSelect={select}
            problemCounts={counts}
            problemEdges={problemEdges}
            statuses={statuses}
            paletteTypes={palette}
            newNode={(type, position) => createNode(type, graph, ids, position, models[0] ?? "")}
            topLevel
            height={narrow ? 420 : 600}
            testId="workflow-canvas"
          />
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }} miw={0}>
        <Card withBorder padding="sm">
          <Tabs value={tab} onChange={setTab}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="node" data-testid="tab-node">
                Node
              </Tabs.Tab>
              <Tabs.Tab value="test" data-testid="tab-test-run">
                Test run
              </Tabs.Tab>
              <Tabs.Tab value="runs" data-testid="tab-runs">
                Runs
              </Tabs.Tab>
              <Tabs.Tab value="versions" data-testid="tab-versions">
                Versions
              </Tabs.Tab>
              <Tabs.Tab value="api" data-testid="tab-api-call">
                API call
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="node">
              {selected ? (
                <NodeConfigPanel
                  key={`${selected.id}:${draft.revision}`}
                  node={selected}
                  onChange={(next) => {
                    draft.update((g) => replaceNode(g, { ...(g.nodes.find((n) => n.id === next.id) ?? next), name: next.name, config: next.config }));
                    draft.clearNodeProblems(next.id);
                  }}
                  onDelete={
                    isProtected(selected, true)
                      ? undefined
                      : () => {
                          draft.update((g) => removeNodes(g, new Set([selected.id]), true));
                          setSelectedId(undefined);
                        }
                  }
                  problems={problems.filter((p) => p.nodeId === selected.id)}
                  variables={variablesFor(graph, selected.id)}
                  models={models}
                  workspaceId={app.workspaceId}
                  graphIds={ids}
                />
              ) : (
                <Text size="sm" c="dimmed" data-testid="node-config-empty">
                  Select a node on the canvas to configure it. Add nodes from the palette above the canvas (drag or click), then connect them by dragging from a
                  right-hand handle to a left-hand one.
                </Text>
              )}
            </Tabs.Panel>
            <Tabs.Panel value="test">
              <TestRunPanel app={app} graph={graph} dirty={draft.dirty} onSave={draft.save} onProblems={draft.showProblems} onStatuses={setStatuses} />
            </Tabs.Panel>
            <Tabs.Panel value="runs">
              <RunsPanel app={app} />
            </Tabs.Panel>
            <Tabs.Panel value="versions">
              <VersionsPanel app={app} onRolledBack={onRolledBack} />
            </Tabs.Panel>
            <Tabs.Panel value="api">
              <ApiCallPanel app={app} workspace={workspace} />
            </Tabs.Panel>
          </Tabs>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
