import { Button, Group, Modal, PasswordInput, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { createProvider } from "../../api/provider-api";
import { errorMessage } from "../../components/query-state";

export function AddProviderModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [models, setModels] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const reset = () => {
    setName("");
    setBaseUrl("");
    setApiKey("");
    setModels([]);
    setError(undefined);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createProvider({ name: name.trim(), baseUrl: baseUrl.trim(), models, ...(apiKey ? { apiKey } : {}) });
      await queryClient.invalidateQueries({ queryKey: ["providers"] });
      reset();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={opened}
      onClose={() => {
        setApiKey("");
        onClose();
      }}
      title="Add model provider"
      centered
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} data-testid="add-provider-form">
        <Stack>
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="provider-name" data-autofocus />
          <TextInput
            label="Base URL"
            description="OpenAI-compatible endpoint, e.g. https://dashscope-intl.aliyuncs.com/compatible-mode/v1, https://api.openai.com/v1 or http://localhost:11434/v1"
            required
            type="url"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            data-testid="provider-base-url"
          />
          <PasswordInput label="API key" description="Stored encrypted; never shown again." autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} data-testid="provider-api-key" />
          <TagsInput label="Models" description="Model IDs apps may use (press Enter after each)" required value={models} onChange={setModels} data-testid="provider-models" />
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={models.length === 0} data-testid="add-provider-submit">
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
