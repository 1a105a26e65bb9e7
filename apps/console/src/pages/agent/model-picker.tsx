import { Autocomplete } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { providerModelsQuery } from "../../api/provider-api";

/**
 * The Model field: type to search the models the configured providers list, grouped by provider.
 * Any typed ID is still accepted (a provider may serve models it does not list).
 */
export function ModelPicker({ value, onChange, error, workspaceId }: { value: string; onChange: (v: string) => void; error?: string; workspaceId: string }) {
  const groups = useQuery(providerModelsQuery(workspaceId));
  const data = (groups.data?.items ?? []).filter((g) => g.models.length > 0).map((g) => ({ group: g.provider, items: g.models }));
  return (
    <Autocomplete
      label="Model"
      description={
        data.length > 0 ? "Search the models your providers list, or type any model ID a provider serves." : "The model ID your provider knows, e.g. qwen-plus."
      }
      placeholder="Search or type a model ID"
      required
      data={data}
      limit={200}
      maxDropdownHeight={280}
      value={value}
      onChange={onChange}
      error={error}
      data-testid="agent-model"
    />
  );
}
