import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { Policy, WhoAmI } from "./types";

/**
 * The signed-in user with what they may do. Refetched on focus, every 30 s and after any refusal
 * (see main.tsx), so granted or withdrawn policies and memberships show without a reload.
 */
export const whoamiQuery = queryOptions({
  queryKey: ["whoami"],
  queryFn: ({ signal }) => api((c) => c.whoami(), { signal, isWhoami: true }),
  staleTime: 5_000,
  refetchOnWindowFocus: true,
  refetchInterval: 30_000,
  retry: false,
});

export const signIn = (loginName: string, password: string): Promise<WhoAmI> => api(async (c) => (await c.signIn(loginName, password)).whoAmI);
export const signOut = () => api((c) => c.signOut());

export const policiesQuery = queryOptions({
  queryKey: ["policies"],
  queryFn: ({ signal }) => api((c) => c.listPolicies(), { signal }),
  staleTime: Infinity,
});

export const usersQuery = (search = "", offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["users", { search, offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listUsers({ ...(search ? { search } : {}), offset, limit }), { signal }),
  });

export interface CreateUserInput {
  loginName: string;
  displayName?: string;
  password: string;
  policies?: Policy[];
}
export const createUser = (input: CreateUserInput) => api((c) => c.createUser(input));

export interface UpdateUserInput {
  displayName?: string;
  disabled?: boolean;
  password?: string;
  policies?: Policy[];
}
export const updateUser = (id: string, input: UpdateUserInput) => api((c) => c.updateUser(id, input));
export const deleteUser = (id: string) => api((c) => c.deleteUser(id));
