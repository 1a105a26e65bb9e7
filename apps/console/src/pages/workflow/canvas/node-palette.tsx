import { Group, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { NODE_INFO, type NodeType } from "../node-catalog";

/** The drag-and-drop payload type of a palette item. */
export const PALETTE_MIME = "application/x-appstudio-node";

/** Node types to drag onto the canvas, or click to add next to the selected node. */
export function NodePalette({ types, onAdd }: { types: NodeType[]; onAdd: (type: NodeType) => void }) {
  return (
    <Group gap={6} wrap="wrap" role="toolbar" aria-label="Node palette" data-testid="node-palette">
      {types.map((type) => {
        const info = NODE_INFO[type];
        return (
          <Tooltip key={type} label={`${info.description}. Drag onto the canvas or click to add.`} withArrow openDelay={400} multiline w={240}>
            <UnstyledButton
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, type);
                e.dataTransfer.setData("text/plain", type);
                e.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => onAdd(type)}
              aria-label={`Add ${info.label} node`}
              data-testid={`palette-${type}`}
              style={{
                border: "1px solid var(--mantine-color-default-border)",
                borderLeft: `4px solid ${info.color}`,
                borderRadius: 6,
                padding: "3px 8px",
                cursor: "grab",
                background: "var(--mantine-color-body)",
              }}
            >
              <Text size="xs" fw={500}>
                {info.label}
              </Text>
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Group>
  );
}
