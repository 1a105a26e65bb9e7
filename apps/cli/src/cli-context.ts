import { ApiError, type AppDetail, ManageClient, type Workspace } from "@appstudio/sdk";
import { ConfigStore, type Profile } from "./config-store.js";
import { CliError, ExitCode, usageError } from "./exit-codes.js";
import { Output } from "./output.js";
import { normaliseUrl } from "./server-url.js";
import { commandLine } from "./shell-quote.js";

export const DEFAULT_URL = "http://localhost:8080";
export const APP_ID = /^[0-9a-f]{32}$/;
export const WORKSPACE_ID = /^ws-[a-z0-9]{16}$/;

export interface GlobalOptions {
  profile?: string;
  color?: boolean;
}

/**
 * What every command needs: where its profile lives, how to reach the server, how to print.
 * Built once per run; the global options are read lazily because commander parses them
 * only when the command runs.
 */
export class CliContext {
  readonly store: ConfigStore;
  /** The command line asked for --json: errors are printed as JSON too (`handleError`). */
  jsonErrors = false;
  private cachedOutput: Output | undefined;
  /** APPSTUDIO_WORKSPACE when it names a workspace by name: the ID it resolved to (`resolveWorkspaceNames`). */
  private envWorkspaceId: string | undefined;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    private readonly globals: () => GlobalOptions,
  ) {
    this.store = new ConfigStore(env);
  }

  get output(): Output {
    this.cachedOutput ??= new Output(process.stdout, process.stderr, this.env, this.globals().color === false);
    return this.cachedOutput;
  }

  /** --profile, else $APPSTUDIO_PROFILE, else the current profile (`profiles use`, first login), else "default". */
  profileName(): string {
    return this.globals().profile ?? this.env.APPSTUDIO_PROFILE ?? this.store.read().currentProfile ?? "default";
  }

  /**
   * The profile commands run with. The environment wins over stored profiles, as GH_HOST does:
   * - APPSTUDIO_URL and APPSTUDIO_TOKEN: exactly that server and token (a stored profile for the
   *   same URL only contributes its current workspace);
   * - APPSTUDIO_URL alone: the stored profile for that URL (the selected one if it matches, else
   *   any), else none, so the command says "not logged in to <URL>";
   * - APPSTUDIO_TOKEN alone: that token against the selected profile's URL, else the default URL.
   */
  resolveProfile(): { name: string; profile: Profile | undefined } {
    const profiles = this.store.read().profiles;
    const selected = this.profileName();
    const envUrl = this.env.APPSTUDIO_URL ? normaliseUrl(this.env.APPSTUDIO_URL) : undefined;
    let name = selected;
    if (envUrl && profiles[selected]?.url !== envUrl) {
      name = Object.keys(profiles).find((n) => profiles[n]?.url === envUrl) ?? selected;
    }
    const stored = envUrl && profiles[name]?.url !== envUrl ? undefined : profiles[name];
    const token = this.env.APPSTUDIO_TOKEN;
    if (!token) return { name, profile: stored };
    const url = envUrl ?? stored?.url ?? DEFAULT_URL;
    return { name, profile: { url, token, tokenCreatedByCli: false, ...(stored?.workspaceId ? { workspaceId: stored.workspaceId } : {}) } };
  }

  profile(): Profile | undefined {
    return this.resolveProfile().profile;
  }

  requireProfile(): Profile {
    const { name, profile } = this.resolveProfile();
    if (profile) return profile;
    if (this.env.APPSTUDIO_URL) {
      throw new CliError(
        `not logged in to ${this.env.APPSTUDIO_URL} (APPSTUDIO_URL)`,
        ExitCode.Auth,
        `run \`${commandLine("login", "--url", this.env.APPSTUDIO_URL)}\`, or set APPSTUDIO_TOKEN too`,
      );
    }
    const login = name === "default" ? commandLine("login", "--url") : commandLine("--profile", name, "login", "--url");
    throw new CliError(`not logged in (profile '${name}')`, ExitCode.Auth, `run \`${login} <server>\`, or set APPSTUDIO_TOKEN`);
  }

  client(): ManageClient {
    const profile = this.requireProfile();
    return new ManageClient({ baseUrl: profile.url, token: profile.token });
  }

  /** --workspace, else $APPSTUDIO_WORKSPACE, else the profile's current workspace (`workspaces use`). */
  workspaceId(flag: string | undefined): string {
    // Not being logged in is the more useful error when both are true.
    const id = flag ?? this.envWorkspaceId ?? (this.env.APPSTUDIO_WORKSPACE || undefined) ?? this.requireProfile().workspaceId;
    if (!id) {
      throw usageError("no workspace selected", "pass --workspace <ID>, set APPSTUDIO_WORKSPACE, or choose a default with `appstudio workspaces use <ID>`");
    }
    return id;
  }

  /**
   * workspaceId(), checked on the server. Lists filter by workspace, and a filter on a workspace
   * that does not exist matches nothing: without this, a mistyped ID would print an empty list
   * and exit 0.
   */
  async existingWorkspaceId(flag: string | undefined): Promise<string> {
    const id = this.workspaceId(flag);
    try {
      await this.client().getWorkspace(id);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      const source = flag ? "" : this.env.APPSTUDIO_WORKSPACE ? " (from APPSTUDIO_WORKSPACE)" : " (the profile's current workspace)";
      throw new CliError(`workspace ${id}${source} not found`, ExitCode.NotFound, "list the workspaces you can use with `appstudio workspaces list`");
    }
    return id;
  }

  /**
   * A workspace named by ID (passed through, no request) or by name. Names are not unique (every
   * region has a "default"), so a name must match exactly one workspace the user can see: first
   * among the joined ones, then, for administrators, among all.
   */
  async workspaceIdOf(value: string, source = ""): Promise<string> {
    if (WORKSPACE_ID.test(value)) return value;
    const client = this.client();
    const exact = (items: Workspace[]) => items.filter((w) => w.name === value);
    let matches = exact((await client.listWorkspaces({ name: value, limit: 200 })).items);
    if (matches.length === 0) {
      matches = await client.listWorkspaces({ name: value, limit: 200, all: true }).then(
        (page) => exact(page.items),
        (e) => {
          if (e instanceof ApiError && e.status === 403) return [];
          throw e;
        },
      );
    }
    const [only, ...others] = matches;
    if (!only) {
      throw new CliError(
        `workspace '${value}'${source} not found`,
        ExitCode.NotFound,
        `list the workspaces you can use with \`${commandLine("workspaces", "list")}\``,
      );
    }
    if (others.length > 0) {
      const ids = matches.map((w) => `${w.id} (region ${w.region})`).join(", ");
      throw usageError(`${matches.length} workspaces are named '${value}'${source}: ${ids}`, "name the workspace by its ID");
    }
    return only.id;
  }

  /**
   * Lets every `-w, --workspace` flag and APPSTUDIO_WORKSPACE name a workspace by name: run
   * before each command's action, it replaces a name with the workspace's ID, so commands only
   * ever see IDs. APPSTUDIO_WORKSPACE is resolved only for commands that take a workspace.
   */
  async resolveWorkspaceNames(command: {
    getOptionValue(key: string): unknown;
    setOptionValue(key: string, value: unknown): unknown;
    options: readonly { attributeName(): string }[];
  }): Promise<void> {
    if (!command.options.some((o) => o.attributeName() === "workspace")) return;
    const flag = command.getOptionValue("workspace");
    if (typeof flag === "string") {
      command.setOptionValue("workspace", await this.workspaceIdOf(flag));
      return;
    }
    const fromEnv = this.env.APPSTUDIO_WORKSPACE;
    if (fromEnv && !WORKSPACE_ID.test(fromEnv)) this.envWorkspaceId = await this.workspaceIdOf(fromEnv, " (from APPSTUDIO_WORKSPACE)");
  }

  /** APP is an App ID, or an app's name, which is unique within a workspace. */
  async resolveApp(app: string, workspaceFlag: string | undefined): Promise<AppDetail> {
    const client = this.client();
    if (APP_ID.test(app)) return client.getApp(app);
    return client.getApp(app, { workspaceId: this.workspaceId(workspaceFlag) });
  }

  saveProfile(name: string, change: (profile: Profile) => Profile): void {
    this.store.update((config) => {
      const current = config.profiles[name];
      if (!current) throw new CliError(`profile '${name}' does not exist`, ExitCode.Auth, "run `appstudio login` first");
      config.profiles[name] = change(current);
    });
  }
}
