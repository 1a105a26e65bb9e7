import { Anchor, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import { appQuery } from "../../api/app-api";
import { type AppDetail, isAgentConfig } from "../../api/types";
import { AppStatusBadge, AppTypeBadge } from "../../components/app-badges";
import { formatDateTime } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { LoadingState, QueryBoundary } from "../../components/query-state";
import { useWorkspace } from "../../layout/workspace-context";
import { AgentEditor } from "../agent/agent-editor";

// The graph library is large and only workflow apps need it.
const WorkflowEditor = lazy(() => import("../workflow/workflow-editor").then((m) => ({ default: m.WorkflowEditor })));

function AppHeader({ app }: { app: AppDetail }) {
  return (
    <Stack gap={4} mb="md">
      <Anchor component={Link} to="/apps" size="sm">
        ← App Management
      </Anchor>
      <Group gap="sm" wrap="wrap">
        <Title order={1} size="h2" data-testid="app-name">
          {app.name}
        </Title>
        <AppTypeBadge type={app.type} />
        <AppStatusBadge status={app.status} version={app.publishedVersion} />
      </Group>
      <Group gap={6} wrap="wrap">
        <Text size="sm" c="dimmed">
          App ID
        </Text>
        <IdValue value={app.id} copyLabel="Copy App ID" testId="editor-app-id" copyTestId="editor-copy-app-id" />
        <Text size="xs" c="dimmed">
          {app.publishedAt ? `Published ${formatDateTime(app.publishedAt)}` : "Not published yet"} · Updated {formatDateTime(app.updatedAt)}
        </Text>
      </Group>
    </Stack>
  );
}

export function AppPage() {
  const { appId } = useParams({ from: "/shell/apps/$appId" });
  const { current, workspaces } = useWorkspace();
  const app = useQuery(appQuery(appId));
  return (
    <QueryBoundary query={app} what="the app">
      {(data) => {
        const workspace = workspaces.find((w) => w.id === data.workspaceId) ?? current;
        return (
          <div data-testid="app-page" data-app-type={data.type}>
            <AppHeader app={data} />
            {workspace.id !== current.id ? (
              <Badge color="yellow" variant="light" mb="sm">
                This app belongs to workspace {workspace.name}, not the current one.
              </Badge>
            ) : null}
            {isAgentConfig(data.draft) ? (
              <AgentEditor key={data.id} app={data} config={data.draft} workspace={workspace} />
            ) : (
              <Suspense fallback={<LoadingState label="Loading the graph editor…" />}>
                <WorkflowEditor key={data.id} app={data} graph={data.draft} workspace={workspace} />
              </Suspense>
            )}
          </div>
        );
      }}
    </QueryBoundary>
  );
}
