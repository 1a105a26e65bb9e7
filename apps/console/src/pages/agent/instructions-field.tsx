import { Badge, Box, Group, Paper, Text, Textarea } from "@mantine/core";
import { extractVariables, segmentVariables } from "../../lib/variables";

/** Instructions with `${variables}`: edited as text, previewed with the variables highlighted and listed. */
export function InstructionsField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const variables = extractVariables(value);
  return (
    <Box>
      <Textarea
        label="Instructions"
        description="The system prompt. Use ${name} for values a caller passes in biz_params.user_prompt_params."
        autosize
        minRows={5}
        maxRows={18}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        data-testid="agent-instructions"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
      />
      {variables.length > 0 ? (
        <Paper withBorder p="xs" mt={6} bg="var(--mantine-color-gray-light)" data-testid="instructions-preview">
          <Group gap={6} mb={6}>
            <Text size="xs" fw={600}>
              Variables
            </Text>
            {variables.map((v) => (
              <Badge key={v} size="sm" variant="light" color="violet" data-testid="instruction-variable">
                {v}
              </Badge>
            ))}
          </Group>
          <Text size="xs" style={{ whiteSpace: "pre-wrap", fontFamily: "var(--mantine-font-family-monospace)" }} lineClamp={8}>
            {segmentVariables(value).map((s, i) =>
              s.variable ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity of their own; the list is rebuilt whole from the text
                <mark key={i} style={{ background: "var(--mantine-color-violet-light)", color: "var(--mantine-color-violet-light-color)", borderRadius: 3 }}>
                  {s.text}
                </mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <span key={i}>{s.text}</span>
              ),
            )}
          </Text>
        </Paper>
      ) : null}
    </Box>
  );
}
