import { SegmentedControl, Text, Textarea, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { createApp } from "../../api/app-api";
import type { AppType } from "../../api/types";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";

export function CreateAppModal({ workspaceId, opened, onClose }: { workspaceId: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const [type, setType] = useState<AppType>("agent");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");

  const submit = async () => {
    const app = await createApp({ workspaceId, type, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
    await queryClient.invalidateQueries({ queryKey: ["apps"] });
    setName("");
    setDescription("");
    onClose();
    await navigate({ to: "/apps/$appId", params: { appId: app.id } });
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Create app"
      form={form}
      onSubmit={submit}
      formTestId="create-app-form"
      submitLabel="Create"
      submitTestId="create-app-submit"
    >
      <SegmentedControl
        aria-label="App type"
        value={type}
        onChange={(v) => setType(v as AppType)}
        data={[
          { value: "agent", label: "Agent" },
          { value: "workflow", label: "Workflow" },
        ]}
        data-testid="create-app-type"
      />
      <Text size="xs" c="dimmed">
        {type === "agent"
          ? "An agent answers with one model, your instructions and optional HTTP tools."
          : "A workflow runs a graph of nodes. It starts with a Start and an End node; add and connect nodes in the graph editor that opens next."}
      </Text>
      <TextInput
        label="Name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-testid="create-app-name"
        data-autofocus
      />
      <Textarea label="Description" maxLength={2000} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
    </FormModal>
  );
}
