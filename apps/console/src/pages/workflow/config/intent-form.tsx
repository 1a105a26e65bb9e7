import { Textarea, TextInput } from "@mantine/core";
import { ListEditor, type NodeFormProps, rows, str } from "./form-kit";
import { acceptsHistory, ModelFields } from "./model-fields";
import { VariableField } from "./variable-field";

/** Intent classification: the model picks one intent; each intent is a branch, plus "other". */
export function IntentForm(props: NodeFormProps) {
  const { config, set, err, variables } = props;
  return (
    <>
      <ModelFields {...props} testId="intent" />
      <VariableField
        label="Input to classify"
        required
        value={str(config, "query")}
        onChange={(query) => set({ query })}
        variables={variables}
        error={err("query")}
        testId="intent-query"
      />
      <ListEditor
        label="Intents"
        description="Each intent is a branch of this node; when none fits, the 'other' branch is taken. Renaming an intent keeps its edges."
        items={rows(config, "intents")}
        onChange={(intents) => set({ intents })}
        newItem={(i) => ({ id: `intent_${i + 1}`, description: "" })}
        addLabel="Intent"
        testId="intents"
        error={err("intents", true)}
        minItems={1}
        max={50}
        render={(it, setIt, i) => (
          <>
            <TextInput
              size="xs"
              label="Intent ID"
              value={str(it, "id")}
              onChange={(e) => setIt({ id: e.currentTarget.value })}
              error={err(`intents[${i}].id`)}
              data-testid="intent-id"
            />
            <Textarea
              size="xs"
              label="Description"
              autosize
              minRows={1}
              value={str(it, "description")}
              onChange={(e) => setIt({ description: e.currentTarget.value })}
              error={err(`intents[${i}].description`)}
            />
          </>
        )}
      />
      <VariableField
        label="Instruction"
        multiline
        minRows={2}
        value={str(config, "instruction")}
        onChange={(instruction) => set({ instruction })}
        variables={variables}
        error={err("instruction")}
      />
      <VariableField
        label="History"
        mode="replace"
        accept={acceptsHistory}
        value={str(config, "history")}
        onChange={(history) => set({ history })}
        variables={variables}
        error={err("history")}
      />
    </>
  );
}
