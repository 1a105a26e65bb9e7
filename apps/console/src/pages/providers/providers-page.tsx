import { Alert, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteProvider, providerStatusQuery, providersQuery, testProvider } from "../../api/provider-api";
import type { Provider, ProviderTestResult } from "../../api/types";
import { ConfirmButton } from "../../components/confirm-button";
import { DataTable, TextCell } from "../../components/data-table";
import { formatDateTime } from "../../components/format";
import { IdValue } from "../../components/id-value";
import { CreateButton, PageHeader } from "../../components/page-header";
import { errorMessage, QueryBoundary } from "../../components/query-state";
import { AddProviderModal } from "./add-provider-modal";

function TestButton({ provider }: { provider: Provider }) {
  const [busy, setBusy] = useState(false);
  // A failed request has no latency to report, so the shown outcome is only part of a test result.
  const [result, setResult] = useState<Pick<ProviderTestResult, "ok" | "models" | "error">>();
  const run = async () => {
    setBusy(true);
    try {
      setResult(await testProvider(provider.id));
    } catch (e) {
      setResult({ ok: false, error: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} align="flex-start">
      <Button size="xs" variant="light" loading={busy} onClick={() => void run()} data-testid="provider-test">
        Test connection
      </Button>
      {result ? (
        <Text size="xs" c={result.ok ? "teal" : "red"} data-testid="provider-test-result" data-ok={result.ok}>
          {result.ok ? `Connected${result.models ? `: ${result.models.length} models` : ""}` : (result.error ?? "Failed")}
        </Text>
      ) : null}
    </Stack>
  );
}

export function ProvidersPage() {
  const queryClient = useQueryClient();
  const providers = useQuery(providersQuery());
  const status = useQuery(providerStatusQuery);
  const [addOpened, add] = useDisclosure(false);

  return (
    <Stack data-testid="providers-page">
      <PageHeader
        title="Model providers"
        description="OpenAI-compatible endpoints that agent apps call: DashScope compatible mode, OpenAI, Ollama, vLLM…"
        actions={
          <CreateButton onClick={add.open} testId="add-provider">
            Add provider
          </CreateButton>
        }
      />
      {status.data ? (
        <Alert color={status.data.configured ? "teal" : "yellow"} title={status.data.configured ? "Ready" : "No model provider configured"}>
          {status.data.message}
        </Alert>
      ) : null}
      <QueryBoundary query={providers} what="model providers">
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">No provider yet. Add one so apps can answer.</Text>
          ) : (
            <DataTable
              minWidth={820}
              columns={["Name", "Base URL", "Models", "API key", "Source", "Test", null]}
              verticalSpacing="sm"
              data-testid="providers-table"
              aria-label="Model providers"
            >
              {data.items.map((p) => (
                <Table.Tr key={p.id} data-testid="provider-row" data-provider-name={p.name}>
                  <Table.Td fw={500}>{p.name}</Table.Td>
                  <Table.Td>
                    <IdValue url value={p.baseUrl} fz="xs" />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {p.models.map((m) => (
                        // Model IDs are case-sensitive: never show them in capitals.
                        <Badge key={m} size="sm" variant="light" tt="none">
                          {m}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{p.hasApiKey ? "set" : "—"}</Table.Td>
                  <TextCell>{p.source === "config" ? "configuration" : `console, ${formatDateTime(p.createdAt)}`}</TextCell>
                  <Table.Td>
                    <TestButton provider={p} />
                  </Table.Td>
                  <Table.Td>
                    {p.source === "api" ? (
                      <ConfirmButton
                        title={`Remove ${p.name}?`}
                        message="Apps whose model only this provider serves will fail until another provider offers it."
                        confirmLabel="Remove"
                        onConfirm={async () => {
                          await deleteProvider(p.id);
                          await queryClient.invalidateQueries({ queryKey: ["providers"] });
                        }}
                      >
                        Remove
                      </ConfirmButton>
                    ) : (
                      <Text size="xs" c="dimmed">
                        set in configuration
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryBoundary>
      <AddProviderModal opened={addOpened} onClose={add.close} />
    </Stack>
  );
}
