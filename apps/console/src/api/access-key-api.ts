import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";

/** An AccessKey pair for Alibaba Cloud's signed OpenAPI; listings never carry the secret. */
export interface AccessKey {
  id: string;
  userId: string;
  status: "Active" | "Inactive";
  createdAt: string;
  lastUsedAt: string | null;
}

/** The AccessKeys of `userId`, or the signed-in user's own when absent. */
export const accessKeysQuery = (userId?: string) =>
  queryOptions({
    queryKey: ["access-keys", userId ?? "me"],
    queryFn: ({ signal }) => api<{ items: AccessKey[] }>("/access-keys", { query: { userId }, signal }),
  });

export const createAccessKey = (userId?: string) =>
  api<{ accessKey: AccessKey; secret: string }>("/access-keys", { method: "POST", body: userId ? { userId } : {} });
export const setAccessKeyDisabled = (id: string, disabled: boolean) =>
  api<AccessKey>(`/access-keys/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`, { method: "POST" });
export const deleteAccessKey = (id: string) => api<{ ok: true }>(`/access-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
