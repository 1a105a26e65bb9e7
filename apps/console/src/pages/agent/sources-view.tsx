import { Badge, Group, Paper, Spoiler, Stack, Text } from "@mantine/core";
import { Fragment } from "react";
import type { DocReference } from "../../api/types";
import { splitCitations } from "../../lib/citations";

/** The answer's text with `<ref>[n]</ref>` markers shown as small citation badges. */
export function AnswerText({ text }: { text: string }) {
  return (
    <>
      {splitCitations(text).map((part, i) =>
        "citation" in part ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, recomputed together
          <Badge key={i} size="xs" variant="light" tt="none" mx={2} style={{ verticalAlign: "super" }} data-testid="answer-citation">
            {part.citation}
          </Badge>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, recomputed together
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

/** Where the answer came from: document, page and the cited text of each `doc_references` entry. */
export function SourcesView({ sources }: { sources: DocReference[] }) {
  if (sources.length === 0) return null;
  return (
    <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-default-hover)" data-testid="playground-sources">
      <Stack gap={6}>
        <Text size="xs" fw={600}>
          Sources ({sources.length})
        </Text>
        {sources.map((ref) => {
          const pages = ref.page_number ?? [];
          return (
            <Stack
              key={`${ref.doc_id}:${ref.index_id}`}
              gap={2}
              data-testid="playground-source"
              data-doc-name={ref.doc_name}
              data-doc-id={ref.doc_id}
              data-page={pages.join(",")}
            >
              <Group gap={6} wrap="nowrap">
                <Badge size="xs" variant="filled" tt="none">
                  {ref.index_id}
                </Badge>
                <Text size="xs" fw={600} truncate data-testid="source-doc-name">
                  {ref.doc_name}
                </Text>
                {pages.length > 0 ? (
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} data-testid="source-page">
                    page {pages.join(", ")}
                  </Text>
                ) : null}
                {ref.title && ref.title !== ref.doc_name ? (
                  <Text size="xs" c="dimmed" truncate>
                    · {ref.title}
                  </Text>
                ) : null}
              </Group>
              <Spoiler maxHeight={58} showLabel="more" hideLabel="less" styles={{ control: { fontSize: 12 } }}>
                <Text size="xs" style={{ whiteSpace: "pre-wrap" }} data-testid="source-text">
                  {ref.text}
                </Text>
              </Spoiler>
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}
