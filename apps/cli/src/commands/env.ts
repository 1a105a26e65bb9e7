import type { ManageClient } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples } from "../help.js";
import { commandLine, shellQuote } from "../shell-quote.js";

export function envCommand(ctx: CliContext) {
  return new Command("env")
    .description("Print shell export lines that point DashScope clients (SDKs, curl) at an app")
    .argument("<app>", "App ID, or the app's name in the workspace")
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in (default: the current workspace)")
    .option("--shared", "export the shared base URL (needs the X-DashScope-WorkSpace header for sub-workspaces) instead of the workspace-dedicated one")
    .option("--create-key", "also create an API key in the app's workspace and export it as DASHSCOPE_API_KEY")
    .option("--json", "print JSON: {appId, appName, workspaceId, baseUrl, dedicatedBaseUrl, sharedBaseUrl, workspaceHeader, apiKey?}")
    .addHelpText(
      "after",
      `
Exports APPSTUDIO_APP_ID, DASHSCOPE_WORKSPACE_ID and DASHSCOPE_HTTP_BASE_URL. The official dashscope
Python SDK reads DASHSCOPE_HTTP_BASE_URL (its base_http_api_url) and DASHSCOPE_API_KEY from the
environment; pass the workspace as Application.call(..., workspace=os.environ["DASHSCOPE_WORKSPACE_ID"])
when you use the shared base URL. Hosts *.localhost resolve to 127.0.0.1 in curl and browsers, but
not in every runtime: use --shared if yours cannot resolve the dedicated host.
${examples(
  'eval "$(appstudio env support-bot)"',
  'eval "$(appstudio env support-bot --create-key)"',
  'curl -N "$DASHSCOPE_HTTP_BASE_URL/apps/$APPSTUDIO_APP_ID/completion" \\\n      -H "Authorization: Bearer $DASHSCOPE_API_KEY" -H "Content-Type: application/json" \\\n      -H "X-DashScope-SSE: enable" -d \'{"input":{"prompt":"Hello"}}\'',
  'python -c \'import os, dashscope; print(dashscope.Application.call(app_id=os.environ["APPSTUDIO_APP_ID"], prompt="Hello").output.text)\'',
)}`,
    )
    .action(async (app, opts) => {
      const found = await ctx.resolveApp(app, opts.workspace);
      const client = ctx.client();
      const workspace = await client.getWorkspace(found.workspaceId);
      const { sharedBaseUrl, dedicatedBaseUrl } = workspace.endpoints;
      const apiKey = opts.createKey
        ? (await client.createApiKey({ workspaceId: workspace.id, description: `appstudio env ${found.name}`.slice(0, 200) })).secret
        : undefined;
      const baseUrl = opts.shared ? sharedBaseUrl : dedicatedBaseUrl;
      if (opts.json) {
        return ctx.output.json({
          appId: found.id,
          appName: found.name,
          workspaceId: workspace.id,
          baseUrl,
          dedicatedBaseUrl,
          sharedBaseUrl,
          workspaceHeader: { "X-DashScope-WorkSpace": workspace.id },
          ...(apiKey ? { apiKey } : {}),
        });
      }
      const lines = [
        `# ${found.type} app '${found.name}' in workspace '${workspace.name}'. Apply with: eval "$(appstudio env ${found.id})"`,
        `export APPSTUDIO_APP_ID=${shellQuote(found.id)}`,
        `export DASHSCOPE_WORKSPACE_ID=${shellQuote(workspace.id)}`,
        `export DASHSCOPE_HTTP_BASE_URL=${shellQuote(baseUrl)}`,
      ];
      if (opts.shared) {
        lines.push(`# Shared host: send the header X-DashScope-WorkSpace: ${workspace.id} (SDK: workspace=...). Workspace-dedicated host instead:`);
        lines.push(`# export DASHSCOPE_HTTP_BASE_URL=${shellQuote(dedicatedBaseUrl)}`);
      } else {
        lines.push(`# Or the shared host, with the header X-DashScope-WorkSpace: ${workspace.id} (SDK: workspace=...):`);
        lines.push(`# export DASHSCOPE_HTTP_BASE_URL=${shellQuote(sharedBaseUrl)}`);
      }
      if (apiKey) lines.push(`export DASHSCOPE_API_KEY=${shellQuote(apiKey)}`);
      else if (await mayManageKeys(client, workspace.id)) {
        lines.push(
          `# DASHSCOPE_API_KEY is not set here: use --create-key, or run export DASHSCOPE_API_KEY=$(${commandLine("keys", "create", "-w", workspace.id)})`,
        );
      } else lines.push(`# DASHSCOPE_API_KEY is not set here: ask an admin of workspace ${workspace.id} for an API key (you may not create one)`);
      ctx.output.print(lines.join("\n"));
    });
}

/** Whether the user may create keys in the workspace, as the server's permission check decides it (whoami). */
async function mayManageKeys(client: ManageClient, workspaceId: string): Promise<boolean> {
  const { permissions } = await client.whoami();
  const here = permissions.workspaces.find((w) => w.workspaceId === workspaceId)?.actions ?? [];
  return [...permissions.everywhere, ...here].includes("apikey.manage");
}
