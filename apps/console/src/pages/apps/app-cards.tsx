import { Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import type { App } from "../../api/types";
import { AnchorLink } from "../../components/anchor-link";
import { AppStatusBadge, AppTypeBadge } from "../../components/app-badges";
import { formatRelative } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { AppActions } from "./app-actions";

export function AppCards({ apps, onRename }: { apps: App[]; onRename: (app: App) => void }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="app-cards">
      {apps.map((app) => (
        <Card key={app.id} withBorder padding="md" data-testid="app-card" data-app-id={app.id} data-app-name={app.name}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap">
              <AnchorLink to="/apps/$appId" params={{ appId: app.id }} fw={600} lineClamp={1}>
                {app.name}
              </AnchorLink>
              <AppActions app={app} onRename={onRename} />
            </Group>
            <Group gap="xs">
              <AppTypeBadge type={app.type} />
              <AppStatusBadge status={app.status} version={app.publishedVersion} />
            </Group>
            <Text size="xs" c="dimmed" lineClamp={2} mih={32}>
              {app.description || "No description"}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Text size="xs" c="dimmed">
                App ID
              </Text>
              <IdValue value={app.id} fz="xs" copyLabel={`Copy App ID of ${app.name}`} testId="app-id" copyTestId="copy-app-id" />
            </Group>
            <Text size="xs" c="dimmed">
              Updated {formatRelative(app.updatedAt)}
            </Text>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
