import { ActionIcon, Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { WorkflowNode } from "../../../api/types";
import { PlusIcon, TrashIcon } from "../../../components/icons";
import type { VariableGroup } from "../graph-model";
import type { GraphProblem } from "../graph-problems";

export type Config = Record<string, unknown>;

/** What every per-type config form gets. */
export interface NodeFormProps {
  node: WorkflowNode;
  config: Config;
  /** Merges a patch into the node's config. */
  set: (patch: Config) => void;
  /** The server's validation message for a config field (or anything below it). */
  err: (field: string, exact?: boolean) => string | undefined;
  /** Outputs of the nodes that run before this one. */
  variables: VariableGroup[];
  /** Model IDs the providers offer, for suggestions. */
  models: string[];
  workspaceId: string;
  /** This node's problems, including those of its Iteration body's nodes. */
  problems: GraphProblem[];
  /** Every node ID in use (top level and bodies), so new body nodes get unique IDs. */
  graphIds: ReadonlySet<string>;
}

export const str = (c: Config, key: string, fallback = "") => (typeof c[key] === "string" ? (c[key] as string) : fallback);
export const bool = (c: Config, key: string, fallback: boolean) => (typeof c[key] === "boolean" ? (c[key] as boolean) : fallback);
export const num = (c: Config, key: string) => (typeof c[key] === "number" ? (c[key] as number) : undefined);
export const rows = (c: Config, key: string): Config[] =>
  Array.isArray(c[key]) ? (c[key] as unknown[]).map((x) => (x && typeof x === "object" ? (x as Config) : {})) : [];
export const record = (c: Config, key: string): Record<string, unknown> =>
  c[key] && typeof c[key] === "object" && !Array.isArray(c[key]) ? (c[key] as Record<string, unknown>) : {};
/** An optional number: the key disappears when the input is cleared. */
export const optionalNumber = (key: string, v: string | number): Config => ({ [key]: typeof v === "number" ? v : undefined });

export const monoStyles = { input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } };

interface ListEditorProps {
  label: string;
  items: Config[];
  onChange: (items: Config[]) => void;
  newItem: (index: number) => Config;
  render: (item: Config, set: (patch: Config) => void, index: number) => ReactNode;
  addLabel: string;
  testId: string;
  error?: string | undefined;
  max?: number;
  minItems?: number;
  description?: ReactNode;
}

/** Rows of a list field (variables, outputs, intents ...) with add and remove buttons. */
export function ListEditor({ label, items, onChange, newItem, render, addLabel, testId, error, max = 100, minItems = 0, description }: ListEditorProps) {
  return (
    <Stack gap={6} data-testid={testId}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<PlusIcon size={12} />}
          onClick={() => onChange([...items, newItem(items.length)])}
          disabled={items.length >= max}
          data-testid={`${testId}-add`}
        >
          {addLabel}
        </Button>
      </Group>
      {description ? (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      ) : null}
      {items.length === 0 ? (
        <Text size="xs" c="dimmed">
          None yet.
        </Text>
      ) : null}
      {items.map((item, i) => (
        // Rows have no identity of their own; editing never reorders them.
        // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity
        <Paper key={i} withBorder p="xs" data-testid={`${testId}-row`}>
          <Group align="flex-start" gap={6} wrap="nowrap">
            <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
              {render(item, (patch) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x))), i)}
            </Stack>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              disabled={items.length <= minItems}
              data-testid={`${testId}-remove`}
            >
              <TrashIcon size={14} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
