import { Button, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import type { Access } from "../../auth/use-access";
import { FormModal } from "../../components/form-modal";
import { useFormSubmit } from "../../components/use-form-submit";
import { WriteGuard } from "../../components/write-guard";

/** Publish with an optional note; `onPublish` saves unsaved edits first. `access` is the user's app.publish access. */
export function PublishButton({ onPublish, access }: { onPublish: (note: string) => Promise<void>; access: Access }) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useFormSubmit();
  const [note, setNote] = useState("");
  const submit = async () => {
    await onPublish(note.trim());
    setNote("");
    close();
  };
  return (
    <>
      <WriteGuard access={access}>
        <Button onClick={open} disabled={!access.allowed} data-testid="publish">
          Publish
        </Button>
      </WriteGuard>
      <FormModal
        opened={opened}
        onClose={close}
        title="Publish a new version"
        form={form}
        onSubmit={submit}
        errorTestId="publish-error"
        submitLabel="Publish"
        submitTestId="publish-confirm"
      >
        <Text size="sm">The draft (saved first if you changed it) becomes the next version. New API calls use it right away.</Text>
        <TextInput
          label="Note"
          placeholder="What changed (optional)"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-autofocus
        />
      </FormModal>
    </>
  );
}
