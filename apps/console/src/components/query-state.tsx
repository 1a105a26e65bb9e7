import { Alert, Button, Center, Code, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { ApiError, isApiError } from "../api/client";
import { LockIcon } from "./icons";

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" data-testid="loading" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`);
    return fields.length > 0 ? `${error.message} (${fields.join("; ")})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The standard error block: 403s explain which permission is missing, 404s of new routes say so. */
export function ErrorState({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: string }) {
  if (isApiError(error, "InsufficientPermissions")) return <PermissionDenied message={error.message} />;
  const notLanded = isApiError(error) && error.status === 404 && error.message.startsWith("No route");
  return (
    <Alert
      color="red"
      title={notLanded ? `${what ?? "This feature"} is not available on this server yet` : `Could not load ${what ?? "this page"}`}
      data-testid="error-state"
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{notLanded ? "The server does not offer this API yet. Update appstudio and reload." : errorMessage(error)}</Text>
        {isApiError(error) && error.requestId ? (
          <Text size="xs" c="dimmed">
            Request ID <Code>{error.requestId}</Code>
          </Text>
        ) : null}
        {onRetry ? (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** An explicit "insufficient permissions" page; `policy` names what would grant access. */
export function PermissionDenied({ message, policy, children }: { message?: string; policy?: string; children?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" maw={560} gap="sm" data-testid="insufficient-permissions" role="alert">
        <LockIcon size={40} />
        <Title order={2}>Insufficient permissions</Title>
        {policy ? <Text ta="center">{policy}</Text> : null}
        {message ? (
          <Text ta="center" c="dimmed" size="sm">
            {message}
          </Text>
        ) : null}
        {children}
      </Stack>
    </Center>
  );
}

/** Renders loading / error / content for one query. */
export function QueryBoundary<T>({
  query,
  what,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError || query.data === undefined) return <ErrorState error={query.error} what={what} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
