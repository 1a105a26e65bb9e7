import { NumberInput, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createMcpService, updateMcpService } from "../../api/mcp-api";
import type { McpService } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

type Transport = "streamable-http" | "sse";

/** `Name: value` per line; the server checks names and values. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const at = line.indexOf(":");
    if (at <= 0) throw new Error(`Header line '${line.split(":")[0]?.slice(0, 40)}' must look like 'Name: value'.`);
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

const toolList = (text: string) => [...new Set(text.split(/[\s,]+/).filter((t) => t !== ""))];

/** Add an MCP service, or edit one (`editing`). Stored header values are never shown; new ones replace them. */
export function McpServiceModal({
  workspaceId,
  opened,
  editing,
  onClose,
}: {
  workspaceId: string;
  opened: boolean;
  editing?: McpService | undefined;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const { setError } = form;
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [transport, setTransport] = useState<Transport>("streamable-http");
  const [headers, setHeaders] = useState("");
  const [tools, setTools] = useState("");
  const [timeoutMs, setTimeoutMs] = useState<number | string>(30000);
  const [description, setDescription] = useState("");

  useEffect(() => {
    if (!opened) return;
    setName(editing?.name ?? "");
    setUrl(editing?.url ?? "");
    setTransport(editing?.transport ?? "streamable-http");
    setHeaders("");
    setTools(editing?.allowedTools.join(", ") ?? "");
    setTimeoutMs(editing?.timeoutMs ?? 30000);
    setDescription(editing?.description ?? "");
    setError(undefined);
  }, [opened, editing, setError]);

  const submit = async () => {
    const common = {
      name: name.trim(),
      url: url.trim(),
      transport,
      allowedTools: toolList(tools),
      timeoutMs: typeof timeoutMs === "number" ? timeoutMs : 30000,
      description: description.trim(),
    };
    // Editing: headers left blank keep the stored ones.
    const headerMap = headers.trim() === "" ? undefined : parseHeaders(headers);
    if (editing) await updateMcpService(editing.id, { ...common, ...(headerMap ? { headers: headerMap } : {}) });
    else await createMcpService({ workspaceId, ...common, ...(headerMap ? { headers: headerMap } : {}) });
    await queryClient.invalidateQueries({ queryKey: ["mcp-services"] });
    onClose();
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit MCP service ${editing.name}` : "Add MCP service"}
      size="lg"
      form={form}
      onSubmit={submit}
      formTestId="mcp-form"
      submitLabel={editing ? "Save" : "Add"}
      submitTestId="mcp-submit"
    >
      <Stack>
        <TextInput
          label="Name"
          description="Letters, digits, '_' or '-'. Models see its tools as name__tool."
          required
          maxLength={32}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="mcp-name"
          data-autofocus
        />
        <TextInput
          label="URL"
          description="The server's MCP endpoint, e.g. https://mcp.example.com/mcp"
          required
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-testid="mcp-url"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Transport
          </Text>
          <SegmentedControl
            value={transport}
            onChange={(v) => setTransport(v as Transport)}
            data={[
              { value: "streamable-http", label: "Streamable HTTP" },
              { value: "sse", label: "SSE (older servers)" },
            ]}
            data-testid="mcp-transport"
          />
        </Stack>
        <Textarea
          label="Headers"
          description={
            editing && editing.headerNames.length > 0
              ? `Stored: ${editing.headerNames.join(", ")} (values hidden). Leave empty to keep them; anything entered replaces all of them.`
              : "One 'Name: value' per line, e.g. Authorization: Bearer … Stored encrypted and never shown again."
          }
          autosize
          minRows={2}
          value={headers}
          onChange={(e) => setHeaders(e.currentTarget.value)}
          data-testid="mcp-headers"
          styles={{ input: { fontFamily: "monospace" } }}
        />
        <TextInput
          label="Allowed tools"
          description="Comma-separated tool names apps may use; empty: every tool the server lists."
          value={tools}
          onChange={(e) => setTools(e.currentTarget.value)}
          data-testid="mcp-tools"
        />
        <NumberInput
          label="Timeout (ms)"
          description="Bound on connecting and on each tool call."
          min={1000}
          max={120000}
          step={1000}
          value={timeoutMs}
          onChange={setTimeoutMs}
        />
        <Textarea label="Description" maxLength={1000} autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </Stack>
    </FormModal>
  );
}
