import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { Region, Workspace } from "../api/types";
import { regionsQuery, workspacesQuery } from "../api/workspace-api";
import { useSession } from "../auth/require-session";
import { ErrorState, LoadingState } from "../components/query-state";

const STORAGE_KEY = "appstudio.workspaceId";

interface WorkspaceState {
  /** Workspaces the user can switch to (joined ones; all of them for administrators). */
  workspaces: Workspace[];
  regions: Region[];
  current: Workspace;
  setWorkspace: (id: string) => void;
  /** Switches to the region's default workspace (or its first visible one). */
  setRegion: (regionId: string) => void;
}

const WorkspaceContext = createContext<WorkspaceState | undefined>(undefined);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error("useWorkspace outside WorkspaceProvider");
  return state;
}

/**
 * The tab's own choice first (sessionStorage survives a reload but not other tabs' switching), then
 * the last choice in any tab (localStorage), so a reload never moves the user to another workspace.
 */
function readStored(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(id: string) {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, id);
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts until the next reload.
  }
}

function pickCurrent(workspaces: Workspace[], wanted: string | null): Workspace | undefined {
  return workspaces.find((w) => w.id === wanted) ?? workspaces.find((w) => w.isDefault) ?? workspaces[0];
}

export function WorkspaceProvider({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const me = useSession();
  const workspaces = useQuery(workspacesQuery(me.canManageAllWorkspaces));
  const regions = useQuery(regionsQuery);
  const [wanted, setWanted] = useState<string | null>(readStored);

  const setWorkspace = useCallback((id: string) => {
    setWanted(id);
    store(id);
  }, []);

  // Joined or left a workspace (whoami is refetched in the background): the switcher follows.
  const membershipKey = me.memberships.map((m) => `${m.workspaceId}:${m.role}`).join(",");
  const queryClient = useQueryClient();
  const firstMembershipKey = useRef(membershipKey);
  useEffect(() => {
    if (membershipKey === firstMembershipKey.current) return;
    firstMembershipKey.current = membershipKey;
    void queryClient.invalidateQueries({ queryKey: ["workspaces"] });
  }, [membershipKey, queryClient]);

  const items = workspaces.data?.items;
  const current = useMemo(() => (items ? pickCurrent(items, wanted) : undefined), [items, wanted]);

  const setRegion = useCallback(
    (regionId: string) => {
      const inRegion = (items ?? []).filter((w) => w.region === regionId);
      const target = inRegion.find((w) => w.isDefault) ?? inRegion[0];
      if (target) setWorkspace(target.id);
    },
    [items, setWorkspace],
  );

  const value = useMemo(
    () => (current && items ? { workspaces: items, regions: regions.data?.items ?? [], current, setWorkspace, setRegion } : undefined),
    [current, items, regions.data, setWorkspace, setRegion],
  );

  if (workspaces.isPending) return <LoadingState label="Loading workspaces…" />;
  if (workspaces.isError) {
    return (
      <Center p="xl">
        <Stack w="100%" maw={600}>
          <ErrorState error={workspaces.error} what="your workspaces" onRetry={() => void workspaces.refetch()} />
        </Stack>
      </Center>
    );
  }
  if (!value) {
    return (
      <Center p="xl" mih="60vh">
        <Stack align="center" maw={520} data-testid="no-workspace">
          <Title order={2}>No workspace yet</Title>
          <Text ta="center" c="dimmed">
            Signed in as {me.user.loginName}, you have not joined any workspace. Ask a workspace administrator to add you as a member.
          </Text>
          <Button variant="default" onClick={onSignOut}>
            Sign out
          </Button>
        </Stack>
      </Center>
    );
  }
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
