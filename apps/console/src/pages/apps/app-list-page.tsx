import { ActionIcon, Button, Center, Group, SegmentedControl, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue, useDisclosure, useLocalStorage, useMediaQuery } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { appsQuery } from "../../api/app-api";
import type { App, AppType } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { Pager } from "../../components/data-table";
import { GridIcon, ListIcon, SearchIcon } from "../../components/icons";
import { CreateButton, PageHeader } from "../../components/page-header";
import { usePaging } from "../../components/paged-table";
import { QueryBoundary } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { useWorkspace } from "../../layout/workspace-context";
import { plural } from "../../lib/plural";
import { AppCards } from "./app-cards";
import { AppTable } from "./app-table";
import { CreateAppModal } from "./create-app-modal";
import { RenameAppModal } from "./rename-app-modal";

const PAGE_SIZE = 20;

export function AppListPage() {
  const { current } = useWorkspace();
  const [search, setSearch] = useState("");
  const [name] = useDebouncedValue(search.trim(), 250);
  const [type, setType] = useState<"all" | AppType>("all");
  const paging = usePaging(PAGE_SIZE);
  const [chosenView, setView] = useLocalStorage<"list" | "cards">({ key: "appstudio.appView", defaultValue: "list" });
  // A table does not fit a phone; narrow windows always get cards.
  const narrow = useMediaQuery("(max-width: 36em)") ?? false;
  const view = narrow ? "cards" : chosenView;
  const [createOpened, create] = useDisclosure(false);
  const [renaming, setRenaming] = useState<App>();
  const canCreate = useAccess("app.write", current.id);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are the trigger: any change of them goes back to the first page
  useEffect(() => {
    paging.setPage(1);
  }, [name, type, current.id]);
  const apps = useQuery(
    appsQuery({ workspaceId: current.id, name: name || undefined, type: type === "all" ? undefined : type, limit: PAGE_SIZE, offset: paging.offset }),
  );

  return (
    <Stack data-testid="app-management-page">
      <PageHeader
        title="App Management"
        description={`Agent and workflow apps of ${current.name}. Copy an App ID to call the app through the API.`}
        actions={
          <WriteGuard access={canCreate}>
            <CreateButton onClick={create.open} testId="create-app" disabled={!canCreate.allowed}>
              Create app
            </CreateButton>
          </WriteGuard>
        }
      />
      <Group gap="sm" wrap="wrap">
        <TextInput
          aria-label="Search apps by name"
          placeholder="Search by name"
          leftSection={<SearchIcon size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: "100%", xs: 260 }}
          data-testid="app-search"
        />
        <SegmentedControl
          aria-label="Filter by type"
          value={type}
          onChange={(v) => setType(v as "all" | AppType)}
          data={[
            { value: "all", label: "All" },
            { value: "agent", label: "Agents" },
            { value: "workflow", label: "Workflows" },
          ]}
          data-testid="app-type-filter"
        />
        <Group gap={4} ml="auto" visibleFrom="xs">
          <Tooltip label="List view">
            <ActionIcon variant={view === "list" ? "filled" : "default"} aria-label="List view" aria-pressed={view === "list"} onClick={() => setView("list")}>
              <ListIcon size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Card view">
            <ActionIcon
              variant={view === "cards" ? "filled" : "default"}
              aria-label="Card view"
              aria-pressed={view === "cards"}
              onClick={() => setView("cards")}
            >
              <GridIcon size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <QueryBoundary query={apps} what="apps">
        {(data) =>
          data.items.length === 0 ? (
            <Center py="xl" data-testid="apps-empty">
              <Stack align="center" gap="xs">
                <Text c="dimmed">{name || type !== "all" ? "No app matches these filters." : "No apps in this workspace yet."}</Text>
                {!name && type === "all" && canCreate.allowed ? (
                  <Button variant="light" onClick={create.open}>
                    Create the first app
                  </Button>
                ) : null}
              </Stack>
            </Center>
          ) : (
            <Stack>
              {view === "list" ? <AppTable apps={data.items} onRename={setRenaming} /> : <AppCards apps={data.items} onRename={setRenaming} />}
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {plural(data.total, "app")}
                </Text>
                <Pager total={data.total} pageSize={PAGE_SIZE} page={paging.page} onChange={paging.setPage} />
              </Group>
            </Stack>
          )
        }
      </QueryBoundary>
      <CreateAppModal workspaceId={current.id} opened={createOpened} onClose={create.close} />
      <RenameAppModal app={renaming} onClose={() => setRenaming(undefined)} />
    </Stack>
  );
}
