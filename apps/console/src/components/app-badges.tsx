import { Badge, Table, Tooltip } from "@mantine/core";
import type { App, AppStatus, AppType } from "../api/types";

export function AppTypeBadge({ type }: { type: AppType }) {
  return (
    <Badge variant="light" color={type === "agent" ? "indigo" : "grape"} data-testid="app-type">
      {type === "agent" ? "Agent" : "Workflow"}
    </Badge>
  );
}

const STATUS: Record<AppStatus, { label: string; color: string; hint: string }> = {
  draft: { label: "Draft", color: "gray", hint: "Never published: the API cannot call it yet." },
  published: { label: "Published", color: "teal", hint: "The API serves the latest published version, equal to the draft." },
  changed: { label: "Changed", color: "orange", hint: "Published, with draft edits not yet published." },
};

export function AppStatusBadge({ status, version }: { status: AppStatus; version?: number | null }) {
  const s = STATUS[status];
  return (
    <Tooltip label={s.hint} withArrow>
      <Badge variant="dot" color={s.color} data-testid="app-status" data-status={status}>
        {s.label}
        {version ? ` · v${version}` : ""}
      </Badge>
    </Tooltip>
  );
}

/** The type and status columns, side by side, as every app table shows them. */
export function AppBadgeCells({ app }: { app: Pick<App, "type" | "status" | "publishedVersion"> }) {
  return (
    <>
      <Table.Td>
        <AppTypeBadge type={app.type} />
      </Table.Td>
      <Table.Td>
        <AppStatusBadge status={app.status} version={app.publishedVersion} />
      </Table.Td>
    </>
  );
}
