import { hostname } from "node:os";
import { ApiError, ManageClient, type WhoAmI } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import { type CliContext, DEFAULT_URL } from "../cli-context.js";
import type { Profile } from "../config-store.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples } from "../help.js";
import { isInteractive, promptPassword, promptText, readStdinLine } from "../prompts.js";
import { normaliseUrl } from "../server-url.js";
import { commandLine } from "../shell-quote.js";

export function loginCommands(ctx: CliContext): Command[] {
  const login = new Command("login")
    .description("Sign in to a server and store a personal access token for the CLI")
    .option("--url <url>", `server URL (default: $APPSTUDIO_URL, else the profile's URL, else ${DEFAULT_URL})`)
    .option("--user <login-name>", "login name (prompted for when omitted)")
    .option("--password-stdin", "read the password from the first line of standard input (for scripts)")
    .option("--token <token>", "use an existing personal access token (ast_...) instead of a password")
    .option("--with-token", "read a personal access token from the first line of standard input (keeps it out of shell history)")
    .addHelpText(
      "after",
      `\nThe token is stored in $APPSTUDIO_CONFIG_DIR, $XDG_CONFIG_HOME/appstudio or ~/.config/appstudio (config.json, mode 0600).
Your first login becomes the current profile; later logins to other profiles leave it unchanged
(switch with \`appstudio profiles use <name>\`, or per command with --profile or APPSTUDIO_PROFILE).
${examples(
  "appstudio login --url http://localhost:8080",
  'echo "$PASSWORD" | appstudio login --url https://studio.example.com --user alice --password-stdin',
  'echo "$APPSTUDIO_PAT" | appstudio login --profile staging --url https://staging.example.com --with-token',
  "appstudio profiles use staging",
)}`,
    )
    .action(async (opts) => {
      // --profile is a global option: the profile to store the credentials under.
      const profileName = ctx.profileName();
      const existing = ctx.store.read().profiles[profileName];
      // The environment wins over the stored profile, as for every other command.
      const url = normaliseUrl(opts.url ?? ctx.env.APPSTUDIO_URL ?? existing?.url ?? DEFAULT_URL);
      if ([opts.token !== undefined, opts.withToken, opts.passwordStdin].filter(Boolean).length > 1) {
        throw usageError("use only one of --token, --with-token and --password-stdin");
      }
      const token = opts.withToken ? await readStdinLine("token", "--with-token") : opts.token;
      const profile = token ? await withToken(url, token) : await withPassword(ctx, url, opts.user, opts.passwordStdin === true);
      const workspaceId = await pickWorkspace(
        new ManageClient({ baseUrl: url, token: profile.token }),
        existing?.url === url ? existing.workspaceId : undefined,
      );
      // Replacing a CLI-made token for the same server: revoke the old one so tokens do not pile up.
      if (existing?.tokenCreatedByCli && existing.tokenId && existing.url === url && existing.token !== profile.token) {
        await new ManageClient({ baseUrl: url, token: existing.token }).revokeToken(existing.tokenId).catch(() => undefined);
      }
      let current = profileName;
      ctx.store.update((config) => {
        config.profiles[profileName] = { ...profile, ...(workspaceId ? { workspaceId } : {}) };
        // Logging in to a second server must not silently redirect every later command to it.
        if (!config.currentProfile || !config.profiles[config.currentProfile]) config.currentProfile = profileName;
        current = config.currentProfile;
      });
      ctx.output.success(`Logged in to ${url} as ${profile.loginName} (profile ${profileName})`);
      if (current !== profileName) {
        ctx.output.info(
          `The current profile is still ${current}. Switch with \`${commandLine("profiles", "use", profileName)}\`, or pass ${commandLine("--profile", profileName).replace(/^appstudio /, "")}.`,
        );
      }
      if (workspaceId) ctx.output.info(`Current workspace: ${workspaceId}  (change it with \`appstudio workspaces use <ID>\`)`);
    });

  const logout = new Command("logout")
    .description("Revoke the CLI's token on the server and remove the profile")
    .addHelpText("after", examples("appstudio logout", "appstudio logout --profile staging"))
    .action(async () => {
      const name = ctx.profileName();
      const profile = ctx.store.read().profiles[name];
      if (!profile) throw usageError(`profile '${name}' is not logged in`);
      let revoked = false;
      // Only tokens the CLI created are revoked: one passed with --token may be used elsewhere too.
      if (profile.tokenCreatedByCli && profile.tokenId) {
        try {
          await new ManageClient({ baseUrl: profile.url, token: profile.token }).revokeToken(profile.tokenId);
          revoked = true;
        } catch (e) {
          ctx.output.warn(`could not revoke the token on the server (${(e as Error).message}); removing it locally anyway`);
        }
      }
      ctx.store.update((config) => {
        delete config.profiles[name];
        if (config.currentProfile === name) delete config.currentProfile;
      });
      ctx.output.success(`Logged out of ${profile.url} (profile ${name})${revoked ? "; token revoked" : ""}`);
    });

  const whoami = new Command("whoami")
    .description("Show the signed-in user, their policies and workspace roles")
    .option("--json", "print JSON: {user, superAdmin, canManageAllWorkspaces, memberships, profile, url}")
    .addHelpText("after", examples("appstudio whoami", "appstudio whoami --json | jq -r .user.id"))
    .action(async (opts) => {
      const profile = ctx.requireProfile();
      const profileName = ctx.resolveProfile().name;
      const me = await ctx.client().whoami();
      if (opts.json) return ctx.output.json({ ...me, profile: profileName, url: profile.url, workspaceId: profile.workspaceId ?? null });
      ctx.output.details([
        ["User", `${me.user.loginName} (${me.user.displayName})`],
        ["User ID", me.user.id],
        ["Account", me.user.isMain ? "main account" : "sub-account"],
        ["Policies", me.user.policies.join(", ") || "-"],
        ["Super admin", me.superAdmin ? "yes" : "no"],
        ["Workspaces", me.memberships.map((m) => `${m.workspaceId} (${m.role})`).join(", ") || "-"],
        ["Server", profile.url],
        ["Profile", profileName],
        ["Current workspace", profile.workspaceId ?? "-"],
      ]);
    });

  const profiles = new Command("profiles")
    .description("List the stored profiles or switch the current one")
    .addHelpText("after", examples("appstudio profiles", "appstudio profiles use staging", "appstudio --profile staging apps list"));
  profiles
    .command("list", { isDefault: true })
    .description("List profiles (* marks the current one)")
    .option("--json", "print JSON: [{name, current, url, loginName, workspaceId}]")
    .addHelpText("after", examples("appstudio profiles list", "appstudio profiles list --json"))
    .action((opts) => {
      const config = ctx.store.read();
      const current = ctx.profileName();
      const rows = Object.entries(config.profiles).map(([name, p]) => ({
        name,
        current: name === current,
        url: p.url,
        loginName: p.loginName ?? null,
        workspaceId: p.workspaceId ?? null,
      }));
      if (opts.json) return ctx.output.json(rows);
      ctx.output.table(
        rows,
        [
          { header: "", value: (r) => (r.current ? "*" : "") },
          { header: "PROFILE", value: (r) => r.name },
          { header: "URL", value: (r) => r.url },
          { header: "USER", value: (r) => r.loginName ?? "-" },
          { header: "WORKSPACE", value: (r) => r.workspaceId ?? "-" },
        ],
        "No profiles. Run `appstudio login`.",
      );
    });
  profiles
    .command("use")
    .description("Make a profile the current one")
    .argument("<name>", "profile name")
    .addHelpText("after", examples("appstudio profiles use staging"))
    .action((name) => {
      ctx.store.update((config) => {
        if (!config.profiles[name])
          throw usageError(`profile '${name}' does not exist`, `known profiles: ${Object.keys(config.profiles).join(", ") || "none"}`);
        config.currentProfile = name;
      });
      ctx.output.success(`Current profile: ${name}`);
    });

  return [login, logout, whoami, profiles];
}

