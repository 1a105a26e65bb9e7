import { Center, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation } from "@tanstack/react-router";
import { createContext, type ReactNode, useContext } from "react";
import { whoamiQuery } from "../api/account-api";
import { isApiError } from "../api/client";
import type { WhoAmI } from "../api/types";
import { ErrorState, LoadingState } from "../components/query-state";

const SessionContext = createContext<WhoAmI | undefined>(undefined);

export function useSession(): WhoAmI {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useSession outside RequireSession");
  return me;
}

/** Gate for every signed-in page: no session means the sign-in page, remembering where we were. */
export function RequireSession({ children }: { children: ReactNode }) {
  const query = useQuery(whoamiQuery);
  const location = useLocation();
  if (query.isPending) return <LoadingState label="Checking your session…" />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 401) {
      // While the router moves to the sign-in page this layout may render once more; do not
      // navigate again (that would nest redirect parameters forever).
      if (location.pathname === "/sign-in") return null;
      const redirect = location.href === "/" ? undefined : location.href;
      return <Navigate to="/sign-in" search={{ redirect, expired: undefined }} replace />;
    }
    // A failed background refresh (server restarting) keeps the session we already know.
    if (query.data) return <SessionContext.Provider value={query.data}>{children}</SessionContext.Provider>;
    return (
      <Center p="xl">
        <Stack maw={600} w="100%">
          <ErrorState error={query.error} what="your account" onRetry={() => void query.refetch()} />
        </Stack>
      </Center>
    );
  }
  return <SessionContext.Provider value={query.data}>{children}</SessionContext.Provider>;
}
