import "@mantine/core/styles.css";
import { createTheme, MantineProvider } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isApiError, setUnauthenticatedHandler } from "./api/client";
import { router } from "./router";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Client errors will not fix themselves; retry only what might (network, 5xx).
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});

// The session cookie expired or was revoked: go to the sign-in page and come back afterwards.
setUnauthenticatedHandler(() => {
  const location = router.state.location;
  // Without a known session this is a first visit; RequireSession sends it to sign-in quietly.
  if (location.pathname === "/sign-in" || queryClient.getQueryData(["whoami"]) === undefined) return;
  queryClient.clear();
  void router.navigate({ to: "/sign-in", search: { redirect: location.href, expired: "1" } });
});

const theme = createTheme({ primaryColor: "indigo", defaultRadius: "md" });

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
