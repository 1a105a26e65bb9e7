import { Group, SegmentedControl, Select, Text, TextInput } from "@mantine/core";
import { type Config, ListEditor, type NodeFormProps, rows, str } from "./form-kit";
import { VariableField } from "./variable-field";

const OPERATORS = [
  { value: "equals", label: "equals" },
  { value: "notEquals", label: "does not equal" },
  { value: "contains", label: "contains" },
  { value: "notContains", label: "does not contain" },
  { value: "startsWith", label: "starts with" },
  { value: "endsWith", label: "ends with" },
  { value: "isEmpty", label: "is empty" },
  { value: "isNotEmpty", label: "is not empty" },
  { value: "gt", label: ">" },
  { value: "gte", label: "≥" },
  { value: "lt", label: "<" },
  { value: "lte", label: "≤" },
  { value: "isTrue", label: "is true" },
  { value: "isFalse", label: "is false" },
];
const UNARY = new Set(["isEmpty", "isNotEmpty", "isTrue", "isFalse"]);

function Comparisons({ branch, setBranch, index, props }: { branch: Config; setBranch: (p: Config) => void; index: number; props: NodeFormProps }) {
  const { err, variables } = props;
  const at = `branches[${index}]`;
  return (
    <ListEditor
      label="Conditions"
      items={rows(branch, "conditions")}
      onChange={(conditions) => setBranch({ conditions })}
      newItem={() => ({ left: "", operator: "equals", right: "" })}
      addLabel="Condition"
      testId="branch-conditions"
      error={err(`${at}.conditions`, true)}
      minItems={1}
      max={50}
      render={(c, setC, j) => {
        const operator = str(c, "operator", "equals");
        return (
          <>
            <VariableField
              label="Variable"
              mode="replace"
              value={str(c, "left")}
              onChange={(left) => setC({ left })}
              variables={variables}
              error={err(`${at}.conditions[${j}].left`)}
              testId="condition-left"
            />
            <Select
              size="xs"
              label="Operator"
              data={OPERATORS}
              value={operator}
              onChange={(v) => v && setC({ operator: v })}
              allowDeselect={false}
              data-testid="condition-operator"
            />
            {UNARY.has(operator) ? null : (
              <VariableField
                label="Value"
                value={typeof c.right === "string" ? c.right : JSON.stringify(c.right ?? "")}
                onChange={(right) => setC({ right })}
                variables={variables}
                error={err(`${at}.conditions[${j}].right`)}
                testId="condition-right"
              />
            )}
          </>
        );
      }}
    />
  );
}

/** Condition: if / else-if branches in order, each an and/or group of comparisons; else otherwise. */
export function ConditionForm(props: NodeFormProps) {
  const { config, set, err } = props;
  const branches = rows(config, "branches");
  return (
    <>
      <ListEditor
        label="Branches"
        description="The first branch whose conditions hold wins; its ID is the handle its edges leave from. When none holds, the ELSE handle is taken."
        items={branches}
        onChange={(next) => set({ branches: next })}
        newItem={(i) => ({ id: `branch_${i + 1}`, logic: "and", conditions: [{ left: "", operator: "equals", right: "" }] })}
        addLabel="Branch"
        testId="condition-branches"
        error={err("branches", true)}
        minItems={1}
        max={20}
        render={(b, setB, i) => (
          <>
            <Group gap={6} align="flex-end" wrap="wrap">
              <Text size="xs" fw={700} c="orange" w={36}>
                {i === 0 ? "IF" : "ELIF"}
              </Text>
              <TextInput
                size="xs"
                label="Branch ID"
                value={str(b, "id")}
                onChange={(e) => setB({ id: e.currentTarget.value })}
                error={err(`branches[${i}].id`)}
                style={{ flex: 1 }}
                data-testid="branch-id"
              />
              <SegmentedControl
                size="xs"
                aria-label="Combine conditions with"
                value={str(b, "logic", "and")}
                onChange={(logic) => setB({ logic })}
                data={[
                  { value: "and", label: "AND" },
                  { value: "or", label: "OR" },
                ]}
              />
            </Group>
            <Comparisons branch={b} setBranch={setB} index={i} props={props} />
          </>
        )}
      />
      <Text size="xs" c="dimmed">
        ELSE: taken when no branch matches.
      </Text>
    </>
  );
}
