import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";

/** The AccessKeys of `userId`, or the signed-in user's own when absent. */
export const accessKeysQuery = (userId?: string) =>
  queryOptions({
    queryKey: ["access-keys", userId ?? "me"],
    queryFn: ({ signal }) => api((c) => c.listAccessKeys(userId ? { userId } : {}), { signal }),
  });

export const createAccessKey = (userId?: string) => api((c) => c.createAccessKey(userId ? { userId } : {}));
export const setAccessKeyDisabled = (id: string, disabled: boolean) => api((c) => (disabled ? c.disableAccessKey(id) : c.enableAccessKey(id)));
export const deleteAccessKey = (id: string) => api((c) => c.deleteAccessKey(id));
