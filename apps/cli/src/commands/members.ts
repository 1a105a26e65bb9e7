import { Argument, Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples } from "../help.js";
import { formatTime } from "../output.js";
import { confirmOrYes } from "../prompts.js";
import { resolveUser } from "./users.js";

const roleOption = () =>
  new Option("--role <role>", "admin (manages members and keys) or member (builds and calls apps)").choices(["admin", "member"] as const);

export function memberCommands(ctx: CliContext): Command {
  const members = new Command("members")
    .description("Manage who belongs to a workspace and with which role")
    .addHelpText("after", examples("appstudio members list", "appstudio members add alice --role admin", "appstudio members remove alice --yes"));

  members
    .command("list")
    .alias("ls")
    .description("List the members of a workspace (default: the current workspace)")
    .option("-w, --workspace <workspace>", "workspace ID or name")
    .option("--json", "print a JSON array: [{workspaceId, userId, loginName, displayName, role, createdAt}]")
    .addHelpText("after", examples("appstudio members list", "appstudio members list -w ws-0123456789abcdef --json"))
    .action(async (opts) => {
      const { items } = await ctx.client().listMembers(ctx.workspaceId(opts.workspace));
      if (opts.json) return ctx.output.json(items);
      ctx.output.table(
        items,
        [
          { header: "USER ID", value: (m) => m.userId },
          { header: "LOGIN", value: (m) => m.loginName },
          { header: "NAME", value: (m) => m.displayName },
          { header: "ROLE", value: (m) => m.role },
          { header: "SINCE", value: (m) => formatTime(m.createdAt) },
        ],
        "No members.",
      );
    });

  members
    .command("add")
    .description("Add a user to a workspace, or change the role of a member")
    .argument("<user>", "user ID or login name")
    .addOption(roleOption().default("member" as const))
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--json", "print the membership as JSON")
    .addHelpText("after", examples("appstudio members add alice --role admin"))
    .action(async (user, opts) => {
      const client = ctx.client();
      const target = await resolveUser(client, user);
      const member = await client.setMember(ctx.workspaceId(opts.workspace), { userId: target.id, role: opts.role });
      if (opts.json) return ctx.output.json(member);
      ctx.output.success(`${member.loginName} is now ${member.role} of ${member.workspaceId}`);
    });

  members
    .command("set-role")
    .description("Change a member's role")
    .argument("<user>", "user ID or login name")
    .addArgument(new Argument("<role>", "admin or member").choices(["admin", "member"] as const))
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .addHelpText("after", examples("appstudio members set-role alice member"))
    .action(async (user, role, opts) => {
      const client = ctx.client();
      const target = await resolveUser(client, user);
      const member = await client.setMemberRole(ctx.workspaceId(opts.workspace), target.id, role);
      ctx.output.success(`${member.loginName} is now ${member.role} of ${member.workspaceId}`);
    });

  members
    .command("remove")
    .description("Remove a user from a workspace")
    .argument("<user>", "user ID or login name")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio members remove alice -w ws-0123456789abcdef --yes"))
    .action(async (user, opts) => {
      const client = ctx.client();
      const target = await resolveUser(client, user);
      const workspaceId = ctx.workspaceId(opts.workspace);
      await confirmOrYes(`Remove ${target.loginName} from ${workspaceId}?`, opts.yes);
      await client.removeMember(workspaceId, target.id);
      ctx.output.success(`Removed ${target.loginName} from ${workspaceId}`);
    });

  return members;
}
