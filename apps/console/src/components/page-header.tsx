import { Button, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { PlusIcon } from "./icons";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
  );
}

/** The "+ Create …" button of a list page's header, so every list page offers it the same way. */
export function CreateButton({ onClick, testId, children, disabled }: { onClick: () => void; testId: string; children: ReactNode; disabled?: boolean }) {
  return (
    <Button leftSection={<PlusIcon size={16} />} onClick={onClick} data-testid={testId} disabled={disabled}>
      {children}
    </Button>
  );
}
