import { randomBytes } from "node:crypto";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode, type ExitCodeValue, usageError } from "../exit-codes.js";
import { examples } from "../help.js";
import { isInteractive, promptPassword, readStdinLine } from "../prompts.js";
import { addBackupCommands } from "./admin-backup.js";
import { databaseError, databaseOptions } from "./admin-database.js";
import { addMigrateCommand } from "./admin-migrate.js";
import { type DatabaseFlags, loadServerConfig } from "./serve.js";

/**
 * Opens the database the server would use, with the same use cases and the real argon2 hasher,
 * so these commands work while the server is down (lost admin password, first deployment).
 */
async function openLocalCore(ctx: CliContext, flags: DatabaseFlags) {
  const config = await loadServerConfig(ctx.env, flags);
  const [{ openDatabase, migrateToLatest, migrations, createRepositories }, { argon2Hasher }, core] = await Promise.all([
    import("@appstudio/storage"),
    import("@appstudio/adapters"),
    import("@appstudio/core"),
  ]);
  const database = openDatabase(config.databaseUrl, { poolSize: 1 });
  try {
    await migrateToLatest(database.db);
  } catch (e) {
    await database.close();
    throw databaseError(e, config.databaseUrl);
  }
  const deps = {
    repos: createRepositories(database.db, database.dialect),
    hasher: argon2Hasher,
    clock: core.systemClock,
    settings: {
      regions: config.regions,
      maxSubWorkspacesPerRegion: config.maxSubWorkspacesPerRegion,
      consoleSessionTtlSeconds: config.consoleSessionTtlSeconds,
      defaultModel: config.defaultModel,
    },
  };
  return { config, database, deps, core, migrationCount: Object.keys(migrations).length };
}

/** Core's AppError codes, for use cases run in-process instead of over HTTP. */
function exitCodeOfAppError(code: string): ExitCodeValue {
  if (code === "InvalidParameter") return ExitCode.Usage;
  if (code === "NotFound") return ExitCode.NotFound;
  if (code === "Conflict" || code === "LimitExceeded") return ExitCode.Rejected;
  return ExitCode.Error;
}

async function run(ctx: CliContext, flags: DatabaseFlags, work: (local: Awaited<ReturnType<typeof openLocalCore>>) => Promise<void>) {
  const local = await openLocalCore(ctx, flags);
  try {
    await work(local);
  } catch (e) {
    if (local.core.isAppError(e)) throw new CliError(e.message, exitCodeOfAppError(e.code));
    throw e;
  } finally {
    await local.database.close();
  }
}

async function choosePassword(opts: { passwordStdin?: boolean; generate?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin && opts.generate) throw usageError("use either --password-stdin or --generate");
  if (opts.passwordStdin) return { password: await readStdinLine("password"), generated: false };
  if (opts.generate || !isInteractive()) return { password: randomBytes(12).toString("base64url"), generated: true };
  return { password: await promptPassword("New password (at least 8 characters)"), generated: false };
}

export function adminCommands(ctx: CliContext): Command {
  const admin = new Command("admin").description("Work on the database directly, without a running server (operators)");
  admin.addHelpText(
    "after",
    `\nThese commands read the same flags, environment and config file as \`appstudio serve\`.\n${examples("appstudio admin migrate --dry-run", "appstudio admin backup /backups/appstudio.db", "appstudio admin reset-password admin", "appstudio admin create-main --data-dir /var/lib/appstudio")}`,
  );

  addMigrateCommand(admin, ctx);
  addBackupCommands(admin, ctx);

  databaseOptions(admin.command("create-main").description("Create the main account 'admin' and the default workspaces, if they do not exist yet"))
    .option("--password-stdin", "read the password from standard input")
    .option("--generate", "generate a password and print it once")
    .addHelpText("after", examples("appstudio admin create-main", 'echo "$ADMIN_PASSWORD" | appstudio admin create-main --password-stdin'))
    .action(async (opts) => {
      await run(ctx, opts, async ({ deps, core }) => {
        await core.ensureDefaultWorkspaces(deps);
        if (await deps.repos.users.findMain()) {
          throw new CliError(
            "the main account already exists",
            ExitCode.Rejected,
            `reset its password with \`appstudio admin reset-password ${core.MAIN_LOGIN_NAME}\``,
          );
        }
        const { password, generated } = await choosePassword(opts);
        core.checkPassword(password, core.MAIN_LOGIN_NAME);
        await core.bootstrapMainAccount(deps, password);
        ctx.output.success(`Created the main account '${core.MAIN_LOGIN_NAME}'`);
        if (generated) {
          ctx.output.info("Its password (shown once):");
          ctx.output.print(password);
        }
      });
    });

  databaseOptions(admin.command("reset-password").description("Set a user's password and end their console sessions"))
    .argument("<login-name>", "the user's login name ('admin' for the main account)")
    .option("--password-stdin", "read the new password from standard input")
    .option("--generate", "generate a password and print it once")
    .option("--revoke-tokens", "also revoke the user's personal access tokens")
    .addHelpText("after", examples("appstudio admin reset-password admin", "appstudio admin reset-password alice --generate --revoke-tokens"))
    .action(async (loginName, opts) => {
      await run(ctx, opts, async ({ deps, core }) => {
        const user = await deps.repos.users.findByLoginName(loginName.toLowerCase());
        if (!user) throw new CliError(`user '${loginName}' was not found`, ExitCode.NotFound);
        const { password, generated } = await choosePassword(opts);
        core.checkPassword(password, user.loginName);
        await deps.repos.users.update(user.id, { passwordHash: await deps.hasher.hash(password) });
        // A reset usually follows a lost or leaked password: sessions opened with the old one must end.
        await deps.repos.consoleSessions.deleteForUser(user.id);
        if (opts.revokeTokens) await deps.repos.tokens.deleteForUser(user.id);
        await core.recordAudit(deps, null, {
          action: "user.password-reset",
          resourceType: "user",
          resourceId: user.id,
          details: { via: "appstudio admin reset-password", tokensRevoked: opts.revokeTokens === true },
        });
        ctx.output.success(`Password of '${user.loginName}' changed; console sessions ended${opts.revokeTokens ? ", tokens revoked" : ""}`);
        if (generated) {
          ctx.output.info("New password (shown once):");
          ctx.output.print(password);
        }
      });
    });

  return admin;
}
