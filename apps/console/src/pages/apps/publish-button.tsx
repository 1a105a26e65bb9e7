import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../components/query-state";

/** Publish with an optional note; `beforePublish` saves unsaved edits first. */
export function PublishButton({ onPublish, disabled }: { onPublish: (note: string) => Promise<void>; disabled?: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onPublish(note.trim());
      setNote("");
      close();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={open} disabled={disabled} data-testid="publish">
        Publish
      </Button>
      <Modal opened={opened} onClose={close} title="Publish a new version" centered>
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Text size="sm">The draft (saved first if you changed it) becomes the next version. New API calls use it right away.</Text>
            <TextInput label="Note" placeholder="What changed (optional)" maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
            {error ? (
              <Text c="red" size="sm" role="alert" data-testid="publish-error">
                {error}
              </Text>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-testid="publish-confirm">
                Publish
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
