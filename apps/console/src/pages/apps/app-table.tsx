import { Table, Text, VisuallyHidden } from "@mantine/core";
import type { App } from "../../api/types";
import { AnchorLink } from "../../components/anchor-link";
import { AppBadgeCells } from "../../components/app-badges";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { AppActions } from "./app-actions";

export function AppTable({ apps, onRename }: { apps: App[]; onRename: (app: App) => void }) {
  return (
    <DataTable
      minWidth={760}
      columns={["Name", "Type", "Status", "App ID", "Updated", <VisuallyHidden key="actions">Actions</VisuallyHidden>]}
      highlightOnHover
      verticalSpacing="sm"
      data-testid="app-table"
      aria-label="Apps"
    >
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
          <AppBadgeCells app={app} />
          <Table.Td>
            <IdValue value={app.id} copyLabel={`Copy App ID of ${app.name}`} testId="app-id" copyTestId="copy-app-id" />
          </Table.Td>
          <TextCell>{formatDateTime(app.updatedAt)}</TextCell>
          <Table.Td>
            <AppActions app={app} onRename={onRename} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
