import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "./query-state";

/**
 * Runs one item of a row's action menu, then refreshes the list. A menu has no room for an inline
 * error, so a failure is shown in a browser alert instead.
 */
export function useRowAction(queryKey: QueryKey) {
  const queryClient = useQueryClient();
  return async (action: () => Promise<unknown>) => {
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey });
    } catch (e) {
      window.alert(errorMessage(e));
    }
  };
}
