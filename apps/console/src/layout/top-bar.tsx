import { ActionIcon, Burger, Group, Menu, Select, Text, Tooltip, UnstyledButton, useMantineColorScheme } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, useNavigate } from "@tanstack/react-router";
import { accessTo } from "../auth/access";
import { useSession } from "../auth/require-session";
import { BuildingIcon, IdCardIcon, LogoutIcon, UserIcon } from "../components/icons";
import { ColorSchemeToggle } from "./color-scheme-toggle";
import { useWorkspace } from "./workspace-context";
import { WorkspaceIdDialog } from "./workspace-id-dialog";

export function TopBar({ navOpened, toggleNav, onSignOut }: { navOpened: boolean; toggleNav: () => void; onSignOut: () => void }) {
  const me = useSession();
  const { workspaces, regions, current, setWorkspace, setRegion } = useWorkspace();
  const [idOpened, idDialog] = useDisclosure(false);
  const navigate = useNavigate();
  const { colorScheme, setColorScheme } = useMantineColorScheme();

  const regionOptions = regions.length > 0 ? regions.map((r) => ({ value: r.id, label: r.name })) : [{ value: current.region, label: current.regionName }];
  const inRegion = workspaces.filter((w) => w.region === current.region);
  // "default (default)" says nothing twice: only names that do not say it already get the marker.
  const workspaceOptions = inRegion.map((w) => ({ value: w.id, label: w.isDefault && !/\bdefault\b/i.test(w.name) ? `${w.name} (default)` : w.name }));
  const canManageWorkspaces = accessTo(me, "workspace.list-all").allowed;

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
        <Text component={Link} to="/" fw={700} size="lg" visibleFrom="xs" style={{ textDecoration: "none", color: "inherit" }}>
          appstudio
        </Text>
        <Select
          aria-label="Region"
          data-testid="region-select"
          data={regionOptions}
          value={current.region}
          onChange={(value) => value && setRegion(value)}
          allowDeselect={false}
          w={130}
          size="xs"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          aria-label="Workspace"
          data-testid="workspace-switcher"
          data={workspaceOptions}
          value={current.id}
          onChange={(value) => {
            if (!value) return;
            setWorkspace(value);
            void navigate({ to: "/" });
          }}
          allowDeselect={false}
          searchable={workspaceOptions.length > 8}
          w={{ base: 150, sm: 220 }}
          size="xs"
          nothingFoundMessage="No workspace"
        />
      </Group>
      <Group gap={4} wrap="nowrap">
        <ColorSchemeToggle />
        {/* Tooltips open to the left: below, they would cover the page's own header buttons. */}
        <Tooltip label="Workspace ID" withArrow position="left">
          <ActionIcon variant="subtle" size="lg" aria-label="Show Workspace ID" data-testid="workspace-id-button" onClick={idDialog.open}>
            <IdCardIcon />
          </ActionIcon>
        </Tooltip>
        {canManageWorkspaces ? (
          <Tooltip label="Workspace Management" withArrow position="left">
            <ActionIcon component={Link} to="/workspaces" variant="subtle" size="lg" aria-label="Workspace Management" data-testid="workspace-management-link">
              <BuildingIcon />
            </ActionIcon>
          </Tooltip>
        ) : null}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <UnstyledButton aria-label={`Account menu for ${me.user.loginName}`} data-testid="user-menu" px={6} py={4}>
              <Group gap={6} wrap="nowrap">
                <UserIcon />
                <Text size="sm" visibleFrom="sm" data-testid="current-user">
                  {me.user.displayName || me.user.loginName}
                </Text>
              </Group>
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              {me.user.loginName}
              {me.user.isMain ? " · main account" : me.user.policies.length > 0 ? ` · ${me.user.policies.join(", ")}` : ""}
            </Menu.Label>
            {colorScheme !== "auto" ? (
              <Menu.Item onClick={() => setColorScheme("auto")} data-testid="color-scheme-auto">
                Follow the system's light or dark mode
              </Menu.Item>
            ) : null}
            <Menu.Item leftSection={<LogoutIcon size={14} />} onClick={onSignOut} data-testid="sign-out">
              Sign out
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <WorkspaceIdDialog workspace={current} opened={idOpened} onClose={idDialog.close} />
    </Group>
  );
}
