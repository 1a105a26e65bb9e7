import { Accordion, Autocomplete, NumberInput, SimpleGrid, Switch } from "@mantine/core";
import { type NodeFormProps, num, optionalNumber, str } from "./form-kit";

/** Model and sampling settings shared by LLM, Intent classification and Parameter extraction. */
export function ModelFields({ config, set, err, models, testId }: Pick<NodeFormProps, "config" | "set" | "err" | "models"> & { testId: string }) {
  const thinking = config.enableThinking;
  return (
    <>
      <Autocomplete
        label="Model"
        description={
          models.length > 0 ? "Offered by the configured providers; any model ID a provider knows works" : "A model ID your provider knows, e.g. qwen-plus"
        }
        required
        data={models}
        value={str(config, "model")}
        onChange={(v) => set({ model: v })}
        error={err("model")}
        data-testid={`${testId}-model`}
      />
      <Accordion variant="contained" chevronPosition="left">
        <Accordion.Item value="sampling">
          <Accordion.Control>Model parameters</Accordion.Control>
          <Accordion.Panel>
            <SimpleGrid cols={2} spacing="xs">
              <NumberInput
                label="Temperature"
                min={0}
                max={1.99}
                step={0.1}
                decimalScale={2}
                value={num(config, "temperature") ?? ""}
                onChange={(v) => set(optionalNumber("temperature", v))}
                error={err("temperature")}
              />
              <NumberInput
                label="Top P"
                min={0.01}
                max={1}
                step={0.05}
                decimalScale={2}
                value={num(config, "topP") ?? ""}
                onChange={(v) => set(optionalNumber("topP", v))}
                error={err("topP")}
              />
              <NumberInput
                label="Max tokens"
                min={1}
                allowDecimal={false}
                value={num(config, "maxTokens") ?? ""}
                onChange={(v) => set(optionalNumber("maxTokens", v))}
                error={err("maxTokens")}
              />
              <Switch
                mt="lg"
                label="Thinking"
                description={thinking === undefined ? "model default" : undefined}
                checked={thinking === true}
                onChange={(e) => set({ enableThinking: e.currentTarget.checked })}
              />
            </SimpleGrid>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </>
  );
}

/** Dialog history for model nodes: a reference to an Array<Object> such as Start's historyList. */
export const acceptsHistory = (type: string) => type === "Array<Object>";
export const acceptsArray = (type: string) => type.startsWith("Array<");