async function withToken(url: string, token: string): Promise<Profile> {
  const client = new ManageClient({ baseUrl: url, token });
  const me = await client.whoami().catch((e: unknown) => {
    // The generic hint ("run `appstudio login`") would send the user back to the command that just failed.
    if (!(e instanceof ApiError && e.status === 401)) throw e;
    throw new CliError(
      e.message,
      ExitCode.Auth,
      `the token was refused (mistyped, expired or revoked): sign in with your password instead, which creates a new token: \`${commandLine("login", "--url", url)}\``,
      { cause: e },
    );
  });
  const tokens = await client.listTokens();
  const match = tokens.items.find((t) => token.startsWith(t.prefix.replace(/\.\.\..*$/, "")) && token.endsWith(t.prefix.split("...")[1] ?? ""));
  return { url, token, ...(match ? { tokenId: match.id } : {}), tokenCreatedByCli: false, ...identity(me) };
}

async function withPassword(ctx: CliContext, url: string, user: string | undefined, passwordStdin: boolean): Promise<Profile> {
  if (!passwordStdin && !isInteractive()) {
    throw usageError("cannot prompt for a password: standard input is not a terminal", "use --password-stdin (with --user) or --token");
  }
  const loginName = user ?? (passwordStdin ? undefined : await promptText("Login name"));
  if (!loginName) throw usageError("--user is required with --password-stdin");
  const password = passwordStdin ? await readStdinLine("password") : await promptPassword("Password");
  const anonymous = new ManageClient({ baseUrl: url });
  const { whoAmI, cookie } = await anonymous.signIn(loginName, password);
  if (!cookie) throw new Error("the server did not return a session cookie");
  const session = new ManageClient({ baseUrl: url, cookie });
  const created = await session.createToken({ name: `appstudio CLI on ${hostname()}`.slice(0, 100) });
  // The console session was only needed to mint the token; end it rather than leave it live.
  await session.signOut().catch(() => undefined);
  ctx.output.info(ctx.output.err.dim(`Created personal access token ${created.token.prefix}`));
  return { url, token: created.secret, tokenId: created.token.id, tokenCreatedByCli: true, ...identity(whoAmI) };
}

const identity = (me: WhoAmI) => ({ loginName: me.user.loginName, userId: me.user.id });

/** Keeps the profile's workspace when still visible; else the region's default workspace, else the first one. */
async function pickWorkspace(client: ManageClient, previous: string | undefined): Promise<string | undefined> {
  const page = await client.listWorkspaces({ limit: 200 });
  if (previous && page.items.some((w) => w.id === previous)) return previous;
  return (page.items.find((w) => w.isDefault) ?? page.items[0])?.id;
}
