import type { ApiKey, CreatedApiKey } from "@appstudio/sdk";
import { Command, Option } from "@commander-js/extra-typings";
import { APP_ID, type CliContext } from "../cli-context.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const KEY_JSON = "{id, workspaceId, prefix, description, createdBy, createdAt, lastUsedAt, disabled, ipAllowlist, appAllowlist, scope}";

export function keyCommands(ctx: CliContext): Command {
  const keys = new Command("keys")
    .description("Manage the workspace API keys (sk-...) used to call apps")
    .addHelpText("after", examples("appstudio keys list", 'appstudio keys create --description "backend"', "appstudio keys disable key-0123456789ab"));

  keys
    .command("list")
    .alias("ls")
    .description("List API keys (default: of the current workspace); secrets are never shown again")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--all-workspaces", "keys of every workspace you manage")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${KEY_JSON}]`)
    .addHelpText("after", examples("appstudio keys list", "appstudio keys list --all-workspaces --json"))
    .action(async (opts) => {
      const workspaceId = opts.allWorkspaces ? undefined : await ctx.existingWorkspaceId(opts.workspace);
      const page = await fetchList(opts, (paging) => ctx.client().listApiKeys({ ...paging, workspaceId }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "ID", value: (k) => k.id },
          { header: "KEY", value: (k) => k.prefix },
          { header: "WORKSPACE", value: (k) => k.workspaceId },
          { header: "SCOPE", value: (k) => scopeLabel(ctx, k) },
          { header: "STATUS", value: (k) => (k.disabled ? ctx.output.out.yellow("disabled") : "enabled") },
          { header: "LAST USED", value: (k) => formatTime(k.lastUsedAt) },
          { header: "CREATED", value: (k) => formatTime(k.createdAt) },
          { header: "DESCRIPTION", value: (k) => k.description },
        ],
        "No API keys. Create one with `appstudio keys create`.",
      );
      pageFooter(ctx.output, page);
    });

  keys
    .command("get")
    .description("Show one API key")
    .argument("<key-id>", "key ID (key-...)")
    .option("--json", `print JSON: ${KEY_JSON}`)
    .addHelpText("after", examples("appstudio keys get key-0123456789ab", "appstudio keys get key-0123456789ab --json"))
    .action(async (id, opts) => {
      const key = await ctx.client().getApiKey(id);
      if (opts.json) return ctx.output.json(key);
      printKey(ctx, key);
    });

  keys
    .command("create")
    .description("Create an API key; the sk- secret is printed once, on stdout")
    .option("-w, --workspace <workspace>", "workspace (ID or name) the key belongs to (default: the current workspace)")
    .option("--description <text>", "what the key is for")
    .option("--ip <cidr>", "allow calls only from this address or CIDR block (repeatable)", collect)
    .option("--app <app-id>", "allow calls only to this App ID (repeatable)", collect)
    .addOption(
      new Option("--scope <scope>", "workspace: its own workspace only; region: any workspace of its region (super administrators only)")
        .choices(["workspace", "region"] as const)
        .default("workspace" as const),
    )
    .option("--json", "print JSON: {key: {...}, secret}")
    .addHelpText(
      "after",
      examples(
        'appstudio keys create --description "support bot backend"',
        "export DASHSCOPE_API_KEY=$(appstudio keys create --description ci)",
        "appstudio keys create --ip 10.0.0.0/8 --app 5ccc140108fd4b2ea5e6101fbada7583",
        'appstudio keys create --scope region --description "main account key"',
      ),
    )
    .action(async (opts) => {
      const workspaceId = ctx.workspaceId(opts.workspace);
      const appAllowlist = opts.app
        ? await Promise.all(opts.app.map(async (a) => (APP_ID.test(a) ? a : (await ctx.resolveApp(a, workspaceId)).id)))
        : undefined;
      const created = await ctx.client().createApiKey({
        workspaceId,
        ...(opts.description ? { description: opts.description } : {}),
        ...(opts.ip ? { ipAllowlist: opts.ip } : {}),
        ...(appAllowlist ? { appAllowlist } : {}),
        ...(opts.scope === "region" ? { scope: "region" as const } : {}),
      });
      printSecret(ctx, created, opts.json === true, "Created");
    });

  keys
    .command("disable")
    .description("Disable a key: calls with it fail with InvalidApiKey until it is enabled")
    .argument("<key-id>", "key ID")
    .addHelpText("after", examples("appstudio keys disable key-0123456789ab"))
    .action(async (id) => {
      await ctx.client().disableApiKey(id);
      ctx.output.success(`Disabled ${id}`);
    });

  keys
    .command("enable")
    .description("Enable a disabled key")
    .argument("<key-id>", "key ID")
    .addHelpText("after", examples("appstudio keys enable key-0123456789ab"))
    .action(async (id) => {
      await ctx.client().enableApiKey(id);
      ctx.output.success(`Enabled ${id}`);
    });

  keys
    .command("reset")
    .description("Give a key a new secret (same key ID); the old secret stops working at once")
    .argument("<key-id>", "key ID")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print JSON: {key: {...}, secret}")
    .addHelpText("after", examples("appstudio keys reset key-0123456789ab --yes"))
    .action(async (id, opts) => {
      await confirmOrYes(`Reset ${id}? Clients using the old secret will fail.`, opts.yes);
      printSecret(ctx, await ctx.client().resetApiKey(id), opts.json === true, "Reset");
    });

  keys
    .command("delete")
    .description("Delete a key")
    .argument("<key-id>", "key ID")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio keys delete key-0123456789ab --yes"))
    .action(async (id, opts) => {
      await confirmOrYes(`Delete ${id}?`, opts.yes);
      await ctx.client().deleteApiKey(id);
      ctx.output.success(`Deleted ${id}`);
    });

  return keys;
}

/** A region key stands out in listings: it reaches every workspace of its region. */
const scopeLabel = (ctx: CliContext, k: ApiKey) => (k.scope === "region" ? ctx.output.out.yellow("region") : "workspace");

/** The secret alone goes to stdout so `$(appstudio keys create)` captures exactly the key. */
function printSecret(ctx: CliContext, created: CreatedApiKey, json: boolean, verb: string): void {
  if (json) {
    ctx.output.json(created);
    return;
  }
  ctx.output.success(`${verb} ${created.key.id} in ${created.key.workspaceId}. Copy the secret now; it is not shown again:`);
  ctx.output.print(created.secret);
}

function printKey(ctx: CliContext, k: ApiKey): void {
  ctx.output.details([
    ["ID", k.id],
    ["Key", k.prefix],
    ["Workspace ID", k.workspaceId],
    ["Scope", k.scope === "region" ? "region: any workspace of its region (X-DashScope-WorkSpace)" : "workspace"],
    ["Description", k.description || "-"],
    ["Status", k.disabled ? "disabled" : "enabled"],
    ["IP allowlist", k.ipAllowlist.join(", ") || "any address"],
    ["App allowlist", k.appAllowlist.join(", ") || "every app of the workspace"],
    ["Created", `${formatTime(k.createdAt)} by ${k.createdBy}`],
    ["Last used", formatTime(k.lastUsedAt)],
  ]);
}
