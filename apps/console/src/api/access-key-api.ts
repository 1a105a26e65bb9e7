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

export const accessKeysQuery = queryOptions({
  queryKey: ["access-keys"],
  queryFn: ({ signal }) => api<{ items: AccessKey[] }>("/access-keys", { signal }),
});

export const createAccessKey = () => api<{ accessKey: AccessKey; secret: string }>("/access-keys", { method: "POST", body: {} });
export const setAccessKeyDisabled = (id: string, disabled: boolean) =>
  api<AccessKey>(`/access-keys/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`, { method: "POST" });
export const deleteAccessKey = (id: string) => api<{ ok: true }>(`/access-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
