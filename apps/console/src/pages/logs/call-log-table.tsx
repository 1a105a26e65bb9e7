import { Badge, Code, Modal, ScrollArea, Stack, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import type { App, CallLog, Page } from "../../api/types";
import { DataTable, Pager, TextCell } from "../../components/data-table";
import { formatDateTime, formatNumber } from "../../components/format";

function CallDetail({ call, onClose, appName }: { call: CallLog | undefined; onClose: () => void; appName: string }) {
  return (
    <Modal opened={call !== undefined} onClose={onClose} title="Call" size="lg" centered>
      {call ? (
        <Stack gap="xs" data-testid="call-detail">
          <Text size="sm">
            {appName} · {call.source} · HTTP {call.status}
            {call.errorCode ? ` ${call.errorCode}` : ""} · {formatNumber(call.latencyMs)} ms
          </Text>
          <Text size="xs">
            request_id <Code>{call.requestId}</Code>
            {call.sessionId ? (
              <>
                {" "}
                session_id <Code>{call.sessionId}</Code>
              </>
            ) : null}
          </Text>
          <Text size="sm" fw={600}>
            Prompt
          </Text>
          <ScrollArea.Autosize mah={160}>
            <Code block>{call.prompt ?? "(not kept: content logging is off or past retention)"}</Code>
          </ScrollArea.Autosize>
          <Text size="sm" fw={600}>
            Answer
          </Text>
          <ScrollArea.Autosize mah={240}>
            <Code block>{call.answer ?? "(not kept)"}</Code>
          </ScrollArea.Autosize>
        </Stack>
      ) : null}
    </Modal>
  );
}

export function CallLogTable({
  page,
  apps,
  pageNumber,
  pageSize,
  onPage,
}: {
  page: Page<CallLog>;
  apps: App[];
  pageNumber: number;
  pageSize: number;
  onPage: (n: number) => void;
}) {
  const [open, setOpen] = useState<CallLog>();
  const name = (id: string | null) => (id ? (apps.find((a) => a.id === id)?.name ?? `${id.slice(0, 8)}…`) : "—");
  if (page.items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="call-logs-empty">
        No calls match these filters.
      </Text>
    );
  }
  return (
    <Stack>
      <DataTable
        minWidth={900}
        columns={["Time", "App", "Status", "Source", "Latency", "Tokens in / out", "Request ID"]}
        verticalSpacing="xs"
        striped
        data-testid="call-log-table"
        aria-label="Call log"
      >
        {page.items.map((c) => (
          <Table.Tr key={c.requestId} data-testid="call-log-row">
            <Table.Td>
              <UnstyledButton onClick={() => setOpen(c)} aria-label={`Details of call ${c.requestId}`}>
                <Text size="sm" td="underline">
                  {formatDateTime(c.startedAt)}
                </Text>
              </UnstyledButton>
            </Table.Td>
            <Table.Td>
              <Tooltip label={c.appId ?? "deleted app"}>
                <Text size="sm">{name(c.appId)}</Text>
              </Tooltip>
            </Table.Td>
            <Table.Td>
              <Badge color={c.status < 400 ? "teal" : "red"} variant="light">
                {c.status}
                {c.errorCode ? ` ${c.errorCode}` : ""}
              </Badge>
            </Table.Td>
            <TextCell>
              {c.source}
              {c.streamed ? " · SSE" : ""}
            </TextCell>
            <TextCell>{formatNumber(c.latencyMs)} ms</TextCell>
            <TextCell>
              {formatNumber(c.inputTokens)} / {formatNumber(c.outputTokens)}
            </TextCell>
            <Table.Td>
              <Code fz="xs">{c.requestId}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <CallDetail call={open} onClose={() => setOpen(undefined)} appName={name(open?.appId ?? null)} />
      <Pager total={page.total} pageSize={pageSize} page={pageNumber} onChange={onPage} />
    </Stack>
  );
}
