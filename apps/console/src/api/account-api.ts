import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { Policy, User, WhoAmI } from "./types";

/**
 * The signed-in user with what they may do. Refetched on focus, every 30 s and after any refusal
 * (see main.tsx), so granted or withdrawn policies and memberships show without a reload.
 */
export const whoamiQuery = queryOptions({
  queryKey: ["whoami"],
  queryFn: ({ signal }) => api<WhoAmI>("/whoami", { signal }),
  staleTime: 5_000,
  refetchOnWindowFocus: true,
  refetchInterval: 30_000,
  retry: false,
});

export const signIn = (loginName: string, password: string) => api<WhoAmI>("/session", { method: "POST", body: { loginName, password } });
export const signOut = () => api<{ ok: true }>("/session", { method: "DELETE" });

export const policiesQuery = queryOptions({
  queryKey: ["policies"],
  queryFn: ({ signal }) => api<{ items: { name: Policy; description: string }[] }>("/policies", { signal }),
  staleTime: Infinity,
});

export const usersQuery = (search = "", offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["users", { search, offset, limit }],
    queryFn: ({ signal }) => api<{ items: User[]; total: number; limit: number; offset: number }>("/users", { query: { search, offset, limit }, signal }),
  });

export interface CreateUserInput {
  loginName: string;
  displayName?: string;
  password: string;
  policies?: Policy[];
}
export const createUser = (input: CreateUserInput) => api<User>("/users", { method: "POST", body: input });

export interface UpdateUserInput {
  displayName?: string;
  disabled?: boolean;
  password?: string;
  policies?: Policy[];
}
export const updateUser = (id: string, input: UpdateUserInput) => api<User>(`/users/${encodeURIComponent(id)}`, { method: "PATCH", body: input });
export const deleteUser = (id: string) => api<{ ok: true }>(`/users/${encodeURIComponent(id)}`, { method: "DELETE" });
