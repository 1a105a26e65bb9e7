import { useState } from "react";
import { errorMessage } from "./query-state";

/**
 * Busy flag and error text of one dialog action. Every form dialog of the console runs its submit the
 * same way: clear the old error, await the call, show the failure inline and keep the dialog open.
 * `setError` stays exposed because dialogs decide themselves when a stale error is dropped (on open,
 * on a new subject), and that timing differs between them.
 */
export function useFormSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export type FormSubmit = ReturnType<typeof useFormSubmit>;
