import { Anchor, Code, Group, ScrollArea, Stack, Table, Tabs, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import type { App, Workspace } from "../../api/types";
import { CopyTextButton } from "../../components/copy-button";
import { IdValue } from "../../components/id-value";
import { curlSnippet, nodeSnippet, pythonSnippet } from "../../lib/snippets";

function Snippet({ code, label, testId }: { code: string; label: string; testId: string }) {
  return (
    <Stack gap={4} miw={0}>
      <Group justify="flex-end">
        <CopyTextButton value={code} label={`Copy ${label} snippet`} testId={`copy-${testId}`} />
      </Group>
      <ScrollArea type="auto" offsetScrollbars="x">
        <Code block data-testid={testId} style={{ whiteSpace: "pre", width: "max-content", minWidth: "100%" }}>
          {code}
        </Code>
      </ScrollArea>
    </Stack>
  );
}

/** Ready-to-paste calls that already hold the App ID, the Workspace ID and the right base URL. */
export function ApiCallPanel({ app, workspace, variables }: { app: App; workspace: Workspace; variables?: string[] }) {
  const input = { appId: app.id, workspace, ...(variables ? { variables } : {}) };
  return (
    <Stack data-testid="api-call-panel">
      <Table verticalSpacing={4} aria-label="Call parameters">
        <Table.Tbody>
          {[
            ["App ID", app.id],
            ["Workspace ID", workspace.id],
            ["Base URL", workspace.endpoints.dedicatedBaseUrl],
          ].map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w={120}>
                {label}
              </Table.Th>
              <Table.Td>
                <IdValue value={value as string} url={label === "Base URL"} copyLabel={`Copy ${label}`} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {app.status === "draft" ? (
        <Text size="sm" c="orange">
          The API only serves published versions: publish the app before calling it.
        </Text>
      ) : null}
      <Text size="sm">
        Put an API key of this workspace in <Code>DASHSCOPE_API_KEY</Code> (
        <Anchor component={Link} to="/api-keys">
          create one
        </Anchor>
        ).
      </Text>
      <Tabs defaultValue="curl" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="curl" data-testid="snippet-tab-curl">
            curl
          </Tabs.Tab>
          <Tabs.Tab value="python" data-testid="snippet-tab-python">
            Python SDK
          </Tabs.Tab>
          <Tabs.Tab value="node" data-testid="snippet-tab-node">
            Node.js
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="curl" pt="sm">
          <Snippet code={curlSnippet(input)} label="curl" testId="snippet-curl" />
        </Tabs.Panel>
        <Tabs.Panel value="python" pt="sm">
          <Snippet code={pythonSnippet(input)} label="Python" testId="snippet-python" />
        </Tabs.Panel>
        <Tabs.Panel value="node" pt="sm">
          <Snippet code={nodeSnippet(input)} label="Node.js" testId="snippet-node" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
