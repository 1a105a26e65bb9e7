import { readFileSync } from "node:fs";
import type { AppConfig, AppDetail } from "@appstudio/sdk";
import { Command, Option } from "@commander-js/extra-typings";
import { APP_ID, type CliContext } from "../cli-context.js";
import { usageError } from "../exit-codes.js";
import { examples, integer, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";
import { commandLine } from "../shell-quote.js";

const APP_ARG = "App ID, or the app's name in the workspace";
const typeOption = () => new Option("--type <type>", "agent or workflow").choices(["agent", "workflow"] as const);

export function appCommands(ctx: CliContext): Command {
  const apps = new Command("apps")
    .description("List, inspect, create and publish apps (APP = App ID or unique name)")
    .addHelpText(
      "after",
      examples("appstudio apps list", "appstudio apps get support-bot", "appstudio apps create support-bot --type agent", "appstudio apps publish support-bot"),
    );
  // An app name is looked up in this workspace; an App ID needs none.
  const lookup = (app: string, workspace: string | undefined) => (APP_ID.test(app) ? {} : { workspaceId: ctx.workspaceId(workspace) });

  apps
    .command("list")
    .alias("ls")
    .description("List apps (default: in the current workspace)")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--all-workspaces", "apps of every workspace you can see")
    .addOption(typeOption())
    .option("--name <text>", "name contains this text (case-insensitive)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option(
      "--json",
      "print a JSON array: [{id, workspaceId, type, name, description, status, publishedVersion, publishedAt, createdBy, createdAt, updatedAt}]",
    )
    .addHelpText(
      "after",
      examples("appstudio apps list", "appstudio apps list --type agent --name support", "appstudio apps list --json | jq -r '.[] | \"\\(.id) \\(.name)\"'"),
    )
    .action(async (opts) => {
      const workspaceId = opts.allWorkspaces ? undefined : await ctx.existingWorkspaceId(opts.workspace);
      const page = await fetchList(opts, (paging) => ctx.client().listApps({ ...paging, workspaceId, type: opts.type, name: opts.name }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "APP ID", value: (a) => a.id },
          { header: "NAME", value: (a) => a.name },
          { header: "TYPE", value: (a) => a.type },
          { header: "STATUS", value: (a) => status(a.status) },
          { header: "VERSION", value: (a) => (a.publishedVersion === null ? "-" : `v${a.publishedVersion}`) },
          ...(opts.allWorkspaces ? [{ header: "WORKSPACE", value: (a: { workspaceId: string }) => a.workspaceId }] : []),
          { header: "UPDATED", value: (a) => formatTime(a.updatedAt) },
        ],
        "No apps. Create one with `appstudio apps create <name> --type agent`.",
      );
      pageFooter(ctx.output, page);
    });

  apps
    .command("get")
    .description("Show an app, with its App ID and Workspace ID")
    .argument("<app>", APP_ARG)
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in (default: the current workspace)")
    .option("--json", "print JSON: the fields of `apps list --json` plus draft (the configuration)")
    .addHelpText("after", examples("appstudio apps get support-bot", "appstudio apps get 5ccc140108fd4b2ea5e6101fbada7583 --json | jq .draft"))
    .action(async (app, opts) => {
      const found = await ctx.resolveApp(app, opts.workspace);
      if (opts.json) return ctx.output.json(found);
      printApp(ctx, found);
    });

  apps
    .command("create")
    .description("Create an agent or workflow app (as a draft; publish it to make it callable)")
    .argument("<name>", "app name, unique in the workspace")
    .addOption(typeOption().makeOptionMandatory())
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--description <text>", "description")
    .option("--config <file>", "JSON file with the draft configuration (agent settings or workflow graph)")
    .option("--json", "print the created app as JSON")
    .addHelpText("after", examples("appstudio apps create support-bot --type agent", "appstudio apps create intake --type workflow --config graph.json"))
    .action(async (name, opts) => {
      const config = opts.config ? readJsonFile<AppConfig>(opts.config) : undefined;
      const created = await ctx.client().createApp({
        workspaceId: ctx.workspaceId(opts.workspace),
        type: opts.type,
        name,
        ...(opts.description ? { description: opts.description } : {}),
        ...(config ? { config } : {}),
      });
      if (opts.json) return ctx.output.json(created);
      // The hint must work as printed: a name is looked up in the current workspace, so name the workspace when it is another.
      const inWorkspace = created.workspaceId === ctx.profile()?.workspaceId ? [] : ["-w", created.workspaceId];
      ctx.output.success(
        `Created ${created.type} app ${created.name} in ${created.workspaceId}. Publish it with \`${commandLine("apps", "publish", created.name, ...inWorkspace)}\`.`,
      );
      ctx.output.print(created.id);
    });

  apps
    .command("publish")
    .description("Publish the draft as the next version; calls use the latest published version")
    .argument("<app>", APP_ARG)
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in")
    .option("--note <text>", "a note for this version")
    .option("--json", "print the app as JSON")
    .addHelpText("after", examples('appstudio apps publish support-bot --note "new greeting"'))
    .action(async (app, opts) => {
      const published = await ctx.client().publishApp(app, opts.note, lookup(app, opts.workspace));
      if (opts.json) return ctx.output.json(published);
      ctx.output.success(`Published ${published.name} as v${published.publishedVersion} (App ID ${published.id})`);
    });

  apps
    .command("versions")
    .description("List an app's published versions, newest first")
    .argument("<app>", APP_ARG)
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in")
    .option("--json", "print a JSON array: [{appId, version, config, note, publishedBy, publishedAt}]")
    .addHelpText("after", examples("appstudio apps versions support-bot"))
    .action(async (app, opts) => {
      const { items } = await ctx.client().listVersions(app, lookup(app, opts.workspace));
      if (opts.json) return ctx.output.json(items);
      ctx.output.table(
        items,
        [
          { header: "VERSION", value: (v) => `v${v.version}` },
          { header: "PUBLISHED", value: (v) => formatTime(v.publishedAt) },
          { header: "BY", value: (v) => v.publishedBy },
          { header: "NOTE", value: (v) => v.note },
        ],
        "Not published yet.",
      );
    });

  apps
    .command("rollback")
    .description("Copy a published version into the draft and publish it as a new version")
    .argument("<app>", APP_ARG)
    .argument("<version>", "version number to return to (v prefix allowed)", (v) => integer("version", 1, 1_000_000)(v.replace(/^v/i, "")))
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print the app as JSON")
    .addHelpText("after", examples("appstudio apps rollback support-bot 2", "appstudio apps rollback support-bot v2 --yes"))
    .action(async (app, version, opts) => {
      // Rolling back replaces the draft (unpublished edits are lost) and changes what callers get at once.
      await confirmOrYes(`Roll ${app} back to v${version}? The draft is replaced and v${version}'s configuration is published as a new version.`, opts.yes);
      const result = await ctx.client().rollbackApp(app, version, lookup(app, opts.workspace));
      if (opts.json) return ctx.output.json(result);
      ctx.output.success(`Rolled ${result.name} back to v${version}; now published as v${result.publishedVersion}`);
    });

  apps
    .command("delete")
    .description("Delete an app and all its versions")
    .argument("<app>", APP_ARG)
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio apps delete old-bot --yes"))
    .action(async (app, opts) => {
      const found = await ctx.resolveApp(app, opts.workspace);
      await confirmOrYes(`Delete app ${found.name} (${found.id}) and all its versions?`, opts.yes);
      await ctx.client().deleteApp(found.id);
      ctx.output.success(`Deleted app ${found.name} (${found.id})`);
    });

  return apps;
}

function status(value: string): string {
  return value === "changed" ? "published (unpublished changes)" : value;
}

function printApp(ctx: CliContext, app: AppDetail): void {
  ctx.output.details([
    ["App ID", app.id],
    ["Name", app.name],
    ["Type", app.type],
    ["Status", status(app.status)],
    ["Version", app.publishedVersion === null ? "-" : `v${app.publishedVersion} (published ${formatTime(app.publishedAt)})`],
    ["Workspace ID", app.workspaceId],
    ["Description", app.description || "-"],
    ["Created", `${formatTime(app.createdAt)} by ${app.createdBy}`],
    ["Updated", formatTime(app.updatedAt)],
  ]);
  const hint =
    app.publishedVersion === null
      ? `Publish it to make it callable: ${commandLine("apps", "publish", app.id)}`
      : `Call it: ${commandLine("call", app.id, "Hello")}   Shell setup: eval "$(${commandLine("env", app.id)})"`;
  ctx.output.info(ctx.output.err.dim(`\n${hint}`));
}

function readJsonFile<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw usageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw usageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}
