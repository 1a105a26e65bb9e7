import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { Member, MemberRole, Page, Region, Workspace } from "./types";

export const regionsQuery = queryOptions({
  queryKey: ["regions"],
  queryFn: ({ signal }) => api<{ items: Region[] }>("/regions", { signal }),
  staleTime: 5 * 60_000,
});

/** Workspaces the user may switch to: joined ones, or all of them (`all`) for Workspace Management. */
export const workspacesQuery = (all: boolean) =>
  queryOptions({
    queryKey: ["workspaces", { all }],
    queryFn: ({ signal }) => api<Page<Workspace>>("/workspaces", { query: { limit: 200, ...(all ? { all: true } : {}) }, signal }),
    retry: false,
  });

export const workspaceQuery = (id: string) =>
  queryOptions({
    queryKey: ["workspace", id],
    queryFn: ({ signal }) => api<Workspace>(`/workspaces/${encodeURIComponent(id)}`, { signal }),
  });

export const createWorkspace = (name: string, region?: string) =>
  api<Workspace>("/workspaces", { method: "POST", body: { name, ...(region ? { region } : {}) } });
export const renameWorkspace = (id: string, name: string) => api<Workspace>(`/workspaces/${encodeURIComponent(id)}`, { method: "PATCH", body: { name } });
export const deleteWorkspace = (id: string) => api<{ ok: true }>(`/workspaces/${encodeURIComponent(id)}`, { method: "DELETE" });

export const membersQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["members", workspaceId],
    queryFn: ({ signal }) => api<{ items: Member[] }>(`/workspaces/${encodeURIComponent(workspaceId)}/members`, { signal }),
  });

export const setMember = (workspaceId: string, userId: string, role: MemberRole) =>
  api<Member>(`/workspaces/${encodeURIComponent(workspaceId)}/members`, { method: "POST", body: { userId, role } });
export const removeMember = (workspaceId: string, userId: string) =>
  api<{ ok: true }>(`/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" });
