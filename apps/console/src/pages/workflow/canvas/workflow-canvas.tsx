import "@xyflow/react/dist/style.css";
import { Button, Group, Text, useComputedColorScheme } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  Background,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  MiniMap,
  type NodeChange,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, useEffect, useMemo, useRef, useState } from "react";
import type { WorkflowNode } from "../../../api/types";
import { TrashIcon } from "../../../components/icons";
import { layoutGraph } from "../graph-layout";
import { addEdge, connectionProblem, edgeKey, type Graph, isProtected, removeEdges, removeNodes } from "../graph-model";
import { isNodeType, type NodeType, nodeColor } from "../node-catalog";
import { type CardNode, NodeCard } from "./node-card";
import { NodePalette, PALETTE_MIME } from "./node-palette";

const nodeTypes = { workflow: NodeCard };

export interface WorkflowCanvasProps {
  graph: Graph;
  /** Functional updates, so changes React Flow reports together all apply. */
  onChange: (update: (graph: Graph) => Graph) => void;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  problemCounts: Map<string, number>;
  /** Edge keys the server complained about. */
  problemEdges?: Set<string>;
  statuses?: Record<string, string>;
  paletteTypes: NodeType[];
  newNode: (type: NodeType, position: { x: number; y: number }) => WorkflowNode;
  /** The top-level graph protects its Start and End nodes; an Iteration body has none. */
  topLevel: boolean;
  height: number | string;
  testId: string;
}

