import { Alert, Badge, Button, Card, Fieldset, Grid, Group, List, Tabs, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { appQuery, publishApp, updateApp } from "../../api/app-api";
import { ApiError } from "../../api/client";
import type { AgentConfig, AppDetail, Workspace } from "../../api/types";
import { useAccess } from "../../auth/use-access";
import { errorMessage } from "../../components/query-state";
import { WriteGuard } from "../../components/write-guard";
import { extractVariables } from "../../lib/variables";
import { ApiCallPanel } from "../apps/api-call-panel";
import { PublishButton } from "../apps/publish-button";
import { VersionsPanel } from "../apps/versions-panel";
import { AgentConfigForm } from "./agent-config-form";
import { type AgentForm, type FormProblem, fromForm, sameConfig, toForm } from "./agent-form";
import { Playground } from "./playground";

function problemsOf(error: unknown): FormProblem[] {
  return error instanceof ApiError ? error.fields : [];
}

/** Agent app editor: draft form on the left; playground, API snippets and versions on the right. */
export function AgentEditor({ app, config, workspace }: { app: AppDetail; config: AgentConfig; workspace: Workspace }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<AgentForm>(() => toForm(config));
  const [saved, setSaved] = useState<AgentConfig>(config);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [localProblems, setLocalProblems] = useState<FormProblem[]>([]);
  const canWrite = useAccess("app.write", app.workspaceId);
  const canPublish = useAccess("app.publish", app.workspaceId);

  const { config: edited } = useMemo(() => fromForm(form), [form]);
  const dirty = !sameConfig(edited, saved);
  const variables = extractVariables(form.instructions);
  const problemMap = Object.fromEntries([...localProblems, ...problemsOf(error)].map((p) => [p.field.replace(/^config\./, ""), p.message]));

  const refresh = (detail: AppDetail) => {
    queryClient.setQueryData(["app", app.id], detail);
    void queryClient.invalidateQueries({ queryKey: ["apps"] });
    void queryClient.invalidateQueries({ queryKey: ["app", app.id, "versions"] });
  };

  /** Saves the draft when it changed; returns false when the form has problems. */
  const save = async (): Promise<boolean> => {
    const { config: next, problems } = fromForm(form);
    setLocalProblems(problems);
    setError(undefined);
    if (problems.length > 0) return false;
    if (sameConfig(next, saved)) return true;
    const detail = await updateApp(app.id, { config: next });
    setSaved(next);
    refresh(detail);
    return true;
  };

  const onSave = async () => {
    setBusy(true);
    try {
      await save();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onPublish = async (note: string) => {
    try {
      if (!(await save())) throw new Error("Fix the highlighted fields first.");
      refresh(await publishApp(app.id, note));
    } catch (e) {
      setError(e);
      throw e;
    }
  };

  const allProblems = [...localProblems, ...problemsOf(error)];
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 6 }} miw={0}>
        <Card withBorder padding="md">
          <Group justify="space-between" mb="md" wrap="wrap">
            <Group gap="xs">
              <Text fw={600}>Draft configuration</Text>
              {dirty ? (
                <Badge color="orange" variant="light" data-testid="unsaved-badge">
                  unsaved changes
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  saved
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              <WriteGuard access={canWrite}>
                <Button variant="default" onClick={() => void onSave()} loading={busy} disabled={!dirty || !canWrite.allowed} data-testid="save-draft">
                  Save draft
                </Button>
              </WriteGuard>
              <PublishButton onPublish={onPublish} access={canPublish} />
            </Group>
          </Group>
          {error || localProblems.length > 0 ? (
            <Alert color="red" mb="md" title="The draft was not saved" data-testid="save-error" role="alert">
              {error && allProblems.length === 0 ? <Text size="sm">{errorMessage(error)}</Text> : null}
              {allProblems.length > 0 ? (
                <List size="sm">
                  {allProblems.map((p) => (
                    <List.Item key={`${p.field}:${p.message}`}>
                      {p.field}: {p.message}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </Alert>
          ) : null}
          {canWrite.allowed ? null : (
            <Alert color="gray" mb="md" title="View only" data-testid="view-only">
              <Text size="sm">{canWrite.reason}</Text>
            </Alert>
          )}
          {/* A disabled fieldset disables every control of the form, Add tool included. */}
          <Fieldset variant="unstyled" disabled={!canWrite.allowed} p={0} data-testid="agent-config-fieldset">
            <AgentConfigForm form={form} onChange={setForm} problems={problemMap} workspaceId={app.workspaceId} />
          </Fieldset>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }} miw={0}>
        <Card withBorder padding="md">
          <Tabs defaultValue="playground">
            <Tabs.List mb="sm">
              <Tabs.Tab value="playground" data-testid="tab-playground">
                Playground
              </Tabs.Tab>
              <Tabs.Tab value="api" data-testid="tab-api-call">
                API call
              </Tabs.Tab>
              <Tabs.Tab value="versions" data-testid="tab-versions">
                Versions
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="playground">
              <Playground app={app} variables={variables} dirty={dirty} memoryEnabled={form.longTermMemory?.enabled ?? false} />
            </Tabs.Panel>
            <Tabs.Panel value="api">
              <ApiCallPanel app={app} workspace={workspace} variables={variables} />
            </Tabs.Panel>
            <Tabs.Panel value="versions">
              <VersionsPanel
                app={app}
                onRolledBack={() => {
                  void queryClient.fetchQuery({ ...appQuery(app.id), staleTime: 0 }).then((detail) => {
                    if ("instructions" in detail.draft) {
                      setForm(toForm(detail.draft));
                      setSaved(detail.draft);
                    }
                  });
                }}
              />
            </Tabs.Panel>
          </Tabs>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
