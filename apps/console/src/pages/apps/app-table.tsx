import { Anchor, Code, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { AnchorLink } from "../../components/anchor-link";
import type { App } from "../../api/types";
import { AppStatusBadge, AppTypeBadge } from "../../components/app-badges";
import { CopyIconButton } from "../../components/copy-button";
import { formatDateTime } from "../../components/format";
import { AppActions } from "./app-actions";

export function AppTable({ apps, onRename }: { apps: App[]; onRename: (app: App) => void }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="app-table" aria-label="Apps">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>App ID</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apps.map((app) => (
            <Table.Tr key={app.id} data-testid="app-row" data-app-id={app.id} data-app-name={app.name}>
              <Table.Td>
                <AnchorLink to="/apps/$appId" params={{ appId: app.id }} fw={500}>
                  {app.name}
                </AnchorLink>
                {app.description ? (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {app.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <AppTypeBadge type={app.type} />
              </Table.Td>
              <Table.Td>
                <AppStatusBadge status={app.status} version={app.publishedVersion} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Code data-testid="app-id">{app.id}</Code>
                  <CopyIconButton value={app.id} label={`Copy App ID of ${app.name}`} testId="copy-app-id" />
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(app.updatedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <AppActions app={app} onRename={onRename} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
