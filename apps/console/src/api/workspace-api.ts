import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { MemberRole } from "./types";

export const regionsQuery = queryOptions({
  queryKey: ["regions"],
  queryFn: ({ signal }) => api((c) => c.listRegions(), { signal }),
  staleTime: 5 * 60_000,
});

/** Workspaces the user may switch to: joined ones, or all of them (`all`) for Workspace Management. */
export const workspacesQuery = (all: boolean) =>
  queryOptions({
    queryKey: ["workspaces", { all }],
    queryFn: ({ signal }) => api((c) => c.listWorkspaces({ limit: 200, ...(all ? { all: true } : {}) }), { signal }),
    retry: false,
  });

export const createWorkspace = (name: string, region?: string) => api((c) => c.createWorkspace({ name, ...(region ? { region } : {}) }));
export const renameWorkspace = (id: string, name: string) => api((c) => c.renameWorkspace(id, name));
export const deleteWorkspace = (id: string) => api((c) => c.deleteWorkspace(id));

export const membersQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["members", workspaceId],
    queryFn: ({ signal }) => api((c) => c.listMembers(workspaceId), { signal }),
  });

export const setMember = (workspaceId: string, userId: string, role: MemberRole) => api((c) => c.setMember(workspaceId, { userId, role }));
export const removeMember = (workspaceId: string, userId: string) => api((c) => c.removeMember(workspaceId, userId));
