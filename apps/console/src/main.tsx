import "@mantine/core/styles.css";
import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager, MantineProvider, Modal } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isApiError, setRefusedHandler, setUnauthenticatedHandler } from "./api/client";
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

// A refusal means whoami is out of date (a policy or membership changed): fetch it again, so the
// buttons match what the server allows now.
setRefusedHandler(() => void queryClient.invalidateQueries({ queryKey: ["whoami"] }));

// The session cookie expired or was revoked: go to the sign-in page and come back afterwards.
setUnauthenticatedHandler(() => {
  const location = router.state.location;
  // Without a known session this is a first visit; RequireSession sends it to sign-in quietly.
  if (location.pathname === "/sign-in" || queryClient.getQueryData(["whoami"]) === undefined) return;
  queryClient.clear();
  void router.navigate({ to: "/sign-in", search: { redirect: location.href, expired: "1" } });
});

const theme = createTheme({
  primaryColor: "indigo",
  // Shade 6 under white button text misses WCAG AA contrast (4.3:1); 7 and 8 pass.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: "md",
  components: {
    // Every dialog's × gets a name screen readers can say.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close dialog" } } }),
  },
});

// Mantine's dimmed text and light-variant labels are too faint for many (axe: color-contrast);
// darker shades (lighter in dark mode) meet WCAG AA on every background the console uses.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    // Text of light badges and alerts in these colours is too pale on their tinted background.
    ...Object.fromEntries(
      ["teal", "green", "yellow", "orange", "lime"].map((c) => [
        `--mantine-color-${c}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${c}-9), black 30%)`,
      ]),
    ),
  },
  dark: {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    // Outline badges and buttons take their text colour from this; shade 8 is too dark on dark grey.
    ...Object.fromEntries(
      ["indigo", "blue", "gray", "teal", "green", "red", "orange", "yellow", "grape", "cyan", "lime"].map((c) => [
        `--mantine-color-${c}-outline`,
        `var(--mantine-color-${c}-4)`,
      ]),
    ),
  },
});

// "auto" follows the system preference until the user picks light or dark with the toggle.
const colorSchemeManager = localStorageColorSchemeManager({ key: "appstudio.colorScheme" });

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
