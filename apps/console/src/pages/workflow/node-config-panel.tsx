import { Alert, Badge, Button, Code, Group, List, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import type { ComponentType } from "react";
import type { WorkflowNode } from "../../api/types";
import { CopyIconButton } from "../../components/copy-button";
import { TrashIcon } from "../../components/icons";
import { plural } from "../../lib/plural";
import { AppComponentForm } from "./config/app-component-form";
import { ConditionForm } from "./config/condition-form";
import { EndForm } from "./config/end-form";
import { ErrorPolicyForm } from "./config/error-policy-form";
import type { Config, NodeFormProps } from "./config/form-kit";
import { HttpForm } from "./config/http-form";
import { IntentForm } from "./config/intent-form";
import { IterationForm } from "./config/iteration-form";
import { KnowledgeRetrievalForm } from "./config/knowledge-retrieval-form";
import { LlmForm } from "./config/llm-form";
import { McpForm } from "./config/mcp-form";
import { ParameterExtractionForm } from "./config/parameter-extraction-form";
import { ScriptForm } from "./config/script-form";
import { TextConversionForm, VariableAssignmentForm } from "./config/simple-forms";
import { StartForm } from "./config/start-form";
import type { VariableGroup } from "./graph-model";
import { fieldError, type GraphProblem, shortMessage } from "./graph-problems";
import { nodeColor, nodeLabel, SINGLETON_TYPES } from "./node-catalog";

const FORMS: Record<string, ComponentType<NodeFormProps>> = {
  Start: StartForm,
  End: EndForm,
  LLM: LlmForm,
  KnowledgeRetrieval: KnowledgeRetrievalForm,
  IntentClassification: IntentForm,
  Condition: ConditionForm,
  Script: ScriptForm,
  HttpRequest: HttpForm,
  TextConversion: TextConversionForm,
  VariableAssignment: VariableAssignmentForm,
  ParameterExtraction: ParameterExtractionForm,
  Iteration: IterationForm,
  AppComponent: AppComponentForm,
  MCP: McpForm,
};

export interface NodeConfigPanelProps {
  node: WorkflowNode;
  onChange: (node: WorkflowNode) => void;
  /** Absent for nodes that cannot be deleted (Start, End). */
  onDelete?: (() => void) | undefined;
  problems: GraphProblem[];
  variables: VariableGroup[];
  models: string[];
  workspaceId: string;
  graphIds: ReadonlySet<string>;
}

/** The selected node's settings: name, its type's form, and the error policy every node has. */
export function NodeConfigPanel({ node, onChange, onDelete, problems, variables, models, workspaceId, graphIds }: NodeConfigPanelProps) {
  const Form = FORMS[node.type];
  const own = problems.filter((p) => !p.bodyNodeId);
  const set = (patch: Config) => onChange({ ...node, config: { ...node.config, ...patch } });
  const err = (field: string, exact?: boolean) => fieldError(own, field, exact);
  return (
    <Stack gap="sm" data-testid="node-config" data-node-id={node.id} data-node-type={node.type}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap" miw={0}>
          <Badge color={nodeColor(node.type)} variant="filled" style={{ flexShrink: 0 }}>
            {nodeLabel(node.type)}
          </Badge>
          <Code data-testid="node-id" title={node.id} style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
            {node.id}
          </Code>
          <CopyIconButton value={node.id} label="Copy node ID" size="xs" />
        </Group>
        <Tooltip label="Start and End cannot be deleted" disabled={!!onDelete} withArrow>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<TrashIcon size={12} />}
            onClick={onDelete}
            disabled={!onDelete}
            style={{ flexShrink: 0 }}
            data-testid="delete-node"
          >
            Delete
          </Button>
        </Tooltip>
      </Group>
      <TextInput
        label="Name"
        description="Shown as node_name in streamed packets"
        maxLength={100}
        value={node.name}
        onChange={(e) => onChange({ ...node, name: e.currentTarget.value })}
        data-testid="node-name"
      />
      {own.length > 0 ? (
        <Alert color="red" p="xs" title={plural(own.length, "problem")} data-testid="node-problems" role="alert">
          <List size="xs" spacing={2}>
            {own.map((p) => (
              <List.Item key={`${p.path}:${p.message}`}>
                {p.field ? <Code fz="xs">{p.field}</Code> : null} {shortMessage(p.message)}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {Form ? (
        <Form
          node={node}
          config={node.config}
          set={set}
          err={err}
          variables={variables}
          models={models}
          workspaceId={workspaceId}
          problems={problems}
          graphIds={graphIds}
        />
      ) : (
        <Text size="sm" c="red">
          Unknown node type {node.type}: this console cannot edit it.
        </Text>
      )}
      {SINGLETON_TYPES.has(node.type) ? null : <ErrorPolicyForm key={node.id} config={node.config} set={set} err={err} />}
    </Stack>
  );
}
