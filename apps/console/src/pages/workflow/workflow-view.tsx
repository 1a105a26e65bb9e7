import "@xyflow/react/dist/style.css";
import { Alert, Badge, Card, Code, Grid, Group, ScrollArea, Stack, Tabs, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Background, Controls, type Edge, MarkerType, MiniMap, type Node, Position, ReactFlow } from "@xyflow/react";
import { useMemo, useState } from "react";
import { publishApp } from "../../api/app-api";
import type { AppDetail, WorkflowGraph, WorkflowNode, Workspace } from "../../api/types";
import { ApiCallPanel } from "../apps/api-call-panel";
import { PublishButton } from "../apps/publish-button";
import { VersionsPanel } from "../apps/versions-panel";
import { layoutGraph } from "./graph-layout";

const COLORS: Record<string, string> = { Start: "#2f9e44", End: "#e03131", LLM: "#4263eb", Condition: "#f08c00", Script: "#7048e8", HttpRequest: "#1098ad" };

function toFlow(graph: WorkflowGraph): { nodes: Node[]; edges: Edge[] } {
  const positions = layoutGraph(graph);
  const nodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    position: positions.get(n.id) ?? { x: 0, y: 0 },
    data: { label: n.name && n.name !== n.type ? `${n.name}\n${n.type} · ${n.id}` : `${n.type}\n${n.id}` },
    type: n.type === "Start" ? "input" : n.type === "End" ? "output" : "default",
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
    style: { borderColor: COLORS[n.type] ?? "#868e96", borderWidth: 2, whiteSpace: "pre-line", fontSize: 12 },
    ariaLabel: `${n.type} node ${n.name || n.id}`,
  }));
  const edges: Edge[] = graph.edges.map((e, i) => ({
    id: `e${i}-${e.source}-${e.target}`,
    source: e.source,
    target: e.target,
    ...(e.sourceHandle ? { label: e.sourceHandle } : {}),
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return { nodes, edges };
}

/** Workflow apps: the stored graph, read-only, until the graph editor lands. */
export function WorkflowView({ app, graph, workspace }: { app: AppDetail; graph: WorkflowGraph; workspace: Workspace }) {
  const queryClient = useQueryClient();
  const flow = useMemo(() => toFlow(graph), [graph]);
  const [selected, setSelected] = useState<WorkflowNode>();
  const publish = async (note: string) => {
    queryClient.setQueryData(["app", app.id], await publishApp(app.id, note));
    void queryClient.invalidateQueries({ queryKey: ["apps"] });
    void queryClient.invalidateQueries({ queryKey: ["app", app.id, "versions"] });
  };
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }} miw={0}>
        <Card withBorder padding="md">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Group gap="xs">
              <Text fw={600}>Workflow graph</Text>
              <Badge variant="light" color="gray">
                read-only
              </Badge>
              <Text size="xs" c="dimmed">
                {graph.nodes.length} nodes · {graph.edges.length} edges
              </Text>
            </Group>
            <PublishButton onPublish={publish} />
          </Group>
          <div style={{ height: 460, border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }} data-testid="workflow-canvas">
            <ReactFlow
              nodes={flow.nodes}
              edges={flow.edges}
              fitView
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              elementsSelectable
              onNodeClick={(_, node) => setSelected(graph.nodes.find((n) => n.id === node.id))}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable />
            </ReactFlow>
          </div>
          <Alert variant="light" mt="sm" color="blue">
            <Text size="sm">The visual graph editor comes with the workflow engine. Until then the graph is shown as stored; select a node to see its configuration.</Text>
          </Alert>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }} miw={0}>
        <Card withBorder padding="md">
          <Tabs defaultValue="node">
            <Tabs.List mb="sm">
              <Tabs.Tab value="node">Node</Tabs.Tab>
              <Tabs.Tab value="api">API call</Tabs.Tab>
              <Tabs.Tab value="versions">Versions</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="node">
              {selected ? (
                <Stack gap="xs" data-testid="workflow-node-detail">
                  <Group gap="xs">
                    <Badge>{selected.type}</Badge>
                    <Text fw={600}>{selected.name}</Text>
                    <Code>{selected.id}</Code>
                  </Group>
                  <ScrollArea.Autosize mah={400}>
                    <Code block>{JSON.stringify(selected.config, null, 2)}</Code>
                  </ScrollArea.Autosize>
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  Select a node in the graph.
                </Text>
              )}
            </Tabs.Panel>
            <Tabs.Panel value="api">
              <ApiCallPanel app={app} workspace={workspace} />
            </Tabs.Panel>
            <Tabs.Panel value="versions">
              <VersionsPanel app={app} />
            </Tabs.Panel>
          </Tabs>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
