import type { AppTurnDeps } from "@appstudio/core";
import type { Container } from "../../../container.js";

export function appTurnDeps(container: Container): AppTurnDeps {
  return {
    conversations: container.core.repos.conversations,
    models: container.models.router,
    toolClient: container.toolClient,
    clock: container.core.clock,
    sessionIdleSeconds: container.config.sessionIdleSeconds,
    sessionMaxRounds: container.config.sessionMaxRounds,
  };
}
