import { Button, type ButtonProps, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { FormError, ModalActions } from "./form-modal";
import { useFormSubmit } from "./use-form-submit";

interface ConfirmButtonProps extends ButtonProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  children: ReactNode;
  testId?: string;
  "aria-label"?: string;
}

/** A button that asks first, runs the action, and shows its error in the dialog. */
export function ConfirmButton({ title, message, confirmLabel, onConfirm, children, testId, color = "red", ...rest }: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useFormSubmit();
  const confirm = async () => {
    await onConfirm();
    close();
  };
  return (
    <>
      <Button color={color} variant="subtle" size="xs" onClick={open} data-testid={testId} {...rest}>
        {children}
      </Button>
      {/* No <form> here: there is nothing to fill in, and Enter must not confirm a destructive action. */}
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          <FormError error={form.error} />
          <ModalActions onCancel={close}>
            <Button color={color} loading={form.busy} onClick={() => void form.run(confirm)} data-testid="confirm-action">
              {confirmLabel}
            </Button>
          </ModalActions>
        </Stack>
      </Modal>
    </>
  );
}
