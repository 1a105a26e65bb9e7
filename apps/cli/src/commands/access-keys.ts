import type { AccessKey, CreatedAccessKey } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples } from "../help.js";
import { formatTime } from "../output.js";
import { confirmOrYes } from "../prompts.js";
import { resolveUser } from "./users.js";

const ACCESS_KEY_JSON = "{id, userId, status, createdAt, lastUsedAt}";

/** AccessKey pairs for Alibaba Cloud's signed OpenAPI (docs/openapi-signed.md). */
export function accessKeyCommands(ctx: CliContext): Command {
  const accessKeys = new Command("access-keys")
    .description("Manage AccessKey pairs (LTAI...) for the signed Alibaba Cloud OpenAPI clients")
    .addHelpText("after", examples("appstudio access-keys create", "appstudio access-keys list", "appstudio access-keys disable LTAI0123456789abcdefghij"));

  const userOf = async (user: string | undefined) => (user ? (await resolveUser(ctx.client(), user)).id : undefined);

  accessKeys
    .command("list")
    .alias("ls")
    .description("List AccessKeys (yours, or another user's); secrets are never shown again")
    .option("--user <user>", "whose keys: user ID or login name (administrators)")
    .option("--json", `print a JSON array: [${ACCESS_KEY_JSON}]`)
    .addHelpText("after", examples("appstudio access-keys list", "appstudio access-keys list --user alice --json"))
    .action(async (opts) => {
      const userId = await userOf(opts.user);
      const { items } = await ctx.client().listAccessKeys(userId ? { userId } : {});
      if (opts.json) return ctx.output.json(items);
      ctx.output.table(
        items,
        [
          { header: "ACCESSKEY ID", value: (k: AccessKey) => k.id },
          { header: "STATUS", value: (k: AccessKey) => (k.status === "Active" ? "Active" : ctx.output.out.yellow("Inactive")) },
          { header: "LAST USED", value: (k: AccessKey) => formatTime(k.lastUsedAt) },
          { header: "CREATED", value: (k: AccessKey) => formatTime(k.createdAt) },
        ],
        "No AccessKeys. Create one with `appstudio access-keys create`.",
      );
    });

  accessKeys
    .command("create")
    .description("Create an AccessKey pair; the secret is printed once, on stdout")
    .option("--user <user>", "for another user: user ID or login name (administrators)")
    .option("--json", "print JSON: {accessKey: {...}, secret}")
    .addHelpText("after", examples("appstudio access-keys create", "appstudio access-keys create --user alice --json"))
    .action(async (opts) => {
      const userId = await userOf(opts.user);
      const created: CreatedAccessKey = await ctx.client().createAccessKey(userId ? { userId } : {});
      if (opts.json) return ctx.output.json(created);
      ctx.output.success(`Created AccessKey ${created.accessKey.id}. Copy the secret now; it is not shown again:`);
      ctx.output.print(created.secret);
    });

  for (const [verb, description] of [
    ["disable", "Disable an AccessKey: signed calls fail with InvalidAccessKeyId.Inactive until it is enabled"],
    ["enable", "Enable a disabled AccessKey"],
  ] as const) {
    accessKeys
      .command(verb)
      .description(description)
      .argument("<access-key-id>", "AccessKey ID (LTAI...)")
      .addHelpText("after", examples(`appstudio access-keys ${verb} LTAI0123456789abcdefghij`))
      .action(async (id) => {
        await (verb === "disable" ? ctx.client().disableAccessKey(id) : ctx.client().enableAccessKey(id));
        ctx.output.success(`${verb === "disable" ? "Disabled" : "Enabled"} ${id}`);
      });
  }

  accessKeys
    .command("delete")
    .description("Delete an AccessKey")
    .argument("<access-key-id>", "AccessKey ID (LTAI...)")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio access-keys delete LTAI0123456789abcdefghij --yes"))
    .action(async (id, opts) => {
      await confirmOrYes(`Delete ${id}? Clients signing with it will fail.`, opts.yes);
      await ctx.client().deleteAccessKey(id);
      ctx.output.success(`Deleted ${id}`);
    });

  return accessKeys;
}
