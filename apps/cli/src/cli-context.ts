import { type AppDetail, ManageClient } from "@appstudio/sdk";
import { ConfigStore, type Profile } from "./config-store.js";
import { CliError, ExitCode, usageError } from "./exit-codes.js";
import { Output } from "./output.js";

export const DEFAULT_URL = "http://localhost:8080";
export const APP_ID = /^[0-9a-f]{32}$/;

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
  private cachedOutput: Output | undefined;

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

  /** --profile, else $APPSTUDIO_PROFILE, else the profile of the last login, else "default". */
  profileName(): string {
    return this.globals().profile ?? this.env.APPSTUDIO_PROFILE ?? this.store.read().currentProfile ?? "default";
  }

  /**
   * The stored profile; `APPSTUDIO_TOKEN` (with `APPSTUDIO_URL`) replaces the stored credentials,
   * so CI jobs can run commands without a config file.
   */
  profile(): Profile | undefined {
    const stored = this.store.read().profiles[this.profileName()];
    const token = this.env.APPSTUDIO_TOKEN;
    if (token) return { ...stored, url: this.env.APPSTUDIO_URL ?? stored?.url ?? DEFAULT_URL, token, tokenCreatedByCli: false };
    return stored;
  }

  requireProfile(): Profile {
    const profile = this.profile();
    if (!profile) {
      const flag = this.profileName() === "default" ? "" : ` --profile ${this.profileName()}`;
      throw new CliError(
        `not logged in (profile '${this.profileName()}')`,
        ExitCode.Auth,
        `run \`appstudio login${flag} --url <server>\`, or set APPSTUDIO_TOKEN`,
      );
    }
    return profile;
  }

  client(): ManageClient {
    const profile = this.requireProfile();
    return new ManageClient({ baseUrl: profile.url, token: profile.token });
  }

  /** --workspace, else the profile's current workspace (`workspaces use`). */
  workspaceId(flag: string | undefined): string {
    // Not being logged in is the more useful error when both are true.
    const id = flag ?? this.requireProfile().workspaceId;
    if (!id) throw usageError("no workspace selected", "pass --workspace <ID>, or choose a default with `appstudio workspaces use <ID>`");
    return id;
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
