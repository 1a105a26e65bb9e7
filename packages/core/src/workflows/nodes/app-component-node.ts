import type { AgentConfig } from "../../apps/app-types.js";
import { findPublishedApp } from "../../apps/find-published-app.js";
import { isAppError } from "../../errors.js";
import { APP_ID_PATTERN } from "../../ids.js";
import type { ModelUsage } from "../../runtime/agent-events.js";
import { runAgent } from "../../runtime/run-agent.js";
import { toText } from "../variables.js";
import { type NodeDefinition, NodeFailure, type NodeSource } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

export interface AppComponentConfig {
  /** A published agent app of the same workspace. */
  appId: string;
  prompt: string;
  /** `user_prompt_params` for the called agent's `${variables}`. */
  promptParams: Record<string, unknown>;
  returnResult: boolean;
}

/** Calls another published agent app of the workspace and streams its answer. */
export const appComponentNode: NodeDefinition<AppComponentConfig> = {
  type: "AppComponent",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const appId = r.string("appId", { required: true });
    if (appId && !APP_ID_PATTERN.test(appId)) report("appId", "must be an App ID (32 lowercase hex characters)");
    return {
      appId,
      prompt: r.string("prompt", { required: true, max: 100_000 }),
      promptParams: r.record("promptParams"),
      returnResult: r.boolean("returnResult", false),
    };
  },
  outputs: () => ({ result: "String" }),
  sources(config) {
    const sources: NodeSource[] = [{ field: "prompt", value: config.prompt }];
    for (const [k, v] of Object.entries(config.promptParams)) sources.push({ field: `promptParams.${k}`, value: v });
    return sources;
  },
  streamed: ["result"],
  defaultTimeoutMs: 180_000,
  async run(ctx) {
    const { config, deps, call } = ctx;
    if (!deps.apps) throw new NodeFailure("AppError", "app components are not available on this server");
    const lookup = await findPublishedApp(deps.apps, call.workspaceId, config.appId);
    if (!lookup.found && lookup.reason === "missing") throw new NodeFailure("AppError", `no app '${config.appId}' in this workspace`);
    if (!lookup.found) throw new NodeFailure("AppError", `app '${lookup.app.name}' has not been published`);
    const { app, version } = lookup;
    if (app.type !== "agent") throw new NodeFailure("AppError", `app '${app.name}' is a workflow app; app components call agent apps`);
    const promptParams = Object.fromEntries(Object.keys(config.promptParams).map((k) => [k, toText(ctx.inputs[`promptParams.${k}`])]));
    let text = "";
    let usage: ModelUsage[] = [];
    try {
      for await (const event of runAgent({
        config: version.config as AgentConfig,
        models: deps.models,
        prompt: toText(ctx.inputs.prompt),
        bizParams: { user_prompt_params: promptParams },
        toolClient: deps.toolClient,
        signal: ctx.signal,
        workspaceId: app.workspaceId,
        ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
        ...(deps.mcp ? { mcp: deps.mcp } : {}),
      })) {
        if (event.type === "text") {
          text += event.delta;
          ctx.emit("result", event.delta);
        } else if (event.type === "done") usage = event.usage;
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      throw new NodeFailure(
        "AppError",
        `app '${app.name}' failed: ${error instanceof Error ? error.message : String(error)}`,
        isAppError(error) ? error : undefined,
      );
    }
    return { outputs: { result: text }, usage, model: (version.config as AgentConfig).model };
  },
};
