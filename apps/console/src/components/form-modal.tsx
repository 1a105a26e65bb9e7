import { Button, Group, Modal, type ModalProps, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { FormSubmit } from "./use-form-submit";

/** The inline failure of a dialog action; role=alert so screen readers announce it. */
export function FormError({ error, testId }: { error: string | undefined; testId?: string }) {
  if (!error) return null;
  return (
    <Text c="red" size="sm" role="alert" data-testid={testId}>
      {error}
    </Text>
  );
}

/** Cancel on the left of the dialog's primary button, which the caller supplies (submit or click). */
export function ModalActions({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      {children}
    </Group>
  );
}

interface FormModalProps {
  opened: boolean;
  /** Escape, the close button and a click outside. */
  onClose: () => void;
  /** The Cancel button; some dialogs clean up more on onClose than on Cancel, so it can differ. */
  onCancel?: () => void;
  title: ReactNode;
  size?: ModalProps["size"];
  form: FormSubmit;
  /** Runs through `form.run`, so a thrown error shows in the dialog and the dialog stays open. */
  onSubmit: () => Promise<unknown>;
  formTestId?: string;
  errorTestId?: string;
  submitLabel: ReactNode;
  submitTestId?: string;
  submitDisabled?: boolean;
  children: ReactNode;
}

/** A centered dialog around one form: fields, the inline error, then Cancel and the submit button. */
export function FormModal({
  opened,
  onClose,
  onCancel = onClose,
  title,
  size,
  form,
  onSubmit,
  formTestId,
  errorTestId,
  submitLabel,
  submitTestId,
  submitDisabled,
  children,
}: FormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size={size}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void form.run(onSubmit);
        }}
        data-testid={formTestId}
      >
        <Stack>
          {children}
          <FormError error={form.error} testId={errorTestId} />
          <ModalActions onCancel={onCancel}>
            <Button type="submit" loading={form.busy} disabled={submitDisabled} data-testid={submitTestId}>
              {submitLabel}
            </Button>
          </ModalActions>
        </Stack>
      </form>
    </Modal>
  );
}
