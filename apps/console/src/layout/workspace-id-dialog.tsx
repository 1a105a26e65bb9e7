import { Alert, Badge, Group, Modal, Stack, Text } from "@mantine/core";
import type { Workspace } from "../api/types";
import { CopyTextButton } from "../components/copy-button";
import { IdValue } from "../components/id-value";

/**
 * One base URL: label and copy button on one line, the URL on its own full-width line below, so a
 * phone shows it whole. `testId` marks the URL text for the e2e checks.
 */
function BaseUrl({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500}>
          {label} base URL
        </Text>
        <CopyTextButton value={url} label={`Copy ${label.toLowerCase()} base URL`} testId={`copy-${testId}`} />
      </Group>
      <IdValue url value={url} testId={testId} />
    </Stack>
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
        <IdValue value={workspace.id} copyLabel="Copy Workspace ID" copy="button" fz="md" testId="workspace-id-value" copyTestId="copy-workspace-id" />
        {/* Stacked label over value, not a table: a phone has room for the URL only on a line of its own. */}
        <BaseUrl label="Dedicated" url={workspace.endpoints.dedicatedBaseUrl} testId="dedicated-base-url" />
        <BaseUrl label="Shared" url={workspace.endpoints.sharedBaseUrl} testId="shared-base-url" />
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
