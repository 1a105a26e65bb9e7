import type { Clock } from "./ports/clock.js";
import type { PasswordHasher } from "./ports/password-hasher.js";
import type { Repositories } from "./ports/repositories.js";
import type { Region } from "./workspaces/workspace-types.js";

/** Settings the use cases need; built from the server config. */
export interface CoreSettings {
  regions: Region[];
  /** Sub-workspaces allowed per region (the default workspace is not counted). */
  maxSubWorkspacesPerRegion: number;
  consoleSessionTtlSeconds: number;
  /** Model put into new agent apps. */
  defaultModel: string;
}

/** What every use case receives: ports and settings, never a framework object. */
export interface CoreDeps {
  repos: Repositories;
  hasher: PasswordHasher;
  clock: Clock;
  settings: CoreSettings;
}