function CanvasInner({
  graph,
  onChange,
  selectedId,
  onSelect,
  problemCounts,
  problemEdges,
  statuses,
  paletteTypes,
  newNode,
  topLevel,
  height,
  testId,
}: WorkflowCanvasProps) {
  const colorScheme = useComputedColorScheme("light");
  const flow = useReactFlow();
  const small = useMediaQuery("(max-width: 48em)");
  const wrapper = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(undefined), 5000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const nodes: CardNode[] = useMemo(
    () =>
      graph.nodes.map((n, i) => ({
        id: n.id,
        type: "workflow",
        position: n.position ?? { x: i * 260, y: 0 },
        data: { node: n, problems: problemCounts.get(n.id) ?? 0, status: statuses?.[n.id] },
        selected: n.id === selectedId,
        deletable: !isProtected(n, topLevel),
        ariaLabel: `${n.type} node ${n.name || n.id}`,
        ...(measured[n.id] ? { measured: measured[n.id] } : {}),
      })),
    [graph.nodes, problemCounts, statuses, selectedId, topLevel, measured],
  );

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((e) => {
        const key = edgeKey(e);
        const bad = problemEdges?.has(key);
        const color = bad || e.sourceHandle === "error" ? "#e03131" : "#868e96";
        return {
          id: key,
          source: e.source,
          target: e.target,
          sourceHandle: e.sourceHandle ?? null,
          selected: selectedEdges.has(key),
          markerEnd: { type: MarkerType.ArrowClosed, color },
          style: { stroke: color, strokeWidth: bad ? 2.5 : 1.5, ...(e.sourceHandle === "error" ? { strokeDasharray: "5 4" } : {}) },
          ariaLabel: `Edge from ${e.source}${e.sourceHandle ? ` (${e.sourceHandle})` : ""} to ${e.target}`,
        };
      }),
    [graph.edges, problemEdges, selectedEdges],
  );

  const onNodesChange = (changes: NodeChange<CardNode>[]) => {
    const sizes: Record<string, { width: number; height: number }> = {};
    const moved = new Map<string, { x: number; y: number }>();
    const removed = new Set<string>();
    for (const c of changes) {
      if (c.type === "dimensions" && c.dimensions) sizes[c.id] = c.dimensions;
      else if (c.type === "position" && c.position) moved.set(c.id, { x: Math.round(c.position.x), y: Math.round(c.position.y) });
      else if (c.type === "remove") removed.add(c.id);
    }
    const picked = changes.find((c) => c.type === "select" && c.selected);
    if (picked && picked.type === "select") onSelect(picked.id);
    else if (changes.some((c) => c.type === "select" && !c.selected && c.id === selectedId)) onSelect(undefined);
    if (Object.keys(sizes).length > 0) setMeasured((m) => ({ ...m, ...sizes }));
    if (moved.size > 0) onChange((g) => ({ ...g, nodes: g.nodes.map((n) => (moved.has(n.id) ? { ...n, position: moved.get(n.id) } : n)) }));
    if (removed.size > 0) {
      onChange((g) => removeNodes(g, removed, topLevel));
      if (selectedId && removed.has(selectedId)) onSelect(undefined);
    }
  };

  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = new Set<string>();
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const c of changes) {
        if (c.type === "select") c.selected ? next.add(c.id) : next.delete(c.id);
        if (c.type === "remove") next.delete(c.id);
      }
      return next;
    });
    for (const c of changes) if (c.type === "remove") removed.add(c.id);
    if (removed.size > 0) onChange((g) => removeEdges(g, removed));
  };

  const connect = (c: { source: string; target: string; sourceHandle?: string | null }) => {
    const edge = { source: c.source, target: c.target, ...(c.sourceHandle ? { sourceHandle: c.sourceHandle } : {}) };
    const problem = connectionProblem(graph, edge);
    if (problem) {
      setNotice(problem);
      return;
    }
    onChange((g) => (connectionProblem(g, edge) ? g : addEdge(g, edge)));
  };

  const add = (type: NodeType, at?: { x: number; y: number }) => {
    let position = at;
    if (!position) {
      const selected = graph.nodes.find((n) => n.id === selectedId);
      if (selected?.position) position = { x: selected.position.x + 260, y: selected.position.y + 40 };
      else {
        const rect = wrapper.current?.getBoundingClientRect();
        position = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2 - 100, y: rect.top + rect.height / 2 - 30 }) : { x: 0, y: 0 };
      }
      // Never exactly on top of another node.
      while (
        graph.nodes.some(
          (n) => n.position && Math.abs(n.position.x - (position as { x: number }).x) < 40 && Math.abs(n.position.y - (position as { y: number }).y) < 40,
        )
      ) {
        position = { x: position.x + 30, y: position.y + 70 };
      }
    }
    const node = newNode(type, position);
    onChange((g) => ({ ...g, nodes: [...g.nodes, node] }));
    onSelect(node.id);
  };

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (!isNodeType(type) || !paletteTypes.includes(type)) return;
    e.preventDefault();
    add(type, flow.screenToFlowPosition({ x: e.clientX - 100, y: e.clientY - 20 }));
  };

  const deletableSelection = (selectedId && graph.nodes.some((n) => n.id === selectedId && !isProtected(n, topLevel))) || selectedEdges.size > 0;
  const deleteSelection = () => {
    const edgeKeys = new Set(selectedEdges);
    onChange((g) => removeEdges(selectedId ? removeNodes(g, new Set([selectedId]), topLevel) : g, edgeKeys));
    setSelectedEdges(new Set());
    if (selectedId && graph.nodes.some((n) => n.id === selectedId && !isProtected(n, topLevel))) onSelect(undefined);
  };

  /** Lays every node out by graph depth, then fits the view. */
  const tidy = () => {
    onChange((g) => {
      const positions = layoutGraph(g, { all: true });
      return { ...g, nodes: g.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
    });
    window.setTimeout(() => void flow.fitView({ padding: 0.08, maxZoom: 1, duration: 200 }), 50);
  };

  return (
    <div>
      <NodePalette types={paletteTypes} onAdd={(t) => add(t)} />
      {/* The drop target of the palette's drag and drop; clicking a palette item is the keyboard way. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: drop zone only, not an interactive control */}
      <div
        ref={wrapper}
        style={{ height, marginTop: 8, border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
        data-testid={testId}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes(PALETTE_MIME)) {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
          }
        }}
        onDrop={onDrop}
      >
        <ReactFlow<CardNode>
          colorMode={colorScheme}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={connect}
          onPaneClick={() => onSelect(undefined)}
          deleteKeyCode={["Backspace", "Delete"]}
          multiSelectionKeyCode={null}
          fitView
          fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
          {small ? null : (
            <MiniMap pannable zoomable nodeColor={(n) => nodeColor((n.data as { node?: WorkflowNode }).node?.type ?? "")} style={{ width: 120, height: 80 }} />
          )}
          <Panel position="top-right">
            <Group gap={4}>
              <Button size="compact-xs" variant="default" onClick={tidy} data-testid="tidy-up">
                Tidy up
              </Button>
              <Button
                size="compact-xs"
                variant="default"
                color="red"
                leftSection={<TrashIcon size={12} />}
                disabled={!deletableSelection}
                onClick={deleteSelection}
                data-testid="delete-selection"
              >
                Delete selection
              </Button>
            </Group>
          </Panel>
        </ReactFlow>
      </div>
      <Text size="xs" c={notice ? "orange" : "dimmed"} mt={4} role="status" aria-live="polite" data-testid="canvas-notice">
        {notice ?? "Drag from a node's right handle to another node's left handle to connect them. Select a node or edge and press Delete to remove it."}
      </Text>
    </div>
  );
}

/** The graph canvas with its palette; each canvas has its own React Flow store. */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}
