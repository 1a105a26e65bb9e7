import { ActionIcon, Menu } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { deleteApp } from "../../api/app-api";
import type { App } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { errorMessage } from "../../components/query-state";

/** The per-app menu: open, rename, delete (with a confirm step). */
export function AppActions({ app, onRename }: { app: App; onRename: (app: App) => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const canRename = useAccess("app.write", app.workspaceId).allowed;
  const canDelete = useAccess("app.delete", app.workspaceId).allowed;
  const remove = async () => {
    try {
      await deleteApp(app.id);
      await queryClient.invalidateQueries({ queryKey: ["apps"] });
    } catch (e) {
      window.alert(errorMessage(e));
    }
  };
  return (
    <Menu position="bottom-end" withinPortal onClose={() => setConfirming(false)} closeOnItemClick={false}>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${app.name}`} data-testid="app-actions">
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void navigate({ to: "/apps/$appId", params: { appId: app.id } })}>Open</Menu.Item>
        {canRename ? (
          <Menu.Item onClick={() => onRename(app)} data-testid="app-rename">
            Rename
          </Menu.Item>
        ) : null}
        {!canDelete ? null : confirming ? (
          <Menu.Item color="red" onClick={() => void remove()} data-testid="app-delete-confirm">
            Really delete “{app.name}”?
          </Menu.Item>
        ) : (
          <Menu.Item color="red" onClick={() => setConfirming(true)} data-testid="app-delete">
            Delete…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
