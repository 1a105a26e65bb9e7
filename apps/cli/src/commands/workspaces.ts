import type { Workspace } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";

export function workspaceCommands(ctx: CliContext): Command {
  const workspaces = new Command("workspaces")
    .alias("ws")
    .description("List, inspect and manage workspaces, and choose the default one (a workspace is named by ID or by name)")
    .addHelpText(
      "after",
      examples("appstudio workspaces list", "appstudio workspaces get", "appstudio workspaces use ws-0123456789abcdef", 'appstudio apps list -w "Team A"'),
    );

  workspaces
    .command("list")
    .alias("ls")
    .description("List the workspaces you have joined (--all: every workspace, for administrators)")
    .option("--all", "every workspace of the deployment (needs FullAccess or ControlFullAccess)")
    .option("--region <id>", "only this region")
    .option("--name <text>", "name contains this text")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", "print a JSON array of workspaces (fields as in `workspaces get --json`)")
    .addHelpText("after", examples("appstudio workspaces list", "appstudio workspaces list --all --json | jq -r '.[].id'"))
    .action(async (opts) => {
      const page = await fetchList(opts, (paging) => ctx.client().listWorkspaces({ ...paging, all: opts.all, region: opts.region, name: opts.name }));
      if (opts.json) return jsonList(ctx.output, page);
      const current = ctx.profile()?.workspaceId;
      ctx.output.table(
        page.items,
        [
          { header: "", value: (w) => (w.id === current ? "*" : "") },
          { header: "ID", value: (w) => w.id },
          { header: "NAME", value: (w) => w.name },
          { header: "REGION", value: (w) => w.region },
          { header: "DEFAULT", value: (w) => (w.isDefault ? "yes" : "") },
          { header: "CREATED", value: (w) => formatTime(w.createdAt) },
        ],
        "No workspaces.",
      );
      pageFooter(ctx.output, page);
    });

  workspaces
    .command("get")
    .description("Show a workspace with its DashScope base URLs (default: the current workspace)")
    .argument("[workspace]", "workspace ID (ws-...) or name")
    .option("--json", "print JSON: {id, name, region, regionName, isDefault, endpoints: {sharedBaseUrl, dedicatedBaseUrl}, createdAt, updatedAt}")
    .addHelpText("after", examples("appstudio workspaces get", "appstudio workspaces get ws-0123456789abcdef --json"))
    .action(async (id, opts) => {
      const workspace = await ctx.client().getWorkspace(await ctx.workspaceIdOf(ctx.workspaceId(id)));
      if (opts.json) return ctx.output.json(workspace);
      printWorkspace(ctx, workspace);
    });

  workspaces
    .command("create")
    .description("Create a sub-workspace")
    .argument("<name>", "workspace name")
    .option("--region <id>", "region (default: the first configured region)")
    .option("--use", "make it the current workspace of the profile")
    .option("--json", "print the created workspace as JSON")
    .addHelpText("after", examples('appstudio workspaces create "Team A" --use'))
    .action(async (name, opts) => {
      const workspace = await ctx.client().createWorkspace({ name, ...(opts.region ? { region: opts.region } : {}) });
      if (opts.use) ctx.saveProfile(ctx.resolveProfile().name, (p) => ({ ...p, workspaceId: workspace.id }));
      if (opts.json) return ctx.output.json(workspace);
      ctx.output.success(`Created workspace ${workspace.name} (${workspace.id})${opts.use ? "; it is now the current workspace" : ""}`);
      ctx.output.print(workspace.id);
    });

  workspaces
    .command("rename")
    .description("Rename a workspace")
    .argument("<workspace>", "workspace ID or current name")
    .argument("<name>", "new name")
    .addHelpText("after", examples('appstudio workspaces rename ws-0123456789abcdef "Team B"'))
    .action(async (id, name) => {
      const workspace = await ctx.client().renameWorkspace(await ctx.workspaceIdOf(id), name);
      ctx.output.success(`Renamed ${workspace.id} to ${workspace.name}`);
    });

  workspaces
    .command("delete")
    .description("Delete an empty sub-workspace (no apps, no keys); the default workspace cannot be deleted")
    .argument("<workspace>", "workspace ID or name")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio workspaces delete ws-0123456789abcdef --yes"))
    .action(async (workspace, opts) => {
      const id = await ctx.workspaceIdOf(workspace);
      await confirmOrYes(`Delete workspace ${id}?`, opts.yes);
      await ctx.client().deleteWorkspace(id);
      const profileName = ctx.resolveProfile().name;
      if (ctx.store.read().profiles[profileName]?.workspaceId === id) ctx.saveProfile(profileName, ({ workspaceId: _gone, ...rest }) => rest);
      ctx.output.success(`Deleted workspace ${id}`);
    });

  workspaces
    .command("current")
    .description("Show the current workspace of the profile")
    .option("--json", "print the workspace as JSON")
    .addHelpText("after", examples("appstudio workspaces current", "WS=$(appstudio workspaces current --json | jq -r .id)"))
    .action(async (opts) => {
      const workspace = await ctx
        .client()
        .getWorkspace(await ctx.workspaceIdOf(ctx.workspaceId(undefined), ctx.env.APPSTUDIO_WORKSPACE ? " (from APPSTUDIO_WORKSPACE)" : ""));
      if (opts.json) return ctx.output.json(workspace);
      ctx.output.print(`${workspace.id}  ${ctx.output.out.dim(`${workspace.name}, region ${workspace.region}`)}`);
    });

  workspaces
    .command("use")
    .description("Set the current workspace of the profile (used when --workspace is not given)")
    .argument("<workspace>", "workspace ID or name")
    .addHelpText("after", examples("appstudio workspaces use ws-0123456789abcdef", 'appstudio workspaces use "Team A"'))
    .action(async (id) => {
      const workspace = await ctx.client().getWorkspace(await ctx.workspaceIdOf(id));
      ctx.saveProfile(ctx.resolveProfile().name, (p) => ({ ...p, workspaceId: workspace.id }));
      ctx.output.success(`Current workspace: ${workspace.id} (${workspace.name})`);
    });

  return workspaces;
}

function printWorkspace(ctx: CliContext, w: Workspace): void {
  ctx.output.details([
    ["ID", w.id],
    ["Name", w.name],
    ["Region", `${w.region} (${w.regionName})`],
    ["Default", w.isDefault ? "yes" : "no"],
    ["Dedicated base URL", w.endpoints.dedicatedBaseUrl],
    ["Shared base URL", `${w.endpoints.sharedBaseUrl}${w.isDefault ? "" : `  (with header X-DashScope-WorkSpace: ${w.id})`}`],
    ["Created", formatTime(w.createdAt)],
  ]);
}
