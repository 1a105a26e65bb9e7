import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { WorkflowNode } from "../../../api/types";
import { plural } from "../../../lib/plural";
import { branchHandles, hasErrorBranch, nodeColor, nodeLabel } from "../node-catalog";

interface CardData extends Record<string, unknown> {
  node: WorkflowNode;
  /** Validation problems of this node (and, for an Iteration, of its body). */
  problems: number;
  /** Status from the last test run: executing, success, failed, skipped. */
  status?: string | undefined;
}
export type CardNode = Node<CardData, "workflow">;

const STATUS_COLOR: Record<string, string> = { executing: "blue", running: "blue", success: "teal", succeeded: "teal", failed: "red", skipped: "gray" };

const handleStyle = (color: string) => ({ width: 12, height: 12, background: color, border: "2px solid white" });

function BranchRow({ nodeId, id, label, color }: { nodeId: string; id: string; label: string; color: string }) {
  return (
    <div style={{ position: "relative", padding: "2px 10px 2px 0", textAlign: "right" }}>
      <Text size="10px" fw={600} c={id === "error" ? "red" : "dimmed"} truncate>
        {label}
      </Text>
      <Handle
        type="source"
        position={Position.Right}
        id={id}
        style={{ ...handleStyle(color), right: -7 }}
        data-testid={`handle-${nodeId}-${id}`}
        title={`Output ${label}`}
      />
    </div>
  );
}

/** One node on the canvas: name, type and ID, a target handle, and its output or branch handles. */
export const NodeCard = memo(function NodeCard({ data, selected }: NodeProps<CardNode>) {
  const { node, problems, status } = data;
  const color = nodeColor(node.type);
  const branches = branchHandles(node);
  const errorBranch = hasErrorBranch(node);
  const border = problems > 0 ? "var(--mantine-color-red-6)" : selected ? "var(--mantine-color-indigo-6)" : color;
  const bodyCount =
    node.type === "Iteration" && node.config.body && typeof node.config.body === "object"
      ? ((node.config.body as { nodes?: unknown[] }).nodes?.length ?? 0)
      : undefined;
  return (
    <div
      data-testid="workflow-node"
      data-node-id={node.id}
      data-node-type={node.type}
      data-problems={problems}
      data-status={status}
      style={{
        background: "var(--mantine-color-body)",
        border: `2px solid ${border}`,
        borderLeft: `6px solid ${color}`,
        borderRadius: 8,
        width: 200,
        boxShadow: problems > 0 ? "0 0 0 3px var(--mantine-color-red-2)" : selected ? "0 0 0 3px var(--mantine-color-indigo-2)" : "0 1px 3px rgba(0,0,0,.12)",
        position: "relative",
      }}
    >
      {node.type !== "Start" ? (
        <Handle type="target" position={Position.Left} style={{ ...handleStyle("#868e96"), left: -7 }} data-testid={`handle-${node.id}-target`} title="Input" />
      ) : null}
      <div style={{ padding: "6px 10px" }}>
        <Group gap={4} justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600} truncate title={node.name}>
            {node.name || node.id}
          </Text>
          <Group gap={2} wrap="nowrap">
            {status ? (
              <Badge size="xs" color={STATUS_COLOR[status] ?? "gray"} variant="filled" data-testid="node-status-badge">
                {status}
              </Badge>
            ) : null}
            {problems > 0 ? (
              <Tooltip label={`${plural(problems, "problem")}: select the node to see them`} withArrow>
                <Badge size="xs" color="red" variant="filled" circle data-testid="node-problem-badge" aria-label={`${problems} problems`}>
                  {problems}
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
        </Group>
        <Text size="10px" c="dimmed" ff="monospace" truncate>
          {nodeLabel(node.type)} · {node.id}
          {bodyCount !== undefined ? ` · ${bodyCount} in body` : ""}
        </Text>
      </div>
      {branches ? (
        <div style={{ borderTop: "1px solid var(--mantine-color-default-border)", paddingBottom: 2 }}>
          {branches.map((h) => (
            <BranchRow key={h.id} nodeId={node.id} id={h.id} label={h.label} color={color} />
          ))}
        </div>
      ) : node.type !== "End" ? (
        <Handle type="source" position={Position.Right} style={{ ...handleStyle(color), right: -7 }} data-testid={`handle-${node.id}-out`} title="Output" />
      ) : null}
      {errorBranch ? (
        <div style={{ borderTop: "1px dashed var(--mantine-color-red-3)" }}>
          <BranchRow nodeId={node.id} id="error" label="error" color="#e03131" />
        </div>
      ) : null}
    </div>
  );
});
