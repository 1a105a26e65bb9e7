import { Alert, Anchor, AppShell, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { signOut } from "../api/account-api";
import { providerStatusQuery } from "../api/provider-api";
import { RequireSession, useSession } from "../auth/require-session";
import { AppsIcon, BookIcon, BuildingIcon, ChartIcon, HomeIcon, KeyIcon, MemoryIcon, PlugIcon, UserIcon, UsersIcon } from "../components/icons";
import { TopBar } from "./top-bar";
import { WorkspaceProvider } from "./workspace-context";

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  testId: string;
  show?: (me: ReturnType<typeof useSession>) => boolean;
}

const NAV: NavItem[] = [
  { to: "/", label: "Home", icon: <HomeIcon />, testId: "nav-home" },
  { to: "/apps", label: "App Management", icon: <AppsIcon />, testId: "nav-apps" },
  { to: "/knowledge", label: "Knowledge", icon: <BookIcon />, testId: "nav-knowledge" },
  { to: "/memory", label: "Memory", icon: <MemoryIcon />, testId: "nav-memory" },
  { to: "/api-keys", label: "API keys", icon: <KeyIcon />, testId: "nav-api-keys" },
  { to: "/members", label: "Members", icon: <UsersIcon />, testId: "nav-members" },
  { to: "/logs", label: "Logs & usage", icon: <ChartIcon />, testId: "nav-logs" },
  { to: "/users", label: "Users & policies", icon: <UserIcon />, testId: "nav-users", show: (me) => me.canManageAllWorkspaces },
  { to: "/providers", label: "Model providers", icon: <PlugIcon />, testId: "nav-providers", show: (me) => me.superAdmin },
  { to: "/workspaces", label: "Workspace Management", icon: <BuildingIcon />, testId: "nav-workspaces" },
];

function ProviderBanner() {
  const me = useSession();
  const status = useQuery(providerStatusQuery);
  if (!status.data || status.data.configured) return null;
  return (
    <Alert color="yellow" title="No model provider configured" mb="md" data-testid="provider-banner">
      <Text size="sm">{status.data.message}</Text>
      {me.superAdmin ? (
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
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const isActive = (to: string) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <TopBar navOpened={opened} toggleNav={toggle} onSignOut={onSignOut} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((item) => item.show?.(me) ?? true).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={item.icon}
              active={isActive(item.to)}
              onClick={close}
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
