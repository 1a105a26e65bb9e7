import { Alert, Badge, Code, Group, Modal, Stack, Table, Text } from "@mantine/core";
import type { Workspace } from "../api/types";
import { CopyTextButton } from "../components/copy-button";

/** One base URL with its copy button; `testId` marks the URL text for the e2e checks. */
function BaseUrlRow({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{label} base URL</Table.Th>
      <Table.Td>
        <Code data-testid={testId}>{url}</Code>
      </Table.Td>
      <Table.Td>
        <CopyTextButton value={url} label={`Copy ${label.toLowerCase()} base URL`} />
      </Table.Td>
    </Table.Tr>
  );
}

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
              <BaseUrlRow label="Dedicated" url={workspace.endpoints.dedicatedBaseUrl} testId="dedicated-base-url" />
              <BaseUrlRow label="Shared" url={workspace.endpoints.sharedBaseUrl} testId="shared-base-url" />
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
