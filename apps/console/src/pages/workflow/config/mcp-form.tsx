import { Select, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { mcpServicesQuery } from "../../../api/mcp-api";
import { type NodeFormProps, record, str } from "./form-kit";
import { KvEditor } from "./kv-editor";

/** MCP: calls one tool of an MCP service of this workspace; `result` is its text, `json` its structured answer. */
export function McpForm({ config, set, err, variables, workspaceId }: NodeFormProps) {
  const services = useQuery(mcpServicesQuery(workspaceId, 0, 200));
  const serviceId = str(config, "serviceId");
  const items = services.data?.items ?? [];
  const options = [
    ...items.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })),
    ...(serviceId && !items.some((s) => s.id === serviceId) ? [{ value: serviceId, label: `${serviceId} (missing)` }] : []),
  ];
  const chosen = items.find((s) => s.id === serviceId);
  return (
    <>
      <Select
        label="MCP service"
        description="A service of this workspace (MCP services page)"
        required
        searchable
        data={options}
        value={serviceId || null}
        onChange={(v) => set({ serviceId: v ?? "" })}
        nothingFoundMessage={items.length === 0 ? "No MCP service in this workspace yet" : "No match"}
        error={err("serviceId") ?? (services.isError ? "Could not load the MCP services" : undefined)}
        placeholder={services.isPending ? "Loading…" : "Choose a service"}
        data-testid="mcp-service"
      />
      <TextInput
        label="Tool"
        description={
          chosen && chosen.allowedTools.length > 0
            ? `Allowed: ${chosen.allowedTools.join(", ")}`
            : "The tool's name as the server lists it (Test on the MCP services page)"
        }
        required
        value={str(config, "tool")}
        onChange={(e) => set({ tool: e.currentTarget.value })}
        error={err("tool")}
        data-testid="mcp-tool"
      />
      <KvEditor
        label="Arguments"
        description="A whole reference such as {{Start_x.count}} keeps its type; other values are text."
        value={record(config, "arguments")}
        onChange={(args) => set({ arguments: args })}
        variables={variables}
        err={err}
        field="arguments"
        testId="mcp-arguments"
      />
    </>
  );
}
