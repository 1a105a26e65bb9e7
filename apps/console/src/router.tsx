import { Anchor, Center, Stack, Text, Title } from "@mantine/core";
import { createRootRoute, createRoute, createRouter, Link, Outlet } from "@tanstack/react-router";
import { SignInPage } from "./auth/sign-in-page";
import { ErrorState } from "./components/query-state";
import { AppLayout } from "./layout/app-layout";
import { AccessKeysPage } from "./pages/access-keys/access-keys-page";
import { ApiKeysPage } from "./pages/api-keys/api-keys-page";
import { AppListPage } from "./pages/apps/app-list-page";
import { AppPage } from "./pages/apps/app-page";
import { HomePage } from "./pages/home/home-page";
import { DocumentPage } from "./pages/knowledge/document-page";
import { KnowledgeBasePage } from "./pages/knowledge/knowledge-base-page";
import { KnowledgeListPage } from "./pages/knowledge/knowledge-list-page";
import { LogsPage } from "./pages/logs/logs-page";
import { McpServicesPage } from "./pages/mcp/mcp-services-page";
import { MembersPage } from "./pages/members/members-page";
import { MemoryListPage } from "./pages/memory/memory-list-page";
import { MemoryStorePage } from "./pages/memory/memory-store-page";
import { ProvidersPage } from "./pages/providers/providers-page";
import { UsersPage } from "./pages/users/users-page";
import { WorkspaceManagementPage } from "./pages/workspaces/workspace-management-page";

function NotFound() {
  return (
    <Center py="xl">
      <Stack align="center" data-testid="not-found">
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">There is nothing at this address.</Text>
        <Anchor component={Link} to="/">
          Go to Home
        </Anchor>
      </Stack>
    </Center>
  );
}

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  component: SignInPage,
  validateSearch: (search: Record<string, unknown>): { redirect: string | undefined; expired: string | undefined } => ({
    redirect: typeof search.redirect === "string" ? search.redirect : undefined,
    expired: search.expired ? "1" : undefined,
  }),
});

const shellRoute = createRoute({ getParentRoute: () => rootRoute, id: "shell", component: AppLayout });

const page = (path: string, component: () => React.ReactNode) => createRoute({ getParentRoute: () => shellRoute, path, component });

export const appRoute = createRoute({ getParentRoute: () => shellRoute, path: "/apps/$appId", component: AppPage });
const knowledgeBaseRoute = createRoute({ getParentRoute: () => shellRoute, path: "/knowledge/$kbId", component: KnowledgeBasePage });
const documentRoute = createRoute({ getParentRoute: () => shellRoute, path: "/knowledge/$kbId/documents/$documentId", component: DocumentPage });
const memoryStoreRoute = createRoute({ getParentRoute: () => shellRoute, path: "/memory/$memoryId", component: MemoryStorePage });

const routeTree = rootRoute.addChildren([
  signInRoute,
  shellRoute.addChildren([
    page("/", HomePage),
    page("/apps", AppListPage),
    appRoute,
    page("/knowledge", KnowledgeListPage),
    knowledgeBaseRoute,
    documentRoute,
    page("/memory", MemoryListPage),
    page("/mcp-services", McpServicesPage),
    memoryStoreRoute,
    page("/workspaces", WorkspaceManagementPage),
    page("/members", MembersPage),
    page("/users", UsersPage),
    page("/api-keys", ApiKeysPage),
    page("/access-keys", AccessKeysPage),
    page("/logs", LogsPage),
    page("/providers", ProvidersPage),
  ]),
]);

function RouteError({ error, reset }: { error: unknown; reset: () => void }) {
  return (
    <Center p="xl">
      <Stack w="100%" maw={640}>
        <ErrorState error={error} what="this page" onRetry={reset} />
      </Stack>
    </Center>
  );
}

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true, defaultErrorComponent: RouteError });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
