import { Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import type { Access } from "../auth/use-access";

/**
 * Wraps a write action's control: when the user may not write, a tooltip names the role it needs.
 * The caller disables the control itself (`disabled={!access.allowed}`); the span is there because
 * a disabled button fires no mouse events, so it could not show a tooltip on its own.
 */
export function WriteGuard({ access, children }: { access: Access; children: ReactNode }) {
  if (access.allowed) return <>{children}</>;
  return (
    <Tooltip label={access.reason} withArrow multiline w={260}>
      <span style={{ display: "inline-block" }} data-testid="write-denied">
        {children}
      </span>
    </Tooltip>
  );
}
