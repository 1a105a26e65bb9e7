import { Group, SegmentedControl, Select, Stack, Switch, Text } from "@mantine/core";
import { bool, type NodeFormProps, record, str } from "./form-kit";
import { KvEditor } from "./kv-editor";
import { VariableField } from "./variable-field";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** HTTP request: method, URL, headers, query and body templated; outputs status, body and parsed JSON. */
export function HttpForm({ config, set, err, variables }: NodeFormProps) {
  const bodyType = str(config, "bodyType", "none");
  return (
    <>
      <Group gap={6} align="flex-start" wrap="nowrap">
        <Select
          label="Method"
          data={METHODS}
          value={str(config, "method", "GET")}
          onChange={(v) => v && set({ method: v })}
          allowDeselect={false}
          w={110}
          error={err("method")}
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          <VariableField
            label="URL"
            required
            placeholder="https://api.example.com/items/{{Start_x.id}}"
            value={str(config, "url")}
            onChange={(url) => set({ url })}
            variables={variables}
            error={err("url")}
            testId="http-url"
          />
        </div>
      </Group>
      <KvEditor
        label="Headers"
        field="headers"
        value={record(config, "headers")}
        onChange={(headers) => set({ headers })}
        variables={variables}
        err={err}
        testId="http-headers"
      />
      <KvEditor
        label="Query parameters"
        field="query"
        value={record(config, "query")}
        onChange={(query) => set({ query })}
        variables={variables}
        err={err}
        testId="http-query"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Body
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Body type"
          value={bodyType}
          onChange={(v) => set({ bodyType: v })}
          data={[
            { value: "none", label: "None" },
            { value: "json", label: "JSON" },
            { value: "text", label: "Text" },
          ]}
        />
      </Stack>
      {bodyType !== "none" ? (
        <VariableField
          label={bodyType === "json" ? "JSON body" : "Text body"}
          multiline
          mono
          value={str(config, "body")}
          onChange={(body) => set({ body })}
          variables={variables}
          error={err("body")}
          testId="http-body"
        />
      ) : null}
      <Switch
        label="Fail on HTTP errors"
        description="A non-2xx answer fails the node (its error policy applies)"
        checked={bool(config, "failOnHttpError", true)}
        onChange={(e) => set({ failOnHttpError: e.currentTarget.checked })}
      />
    </>
  );
}
