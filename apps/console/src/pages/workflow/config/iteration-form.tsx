import { Button, Group, NumberInput, Paper, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useCallback } from "react";
import { plural } from "../../../lib/plural";
import { BodyEditor } from "../body-editor";
import { asGraph, type Graph, groupOf } from "../graph-model";
import { type NodeFormProps, num, str } from "./form-kit";
import { acceptsArray } from "./model-fields";
import { VariableField } from "./variable-field";

/** Iteration: the array, the concurrency, the body sub-graph (edited on its own canvas) and what each item yields. */
export function IterationForm({ node, config, set, err, variables, problems, models, workspaceId, graphIds }: NodeFormProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const body = asGraph(config.body) ?? { nodes: [], edges: [] };
  const scope = [
    ...variables,
    {
      nodeId: node.id,
      nodeName: `${node.name} (current item)`,
      nodeType: "Iteration",
      outputs: [
        { name: "item", type: "Any" },
        { name: "index", type: "Number" },
      ],
    },
  ];
  const bodyProblems = problems.filter((p) => p.bodyNodeId || p.field?.startsWith("body"));
  const onBodyChange = useCallback((next: Graph) => set({ body: next }), [set]);
  return (
    <>
      <VariableField
        label="Items"
        description="A reference to an array; the body runs once per item"
        required
        mode="replace"
        accept={acceptsArray}
        value={str(config, "items")}
        onChange={(items) => set({ items })}
        variables={variables}
        error={err("items")}
        testId="iteration-items"
      />
      <NumberInput
        label="Concurrency"
        description="Items processed at the same time (1-10)"
        min={1}
        max={10}
        allowDecimal={false}
        value={num(config, "concurrency") ?? 1}
        onChange={(v) => set({ concurrency: typeof v === "number" ? v : 1 })}
        error={err("concurrency")}
        maw={240}
      />
      <Paper withBorder p="xs" style={bodyProblems.length > 0 ? { borderColor: "var(--mantine-color-red-6)" } : undefined}>
        <Group justify="space-between" gap="xs">
          <div>
            <Text size="sm" fw={500}>
              Body
            </Text>
            <Text size="xs" c={bodyProblems.length > 0 ? "red" : "dimmed"} data-testid="iteration-body-summary">
              {plural(body.nodes.length, "node")}, {plural(body.edges.length, "edge")}
              {bodyProblems.length > 0 ? ` · ${plural(bodyProblems.length, "problem")}` : ""}
            </Text>
          </div>
          <Button size="xs" variant="light" onClick={open} data-testid="edit-iteration-body">
            Edit body
          </Button>
        </Group>
      </Paper>
      <VariableField
        label="Output per item"
        description="Read from the body after each item; collected in order into results"
        required
        mode="replace"
        value={str(config, "output")}
        onChange={(output) => set({ output })}
        variables={[...scope.slice(-1), ...body.nodes.map(groupOf)]}
        error={err("output")}
        testId="iteration-output"
      />
      {opened ? (
        <BodyEditor
          opened
          onClose={close}
          iteration={node}
          body={body}
          onChange={onBodyChange}
          scope={scope}
          problems={problems}
          models={models}
          workspaceId={workspaceId}
          graphIds={graphIds}
        />
      ) : null}
    </>
  );
}
