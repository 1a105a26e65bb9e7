import type { ManageClient, Policy, User } from "@appstudio/sdk";
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes, isInteractive, promptPassword, readStdinLine } from "../prompts.js";

const POLICIES = ["FullAccess", "ControlFullAccess", "ReadOnlyAccess"] as const;
const USER_JSON = "{id, loginName, displayName, isMain, disabled, policies, createdAt, updatedAt}";
const policyOption = () =>
  new Option("--policy <name>", "attach a policy (repeatable): FullAccess, ControlFullAccess, ReadOnlyAccess")
    .choices(POLICIES)
    .argParser((value, previous: Policy[] | undefined) => {
      if (!(POLICIES as readonly string[]).includes(value)) throw usageError(`unknown policy '${value}'`);
      return [...(previous ?? []), value as Policy];
    });

/** USER may be a user ID or a login name; names are looked up in the user list. */
export async function resolveUser(client: ManageClient, user: string): Promise<User> {
  if (/^u-[a-z0-9]{12}$/.test(user)) return client.getUser(user);
  const page = await client.listUsers({ search: user, limit: 200 });
  const found = page.items.find((u) => u.loginName === user.toLowerCase());
  if (!found) throw new CliError(`user '${user}' was not found`, ExitCode.NotFound, "list users with `appstudio users list`");
  return found;
}

async function newPassword(passwordStdin: boolean | undefined): Promise<string> {
  if (passwordStdin) return readStdinLine("password");
  if (!isInteractive()) throw usageError("cannot prompt for a password: standard input is not a terminal", "use --password-stdin");
  return promptPassword("Password for the user");
}

export function userCommands(ctx: CliContext): Command {
  const users = new Command("users")
    .description("Manage sub-accounts and their policies (administrators)")
    .addHelpText(
      "after",
      examples("appstudio users list", "appstudio users create alice --policy ControlFullAccess", "appstudio users update alice --disable"),
    );

  users
    .command("list")
    .alias("ls")
    .description("List users: the main account and the sub-accounts")
    .option("--search <text>", "login or display name contains this text")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${USER_JSON}]`)
    .addHelpText("after", examples("appstudio users list", "appstudio users list --search ali --json"))
    .action(async (opts) => {
      const page = await fetchList(opts, (paging) => ctx.client().listUsers({ ...paging, ...(opts.search ? { search: opts.search } : {}) }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(page.items, [
        { header: "ID", value: (u) => u.id },
        { header: "LOGIN", value: (u) => u.loginName },
        { header: "NAME", value: (u) => u.displayName },
        { header: "POLICIES", value: (u) => (u.isMain ? "main account" : u.policies.join(",") || "-") },
        { header: "STATUS", value: (u) => (u.disabled ? ctx.output.out.yellow("disabled") : "enabled") },
        { header: "CREATED", value: (u) => formatTime(u.createdAt) },
      ]);
      pageFooter(ctx.output, page);
    });

  users
    .command("get")
    .description("Show a user")
    .argument("<user>", "user ID or login name")
    .option("--json", `print JSON: ${USER_JSON}`)
    .addHelpText("after", examples("appstudio users get alice", "appstudio users get u-0123456789ab --json"))
    .action(async (user, opts) => {
      const found = await resolveUser(ctx.client(), user);
      if (opts.json) return ctx.output.json(found);
      ctx.output.details([
        ["ID", found.id],
        ["Login name", found.loginName],
        ["Display name", found.displayName],
        ["Account", found.isMain ? "main account" : "sub-account"],
        ["Policies", found.policies.join(", ") || "-"],
        ["Status", found.disabled ? "disabled" : "enabled"],
        ["Created", formatTime(found.createdAt)],
      ]);
    });

  users
    .command("create")
    .description("Create a sub-account (password prompted for, or read with --password-stdin)")
    .argument("<login-name>", "login name (2-64 lowercase letters, digits, . _ -)")
    .option("--display-name <name>", "display name")
    .addOption(policyOption())
    .option("--password-stdin", "read the password from standard input")
    .option("--json", "print the created user as JSON")
    .addHelpText("after", examples("appstudio users create alice --policy ControlFullAccess", 'echo "$PW" | appstudio users create bob --password-stdin'))
    .action(async (loginName, opts) => {
      const password = await newPassword(opts.passwordStdin);
      const user = await ctx
        .client()
        .createUser({ loginName, password, ...(opts.displayName ? { displayName: opts.displayName } : {}), ...(opts.policy ? { policies: opts.policy } : {}) });
      if (opts.json) return ctx.output.json(user);
      ctx.output.success(`Created user ${user.loginName} (${user.id})`);
      ctx.output.print(user.id);
    });

  users
    .command("update")
    .description("Rename, disable/enable, set the password or replace the policies of a user")
    .argument("<user>", "user ID or login name")
    .option("--display-name <name>", "new display name")
    .option("--disable", "disable the account (sign-in and its tokens stop working)")
    .option("--enable", "enable the account")
    .addOption(policyOption())
    .option("--no-policies", "remove every policy")
    .option("--password-stdin", "set a new password read from standard input")
    .option("--json", "print the user as JSON")
    .addHelpText(
      "after",
      examples("appstudio users update alice --disable", "appstudio users update alice --policy ReadOnlyAccess", "appstudio users update alice --no-policies"),
    )
    .action(async (user, opts) => {
      if (opts.disable && opts.enable) throw usageError("--disable and --enable cannot be used together");
      const target = await resolveUser(ctx.client(), user);
      const policies = opts.policy ?? (opts.policies === false ? [] : undefined);
      const body = {
        ...(opts.displayName ? { displayName: opts.displayName } : {}),
        ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
        ...(policies ? { policies } : {}),
        ...(opts.passwordStdin ? { password: await readStdinLine("password") } : {}),
      };
      if (Object.keys(body).length === 0) throw usageError("nothing to change", "see `appstudio users update --help`");
      const updated = await ctx.client().updateUser(target.id, body);
      if (opts.json) return ctx.output.json(updated);
      ctx.output.success(`Updated ${updated.loginName}`);
    });

  users
    .command("delete")
    .description("Delete a sub-account")
    .argument("<user>", "user ID or login name")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio users delete alice --yes"))
    .action(async (user, opts) => {
      const target = await resolveUser(ctx.client(), user);
      await confirmOrYes(`Delete user ${target.loginName} (${target.id})?`, opts.yes);
      await ctx.client().deleteUser(target.id);
      ctx.output.success(`Deleted ${target.loginName}`);
    });

  users
    .command("policies")
    .description("List the policies that can be attached to users")
    .option("--json", "print a JSON array: [{name, description}]")
    .addHelpText("after", examples("appstudio users policies"))
    .action(async (opts) => {
      const { items } = await ctx.client().listPolicies();
      if (opts.json) return ctx.output.json(items);
      ctx.output.table(items, [
        { header: "POLICY", value: (p) => p.name },
        { header: "DESCRIPTION", value: (p) => p.description },
      ]);
    });

  return users;
}
