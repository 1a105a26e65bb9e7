import { Alert, Badge, Modal, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { listMcpServiceTools } from "../../api/mcp-api";
import type { McpService } from "../../api/types";
import { errorMessage, LoadingState } from "../../components/query-state";

/** The connection test: connects now and lists the server's tools, marking those apps may use. */
export function McpToolsModal({ service, onClose }: { service: McpService | undefined; onClose: () => void }) {
  const listing = useQuery({
    queryKey: ["mcp-service-tools", service?.id],
    queryFn: () => listMcpServiceTools(service?.id ?? ""),
    enabled: service !== undefined,
    gcTime: 0,
    staleTime: 0,
  });
  return (
    <Modal opened={service !== undefined} onClose={onClose} title={`Tools of ${service?.name ?? ""}`} size="lg">
      {listing.isPending ? (
        <LoadingState label="Connecting…" />
      ) : listing.isError ? (
        <Alert color="red" title="Could not test the service" data-testid="mcp-tools-error">
          {errorMessage(listing.error)}
        </Alert>
      ) : listing.data.ok ? (
        <Stack data-testid="mcp-tools-result">
          <Text size="sm" c="dimmed">
            Connected in {listing.data.latencyMs} ms.
          </Text>
          <Table aria-label={`Tools of ${service?.name ?? ""}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tool</Table.Th>
                <Table.Th>Apps may use it</Table.Th>
                <Table.Th>Description</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(listing.data.tools ?? []).map((t) => (
                <Table.Tr key={t.name} data-testid="mcp-tool-row" data-tool-name={t.name} data-allowed={t.allowed}>
                  <Table.Td>
                    <code>{t.name}</code>
                  </Table.Td>
                  <Table.Td>
                    {t.allowed ? (
                      <Badge color="teal" variant="light">
                        yes
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        no
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{t.description}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : (
        <Alert color="red" title="Connection failed" data-testid="mcp-tools-error">
          {listing.data.error}
        </Alert>
      )}
    </Modal>
  );
}
