import { Select, Switch } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { appsQuery } from "../../../api/app-api";
import { bool, type NodeFormProps, record, str } from "./form-kit";
import { KvEditor } from "./kv-editor";
import { VariableField } from "./variable-field";

/** App component: calls a published agent app of this workspace; its answer streams as `result`. */
export function AppComponentForm({ config, set, err, variables, workspaceId }: NodeFormProps) {
  const apps = useQuery(appsQuery({ workspaceId, type: "agent", limit: 100 }));
  const appId = str(config, "appId");
  const options = (apps.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.name}${a.publishedVersion ? ` (v${a.publishedVersion})` : " (not published)"}`,
    disabled: a.publishedVersion === null,
  }));
  if (appId && !options.some((o) => o.value === appId)) options.push({ value: appId, label: appId, disabled: false });
  return (
    <>
      <Select
        label="Agent app"
        description="A published agent app of this workspace"
        required
        searchable
        data={options}
        value={appId || null}
        onChange={(v) => set({ appId: v ?? "" })}
        error={err("appId") ?? (apps.isError ? "Could not load the apps" : undefined)}
        placeholder={apps.isPending ? "Loading apps…" : "Choose an app"}
        data-testid="app-component-app"
      />
      <VariableField
        label="Prompt"
        required
        multiline
        minRows={2}
        value={str(config, "prompt")}
        onChange={(prompt) => set({ prompt })}
        variables={variables}
        error={err("prompt")}
        testId="app-component-prompt"
      />
      <KvEditor
        label="Prompt parameters"
        description="Values of the agent's ${variables}"
        field="promptParams"
        value={record(config, "promptParams")}
        onChange={(promptParams) => set({ promptParams })}
        variables={variables}
        err={err}
        testId="app-component-params"
      />
      <Switch
        label="Return the result"
        description="Also put the app's answer into output.text"
        checked={bool(config, "returnResult", false)}
        onChange={(e) => set({ returnResult: e.currentTarget.checked })}
      />
    </>
  );
}
