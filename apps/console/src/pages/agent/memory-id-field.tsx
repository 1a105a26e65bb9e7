import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { memoriesQuery } from "../../api/memory-api";

/** The playground's `input.memory_id`: one of the workspace's memory stores, or none. */
export function MemoryIdField({ workspaceId, value, onChange }: { workspaceId: string; value: string | null; onChange: (id: string | null) => void }) {
  const memories = useQuery(memoriesQuery(workspaceId, 0, 200));
  const options = (memories.data?.items ?? []).map((m) => ({ value: m.id, label: m.description ? `${m.description} · ${m.id}` : m.id }));
  return (
    <Select
      size="xs"
      label="Memory ID"
      description="Long-term memory is on: the call recalls from this store and adds what it learns."
      placeholder={memories.isPending ? "Loading memory stores…" : options.length === 0 ? "No memory store yet (create one under Memory)" : "None"}
      searchable
      clearable
      data={options}
      value={value}
      onChange={onChange}
      error={memories.isError ? "Could not load the memory stores" : undefined}
      data-testid="playground-memory-id"
    />
  );
}
