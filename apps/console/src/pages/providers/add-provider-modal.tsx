import { PasswordInput, TagsInput, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createProvider } from "../../api/provider-api";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export function AddProviderModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const [name, setName] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [models, setModels] = useState<string[]>([]);
  const reset = () => {
    setName("");
    setBaseUrl("");
    setApiKey("");
    setModels([]);
  };
  const submit = async () => {
    await createProvider({ name: name.trim(), baseUrl: baseUrl.trim(), models, ...(apiKey ? { apiKey } : {}) });
    await queryClient.invalidateQueries({ queryKey: ["providers"] });
    reset();
    onClose();
  };
  return (
    <FormModal
      opened={opened}
      // Dismissing the dialog forgets the typed secret; the other fields stay for another try.
      onClose={() => {
        setApiKey("");
        onClose();
      }}
      onCancel={onClose}
      title="Add model provider"
      size="lg"
      form={form}
      onSubmit={submit}
      formTestId="add-provider-form"
      submitLabel="Add"
      submitTestId="add-provider-submit"
      submitDisabled={models.length === 0}
    >
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
      <PasswordInput
        label="API key"
        description="Stored encrypted; never shown again."
        autoComplete="off"
        value={apiKey}
        onChange={(e) => setApiKey(e.currentTarget.value)}
        data-testid="provider-api-key"
      />
      <TagsInput
        label="Models"
        description="Model IDs apps may use (press Enter after each)"
        required
        value={models}
        onChange={setModels}
        data-testid="provider-models"
      />
    </FormModal>
  );
}
