import { Alert, Badge, Button, Code, Group, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteProvider, providerStatusQuery, providersQuery, testProvider } from "../../api/provider-api";
import type { Provider, ProviderTestResult } from "../../api/types";
import { ConfirmButton } from "../../components/confirm-button";
import { formatDateTime } from "../../components/format";
import { PlusIcon } from "../../components/icons";
import { PageHeader } from "../../components/page-header";
import { QueryBoundary, errorMessage } from "../../components/query-state";
import { AddProviderModal } from "./add-provider-modal";

function TestButton({ provider }: { provider: Provider }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProviderTestResult>();
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
          {result.ok ? `Connected${result.models ? `: ${result.models.length} models` : ""}` : result.error ?? "Failed"}
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
          <Button leftSection={<PlusIcon size={16} />} onClick={add.open} data-testid="add-provider">
            Add provider
          </Button>
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
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" data-testid="providers-table" aria-label="Model providers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Base URL</Table.Th>
                    <Table.Th>Models</Table.Th>
                    <Table.Th>API key</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>Test</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((p) => (
                    <Table.Tr key={p.id} data-testid="provider-row" data-provider-name={p.name}>
                      <Table.Td fw={500}>{p.name}</Table.Td>
                      <Table.Td>
                        <Code fz="xs">{p.baseUrl}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {p.models.map((m) => (
                            <Badge key={m} size="sm" variant="light">
                              {m}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{p.hasApiKey ? "set" : "—"}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{p.source === "config" ? "configuration" : `console, ${formatDateTime(p.createdAt)}`}</Text>
                      </Table.Td>
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
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryBoundary>
      <AddProviderModal opened={addOpened} onClose={add.close} />
    </Stack>
  );
}
