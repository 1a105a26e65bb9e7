import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CliError, ExitCode } from "./exit-codes.js";

/** One server the CLI talks to, with the credentials `appstudio login` stored for it. */
export interface Profile {
  url: string;
  token: string;
  /** Id of the personal access token, so `logout` can revoke it. */
  tokenId?: string;
  /** True when `login` created the token (and `logout` may revoke it); false for one given with --token. */
  tokenCreatedByCli?: boolean;
  loginName?: string;
  userId?: string;
  /** The default workspace of this profile (`workspaces use`). */
  workspaceId?: string;
}

export interface CliConfig {
  version: 1;
  currentProfile?: string;
  profiles: Record<string, Profile>;
}

/** `$APPSTUDIO_CONFIG_DIR`, else `$XDG_CONFIG_HOME/appstudio`, else `~/.config/appstudio`. */
function configDir(env: NodeJS.ProcessEnv): string {
  if (env.APPSTUDIO_CONFIG_DIR) return env.APPSTUDIO_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "appstudio");
}

export class ConfigStore {
  readonly file: string;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.file = join(configDir(env), "config.json");
  }

  read(): CliConfig {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, profiles: {} };
      throw new CliError(`cannot read ${this.file}: ${(e as Error).message}`, ExitCode.Error);
    }
    try {
      const parsed = JSON.parse(text) as Partial<CliConfig>;
      return { version: 1, ...(parsed.currentProfile ? { currentProfile: parsed.currentProfile } : {}), profiles: parsed.profiles ?? {} };
    } catch {
      throw new CliError(`${this.file} is not valid JSON`, ExitCode.Error, `fix or delete the file, then run \`appstudio login\` again`);
    }
  }

  /**
   * Writes atomically (temp file + rename) so a crash never leaves half a file, with mode 0600
   * because the file holds tokens; the directory is 0700 for the same reason.
   */
  write(config: CliConfig): void {
    const dir = configDir(this.env);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    // writeFileSync's mode is filtered by the umask; set it explicitly.
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }

  update(change: (config: CliConfig) => void): CliConfig {
    const config = this.read();
    change(config);
    this.write(config);
    return config;
  }
}
