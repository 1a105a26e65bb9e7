import { Alert, Button, Grid, Group, Modal, Paper, Stack, Tabs, Text, Textarea } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useMemo, useRef, useState } from "react";
import type { WorkflowNode } from "../../api/types";
import { WorkflowCanvas } from "./canvas/workflow-canvas";
import { monoStyles } from "./config/form-kit";
import { createNode, type Graph, replaceNode, type VariableGroup, variablesFor } from "./graph-model";
import { type GraphProblem, problemCounts } from "./graph-problems";
import { BODY_FORBIDDEN, NODE_TYPES, type NodeType } from "./node-catalog";
import { NodeConfigPanel } from "./node-config-panel";

const BODY_TYPES = NODE_TYPES.filter((t) => !BODY_FORBIDDEN.has(t)) as NodeType[];

interface BodyEditorProps {
  opened: boolean;
  onClose: () => void;
  iteration: WorkflowNode;
  body: Graph;
  onChange: (body: Graph) => void;
  /** What body nodes see from outside: the Iteration's upstream outputs plus its `item` and `index`. */
  scope: VariableGroup[];
  problems: GraphProblem[];
  models: string[];
  workspaceId: string;
  graphIds: ReadonlySet<string>;
}

function JsonBody({ body, onApply }: { body: Graph; onApply: (g: Graph) => void }) {
  const [text, setText] = useState(() => JSON.stringify(body, null, 2));
  const [error, setError] = useState<string>();
  const apply = () => {
    try {
      const parsed = JSON.parse(text) as Partial<Graph>;
      if (!parsed || !Array.isArray(parsed.nodes) || !Array.isArray(parsed.edges)) throw new Error('expected {"nodes": [...], "edges": [...]}');
      setError(undefined);
      onApply({ nodes: parsed.nodes, edges: parsed.edges });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Stack gap="xs">
      <Textarea
        label="Body as JSON"
        description="Nodes and edges of the sub-graph, as stored"
        autosize
        minRows={12}
        maxRows={30}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={error}
        styles={monoStyles}
        data-testid="iteration-body-json"
      />
      <Group justify="flex-end">
        <Button size="xs" onClick={apply} data-testid="iteration-body-json-apply">
          Apply JSON
        </Button>
      </Group>
    </Stack>
  );
}

/** The Iteration's sub-graph on its own canvas (no Start or End; it runs once per item). */
export function BodyEditor({ opened, onClose, iteration, body, onChange, scope, problems, models, workspaceId, graphIds }: BodyEditorProps) {
  const narrow = useMediaQuery("(max-width: 62em)");
  const [graph, setGraph] = useState<Graph>(body);
  const [selectedId, setSelectedId] = useState<string>();
  const [tab, setTab] = useState<string | null>("canvas");
  const pushed = useRef(body);
  useEffect(() => {
    if (graph !== pushed.current) {
      pushed.current = graph;
      onChange(graph);
    }
  }, [graph, onChange]);

  const counts = useMemo(() => problemCounts(problems, "body"), [problems]);
  const taken = useMemo(() => new Set([...graphIds, ...graph.nodes.map((n) => n.id)]), [graphIds, graph.nodes]);
  const selected = graph.nodes.find((n) => n.id === selectedId);
  const selectedProblems = problems.filter((p) => p.bodyNodeId === selectedId).map((p) => ({ ...p, nodeId: p.bodyNodeId, bodyNodeId: undefined }));
  const bodyLevel = problems.filter((p) => !p.bodyNodeId && p.field?.startsWith("body"));

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Iteration body of ${iteration.name || iteration.id}`}
      size="100%"
      fullScreen={narrow}
      data-testid="iteration-body-editor"
    >
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="canvas">Canvas</Tabs.Tab>
          <Tabs.Tab value="json" data-testid="iteration-body-json-tab">
            JSON
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="canvas">
          <Text size="xs" c="dimmed" mb="xs">
            Runs once per item of {String(iteration.config.items || "the items")}. Body nodes read {`{{${iteration.id}.item}}`} and{" "}
            {`{{${iteration.id}.index}}`} and everything the Iteration itself can read; the Iteration's output is read from the body after each item.
          </Text>
          {bodyLevel.length > 0 ? (
            <Alert color="red" p="xs" mb="xs">
              {bodyLevel.map((p) => (
                <Text key={p.path} size="xs">
                  {p.message}
                </Text>
              ))}
            </Alert>
          ) : null}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }} miw={0}>
              <WorkflowCanvas
                graph={graph}
                onChange={(update) => setGraph((g) => update(g))}
                selectedId={selectedId}
                onSelect={setSelectedId}
                problemCounts={counts}
                paletteTypes={BODY_TYPES}
                newNode={(type, position) => createNode(type, graph, taken, position, models[0] ?? "")}
                topLevel={false}
                height={narrow ? 360 : 520}
                testId="iteration-body-canvas"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }} miw={0}>
              <Paper withBorder p="sm">
                {selected ? (
                  <NodeConfigPanel
                    key={selected.id}
                    node={selected}
                    onChange={(next) =>
                      setGraph((g) => replaceNode(g, { ...(g.nodes.find((n) => n.id === next.id) ?? next), name: next.name, config: next.config }))
                    }
                    onDelete={() => {
                      setGraph((g) => ({
                        nodes: g.nodes.filter((n) => n.id !== selected.id),
                        edges: g.edges.filter((e) => e.source !== selected.id && e.target !== selected.id),
                      }));
                      setSelectedId(undefined);
                    }}
                    problems={selectedProblems}
                    variables={variablesFor(graph, selected.id, scope)}
                    models={models}
                    workspaceId={workspaceId}
                    graphIds={taken}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    Select a body node to configure it, or add one from the palette.
                  </Text>
                )}
              </Paper>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <JsonBody
            body={graph}
            onApply={(g) => {
              setGraph(g);
              setTab("canvas");
            }}
          />
        </Tabs.Panel>
      </Tabs>
      <Group justify="flex-end" mt="md">
        <Button onClick={onClose} data-testid="iteration-body-done">
          Done
        </Button>
      </Group>
    </Modal>
  );
}
