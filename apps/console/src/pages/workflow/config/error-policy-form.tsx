import { Accordion, NumberInput, Select, SimpleGrid, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { monoStyles, type NodeFormProps, num, optionalNumber, record, str } from "./form-kit";

const POLICIES = [
  { value: "fail", label: "Fail the run" },
  { value: "default", label: "Use default outputs" },
  { value: "branch", label: "Follow the error branch" },
];

/** Settings every node accepts: timeout, retries and what happens when it fails. */
export function ErrorPolicyForm({ config, set, err }: Pick<NodeFormProps, "config" | "set" | "err">) {
  const policy = str(config, "onError", "fail");
  const [defaultsText, setDefaultsText] = useState(() => JSON.stringify(record(config, "defaultOutputs"), null, 2));
  const [defaultsError, setDefaultsError] = useState<string>();
  const changeDefaults = (text: string) => {
    setDefaultsText(text);
    try {
      const parsed: unknown = JSON.parse(text || "{}");
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("must be a JSON object");
      setDefaultsError(undefined);
      set({ defaultOutputs: parsed });
    } catch (e) {
      setDefaultsError(`Not saved: ${(e as Error).message}`);
    }
  };
  const hasProblem = ["timeoutMs", "retries", "retryDelayMs", "onError", "defaultOutputs"].some((f) => err(f));
  return (
    <Accordion variant="contained" chevronPosition="left" defaultValue={hasProblem || policy !== "fail" ? "errors" : null}>
      <Accordion.Item value="errors">
        <Accordion.Control data-testid="error-policy-toggle">Timeout, retries and errors</Accordion.Control>
        <Accordion.Panel>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
            <NumberInput
              size="xs"
              label="Timeout (ms)"
              placeholder="type default"
              min={1}
              max={600_000}
              allowDecimal={false}
              value={num(config, "timeoutMs") ?? ""}
              onChange={(v) => set(optionalNumber("timeoutMs", v))}
              error={err("timeoutMs")}
            />
            <NumberInput
              size="xs"
              label="Retries"
              min={0}
              max={5}
              allowDecimal={false}
              value={num(config, "retries") ?? 0}
              onChange={(v) => set({ retries: typeof v === "number" && v > 0 ? v : undefined })}
              error={err("retries")}
            />
            <NumberInput
              size="xs"
              label="Retry delay (ms)"
              min={0}
              max={60_000}
              allowDecimal={false}
              value={num(config, "retryDelayMs") ?? 0}
              onChange={(v) => set({ retryDelayMs: typeof v === "number" && v > 0 ? v : undefined })}
              error={err("retryDelayMs")}
            />
          </SimpleGrid>
          <Select
            mt="xs"
            size="xs"
            label="When the node fails"
            data={POLICIES}
            value={policy}
            onChange={(v) => set({ onError: v && v !== "fail" ? v : undefined })}
            allowDeselect={false}
            error={err("onError")}
            data-testid="error-policy"
          />
          {policy === "branch" ? (
            <Text size="xs" c="dimmed" mt={4}>
              The node gets an "error" handle; connect it to the nodes that handle the failure. Outputs: errorCode, errorMessage.
            </Text>
          ) : null}
          {policy === "default" ? (
            <Textarea
              mt="xs"
              size="xs"
              label="Default outputs (JSON object)"
              autosize
              minRows={2}
              value={defaultsText}
              onChange={(e) => changeDefaults(e.currentTarget.value)}
              error={defaultsError ?? err("defaultOutputs")}
              styles={monoStyles}
            />
          ) : null}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
