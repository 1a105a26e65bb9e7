import { Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { appsQuery } from "../../api/app-api";
import { type Action, accessTo } from "../../auth/access";
import { useSession } from "../../auth/require-session";
import { AnchorLink } from "../../components/anchor-link";
import { AppBadgeCells } from "../../components/app-badges";
import { formatRelative } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { QueryBoundary } from "../../components/query-state";
import { useWorkspace } from "../../layout/workspace-context";
import { curlSnippet } from "../../lib/snippets";

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

export function HomePage() {
  const me = useSession();
  const { current } = useWorkspace();
  const apps = useQuery(appsQuery({ workspaceId: current.id, limit: 200 }));
  const role = me.memberships.find((m) => m.workspaceId === current.id)?.role;
  const can = (action: Action) => accessTo(me, action, current.id).allowed;

  return (
    <Stack gap="lg" data-testid="home-page">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {current.name}
        </Title>
        <Group gap="xs">
          <Badge variant="light">{current.regionName}</Badge>
          {current.isDefault ? <Badge variant="outline">default workspace</Badge> : <Badge variant="outline">sub-workspace</Badge>}
          {role ? (
            <Badge variant="outline" color="gray">
              your role: {role}
            </Badge>
          ) : null}
          <Group gap={4} wrap="nowrap" miw={0}>
            <Text size="sm" c="dimmed">
              Workspace ID
            </Text>
            <IdValue value={current.id} copyLabel="Copy Workspace ID" copyTestId="home-copy-workspace-id" />
          </Group>
        </Group>
      </Stack>

      <QueryBoundary query={apps} what="apps">
        {(page) => {
          const items = [...page.items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
          return (
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Stat label="Apps" value={page.total} />
                <Stat label="Agents" value={items.filter((a) => a.type === "agent").length} />
                <Stat label="Workflows" value={items.filter((a) => a.type === "workflow").length} />
                <Stat label="Published" value={items.filter((a) => a.status !== "draft").length} />
              </SimpleGrid>
              <Card withBorder>
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4">
                    Recently changed apps
                  </Title>
                  <Anchor component={Link} to="/apps" size="sm">
                    All apps
                  </Anchor>
                </Group>
                {items.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    No apps in this workspace yet.{" "}
                    {can("app.write") ? (
                      <Anchor component={Link} to="/apps">
                        Create one
                      </Anchor>
                    ) : null}
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={480}>
                    <Table>
                      <Table.Tbody>
                        {items.slice(0, 5).map((app) => (
                          <Table.Tr key={app.id}>
                            <Table.Td>
                              <AnchorLink to="/apps/$appId" params={{ appId: app.id }}>
                                {app.name}
                              </AnchorLink>
                            </Table.Td>
                            <AppBadgeCells app={app} />
                            <Table.Td>
                              <Text size="xs" c="dimmed">
                                {formatRelative(app.updatedAt)}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Card>
            </Stack>
          );
        }}
      </QueryBoundary>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Quick links
        </Title>
        <Group gap="xs">
          {can("app.write") ? (
            <Button component={Link} to="/apps" variant="light" size="xs" data-testid="quick-create-app">
              Create an app
            </Button>
          ) : null}
          {can("apikey.manage") ? (
            <Button component={Link} to="/api-keys" variant="light" size="xs" data-testid="quick-create-api-key">
              Create an API key
            </Button>
          ) : null}
          {can("calllog.read") ? (
            <Button component={Link} to="/logs" variant="light" size="xs">
              Call logs and usage
            </Button>
          ) : null}
          {can("member.list") ? (
            <Button component={Link} to="/members" variant="light" size="xs">
              Members
            </Button>
          ) : null}
        </Group>
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          How to call an app
        </Title>
        <Stack gap="xs">
          <Text size="sm">
            1. Publish the app and copy its <strong>App ID</strong> from App Management.{" "}
            {can("apikey.manage") ? (
              <>
                2. Create an <strong>API key</strong> in this workspace.
              </>
            ) : (
              <>
                2. Ask an admin of this workspace for an <strong>API key</strong> (your account may not create them).
              </>
            )}{" "}
            3. Send a DashScope-compatible request to this workspace's base URL (it contains the Workspace ID):
          </Text>
          {/* Lines scroll sideways rather than wrap: a wrapped ID or URL gets copied wrong. */}
          <Code block style={{ whiteSpace: "pre", overflowX: "auto" }} data-testid="home-curl">
            {curlSnippet({ appId: "<APP_ID>", workspace: current })}
          </Code>
          <Text size="xs" c="dimmed">
            Every app's editor has an "API call" panel with curl, Python SDK and Node snippets filled in.
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}
