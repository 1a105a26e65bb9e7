import { Fieldset, MultiSelect, Stack, TagsInput, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { mcpServicesQuery } from "../../api/mcp-api";
import type { AgentConfig } from "../../api/types";

type Attachments = NonNullable<AgentConfig["mcpServices"]>;

/** MCP services the agent attaches: their tools are offered to the model as service__tool. */
export function McpSettings({
  value,
  onChange,
  workspaceId,
  err,
}: {
  value: Attachments | undefined;
  onChange: (value: Attachments | undefined) => void;
  workspaceId: string;
  err: (field: string) => string | undefined;
}) {
  const services = useQuery(mcpServicesQuery(workspaceId, 0, 200));
  const attached = value ?? [];
  const items = services.data?.items ?? [];
  const options = [
    ...items.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })),
    ...attached.filter((a) => !items.some((s) => s.id === a.serviceId)).map((a) => ({ value: a.serviceId, label: `${a.serviceId} (missing)` })),
  ];
  const setIds = (ids: string[]) => {
    const next = ids.map((serviceId) => attached.find((a) => a.serviceId === serviceId) ?? { serviceId });
    onChange(next.length === 0 ? undefined : next);
  };
  const setTools = (serviceId: string, tools: string[]) =>
    onChange(attached.map((a) => (a.serviceId === serviceId ? (tools.length === 0 ? { serviceId } : { serviceId, tools }) : a)));
  return (
    <Fieldset legend="MCP services" variant="filled" data-testid="agent-mcp">
      <Stack gap="sm">
        <MultiSelect
          label="Services"
          description="Their tools are offered to the model next to the HTTP tools, named service__tool. Calls can add more with parameters.mcp_servers."
          placeholder={attached.length === 0 ? (services.isPending ? "Loading…" : "None") : undefined}
          searchable
          data={options}
          value={attached.map((a) => a.serviceId)}
          onChange={setIds}
          error={err("mcpServices")}
          nothingFoundMessage={items.length === 0 ? "No MCP service in this workspace yet (MCP services page)" : "No match"}
          data-testid="agent-mcp-services"
        />
        {attached.map((a, i) => {
          const service = items.find((s) => s.id === a.serviceId);
          return (
            <TagsInput
              key={a.serviceId}
              label={`Tools of ${service?.name ?? a.serviceId}`}
              description={
                service && service.allowedTools.length > 0 ? `Empty: all allowed (${service.allowedTools.join(", ")})` : "Empty: every tool of the service"
              }
              data={service?.allowedTools ?? []}
              value={a.tools ?? []}
              onChange={(tools) => setTools(a.serviceId, tools)}
              error={err(`mcpServices[${i}].serviceId`) ?? err(`mcpServices[${i}].tools`)}
            />
          );
        })}
        {attached.length > 0 ? (
          <Text size="xs" c="dimmed">
            A service that cannot be reached during a call is skipped; with has_thoughts the thoughts say why.
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
