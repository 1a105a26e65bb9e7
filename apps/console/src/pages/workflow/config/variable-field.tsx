import { ActionIcon, Badge, Menu, ScrollArea, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { type ReactNode, useRef } from "react";
import { insertAt, reference, type VariableGroup } from "../graph-model";

interface PickerProps {
  variables: VariableGroup[];
  onPick: (ref: string) => void;
  /** What the picker fills, for its accessible name. */
  label: string;
  testId?: string | undefined;
  accept?: ((type: string) => boolean) | undefined;
}

/** A "{x}" button listing the outputs of earlier nodes; picking one yields `{{Node_id.field}}`. */
function VariablePicker({ variables, onPick, label, testId, accept }: PickerProps) {
  const groups = variables
    .map((g) => ({ ...g, outputs: accept ? g.outputs.filter((o) => accept(o.type) || o.type === "Any" || o.type === "Array<Any>") : g.outputs }))
    .filter((g) => g.outputs.length > 0);
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={280}>
      <Menu.Target>
        <Tooltip label="Insert a variable" withArrow>
          <ActionIcon variant="light" size="sm" aria-label={`Insert a variable into ${label}`} data-testid={testId ? `${testId}-vars` : undefined}>
            <Text fz={11} fw={700} ff="monospace">
              {"{x}"}
            </Text>
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown data-testid="var-menu">
        <ScrollArea.Autosize mah={320}>
          {groups.length === 0 ? (
            <Menu.Label>No earlier node offers a fitting output. Connect this node after the nodes it reads from.</Menu.Label>
          ) : (
            groups.map((g) => (
              <div key={g.nodeId}>
                <Menu.Label>
                  {g.nodeName} · {g.nodeId}
                </Menu.Label>
                {g.outputs.map((o) => {
                  const ref = reference(g.nodeId, o.name);
                  return (
                    <Menu.Item
                      key={o.name}
                      onClick={() => onPick(ref)}
                      aria-label={ref}
                      data-testid="var-option"
                      data-node-id={g.nodeId}
                      data-node-type={g.nodeType}
                      data-field={o.name}
                      rightSection={
                        <Badge size="xs" variant="light" color="gray">
                          {o.type}
                        </Badge>
                      }
                    >
                      <Text size="sm" ff="monospace">
                        {o.name}
                      </Text>
                    </Menu.Item>
                  );
                })}
              </div>
            ))
          )}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

interface VariableFieldProps {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  variables: VariableGroup[];
  error?: string | undefined;
  /** A multi-line template (Textarea) instead of one line. */
  multiline?: boolean;
  minRows?: number;
  /** `insert` (templates): the reference goes in at the cursor. `replace` (reference fields): it becomes the value. */
  mode?: "insert" | "replace";
  accept?: (type: string) => boolean;
  required?: boolean;
  placeholder?: string;
  testId?: string;
  mono?: boolean;
}

/** A text field for templates or references, with a variable picker of the upstream outputs. */
export function VariableField({
  label,
  description,
  value,
  onChange,
  variables,
  error,
  multiline,
  minRows = 3,
  mode = "insert",
  accept,
  required,
  placeholder,
  testId,
  mono,
}: VariableFieldProps) {
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const pick = (ref: string) => {
    if (mode === "replace") {
      onChange(ref);
      return;
    }
    const el = input.current;
    const next = insertAt(value, ref, el?.selectionStart, el?.selectionEnd);
    onChange(next.value);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  const picker = <VariablePicker variables={variables} onPick={pick} label={label} testId={testId} accept={accept} />;
  const common = {
    label,
    description,
    value,
    error,
    required,
    placeholder: placeholder ?? (mode === "replace" ? "{{Node_id.field}}" : undefined),
    onChange: (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value),
    rightSection: picker,
    rightSectionPointerEvents: "all" as const,
    "data-testid": testId,
    styles: mono || mode === "replace" ? { input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } } : undefined,
  };
  return multiline ? (
    <Textarea
      ref={input}
      autosize
      minRows={minRows}
      maxRows={14}
      {...common}
      styles={{ ...common.styles, section: { alignItems: "flex-start", paddingTop: 6 } }}
    />
  ) : (
    <TextInput ref={input} {...common} />
  );
}
