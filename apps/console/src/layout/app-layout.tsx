import { Alert, Anchor, AppShell, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { signOut } from "../api/account-api";
import { providerStatusQuery } from "../api/provider-api";
import { type Action, accessTo } from "../auth/access";
import { RequireSession, useSession } from "../auth/require-session";
import { AppsIcon, BookIcon, BuildingIcon, ChartIcon, HomeIcon, KeyIcon, LockIcon, MemoryIcon, PlugIcon, UserIcon, UsersIcon } from "../components/icons";
import { TopBar } from "./top-bar";
import { useWorkspace, WorkspaceProvider } from "./workspace-context";

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  testId: string;
  /** The action that the page needs in the current workspace; the item is hidden without it. */
  needs?: Action;
}

const NAV: NavItem[] = [
  { to: "/", label: "Home", icon: <HomeIcon />, testId: "nav-home" },
  { to: "/apps", label: "App Management", icon: <AppsIcon />, testId: "nav-apps", needs: "app.read" },
  { to: "/knowledge", label: "Knowledge", icon: <BookIcon />, testId: "nav-knowledge", needs: "knowledge.read" },
  { to: "/memory", label: "Memory", icon: <MemoryIcon />, testId: "nav-memory", needs: "memory.read" },
  { to: "/mcp-services", label: "MCP services", icon: <PlugIcon />, testId: "nav-mcp", needs: "mcp.read" },
  { to: "/api-keys", label: "API keys", icon: <KeyIcon />, testId: "nav-api-keys", needs: "apikey.read" },
  { to: "/access-keys", label: "AccessKeys", icon: <LockIcon />, testId: "nav-access-keys", needs: "accesskey.manage-own" },
  { to: "/members", label: "Members", icon: <UsersIcon />, testId: "nav-members", needs: "member.list" },
  { to: "/logs", label: "Logs & usage", icon: <ChartIcon />, testId: "nav-logs", needs: "calllog.read" },
  { to: "/users", label: "Users & policies", icon: <UserIcon />, testId: "nav-users", needs: "user.list" },
  { to: "/providers", label: "Model providers", icon: <PlugIcon />, testId: "nav-providers", needs: "provider.manage" },
  { to: "/workspaces", label: "Workspace Management", icon: <BuildingIcon />, testId: "nav-workspaces", needs: "workspace.list-all" },
];

/** Warns on every page but Model providers, which says the same in its own status box. */
function ProviderBanner() {
  const me = useSession();
  const status = useQuery(providerStatusQuery);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!status.data || status.data.configured || pathname === "/providers") return null;
  return (
    <Alert color="yellow" title="No model provider configured" mb="md" data-testid="provider-banner">
      <Text size="sm">{status.data.message}</Text>
      {accessTo(me, "provider.manage").allowed ? (
        <Anchor component={Link} to="/providers" size="sm">
          Add a model provider
        </Anchor>
      ) : (
        <Text size="sm">Ask a super administrator to add one.</Text>
      )}
    </Alert>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const me = useSession();
  const { current } = useWorkspace();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const isActive = (to: string) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <TopBar navOpened={opened} toggleNav={toggle} onSignOut={onSignOut} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((item) => !item.needs || accessTo(me, item.needs, current.id).allowed).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={item.icon}
              active={isActive(item.to)}
              onClick={close}
              // One line per item: a wrapped "Workspace Management" reads as two entries.
              styles={{ label: { whiteSpace: "nowrap" } }}
              data-testid={item.testId}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <ProviderBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** Everything behind sign-in: session gate, current workspace, top bar and navigation. */
export function AppLayout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const doSignOut = async () => {
    try {
      await signOut();
    } catch {
      // Signing out of an already expired session is fine; the cookie is gone either way.
    }
    await navigate({ to: "/sign-in", search: { redirect: undefined, expired: undefined } });
    queryClient.clear();
  };
  return (
    <RequireSession>
      <WorkspaceProvider onSignOut={() => void doSignOut()}>
        <Shell onSignOut={() => void doSignOut()} />
      </WorkspaceProvider>
    </RequireSession>
  );
}
