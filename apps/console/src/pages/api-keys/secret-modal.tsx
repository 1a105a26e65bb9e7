import { Alert, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { IdValue } from "../../components/id-value";

/** Shows a new sk- secret exactly once. It lives only in component state, never in storage. */
export function SecretModal({ secret, title, onClose }: { secret: string | undefined; title: string; onClose: () => void }) {
  return (
    <Modal opened={secret !== undefined} onClose={onClose} title={title} centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" title="Copy the key now">
          This is the only time the full key is shown. appstudio stores only its hash; if you lose it, reset the key.
        </Alert>
        <IdValue value={secret ?? ""} copy="button" copyLabel="Copy API key" testId="api-key-secret" copyTestId="copy-api-key-secret" />
        <Text size="sm" c="dimmed">
          Use it as <Code>Authorization: Bearer …</Code>, or set <Code>DASHSCOPE_API_KEY</Code> for the SDKs.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="api-key-secret-done">
            I have stored the key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
