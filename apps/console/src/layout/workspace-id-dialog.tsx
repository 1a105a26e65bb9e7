import { Alert, Badge, Code, Group, Modal, Stack, Table, Text } from "@mantine/core";
import type { Workspace } from "../api/types";
import { CopyTextButton } from "../components/copy-button";

/** The upper-right dialog of the hosted console: the current Workspace ID, ready to copy. */
export function WorkspaceIdDialog({ workspace, opened, onClose }: { workspace: Workspace; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Workspace ID" centered size="lg" data-testid="workspace-id-dialog">
      <Stack>
        <Text size="sm">
          Current workspace <strong>{workspace.name}</strong> <Badge variant="light">{workspace.regionName}</Badge>{" "}
          {workspace.isDefault ? <Badge variant="outline">default</Badge> : null}
        </Text>
        <Group wrap="nowrap" justify="space-between" gap="xs">
          <Code fz="md" data-testid="workspace-id-value" style={{ wordBreak: "break-all" }}>
            {workspace.id}
          </Code>
          <CopyTextButton value={workspace.id} label="Copy Workspace ID" testId="copy-workspace-id" size="sm" />
        </Group>
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" aria-label="API base URLs">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">Dedicated base URL</Table.Th>
                <Table.Td>
                  <Code data-testid="dedicated-base-url">{workspace.endpoints.dedicatedBaseUrl}</Code>
                </Table.Td>
                <Table.Td>
                  <CopyTextButton value={workspace.endpoints.dedicatedBaseUrl} label="Copy dedicated base URL" />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Shared base URL</Table.Th>
                <Table.Td>
                  <Code data-testid="shared-base-url">{workspace.endpoints.sharedBaseUrl}</Code>
                </Table.Td>
                <Table.Td>
                  <CopyTextButton value={workspace.endpoints.sharedBaseUrl} label="Copy shared base URL" />
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Alert variant="light" color="blue">
          <Text size="sm">
            The dedicated base URL contains the Workspace ID and accepts only this workspace's API keys.
            {workspace.isDefault
              ? " On the shared base URL, apps of this default workspace need no extra header."
              : ` On the shared base URL, send the header X-DashScope-WorkSpace: ${workspace.id}.`}
          </Text>
        </Alert>
      </Stack>
    </Modal>
  );
}
