import {
  type AgentConfig,
  type App,
  checkAppConfig,
  createApp,
  defaultAgentConfig,
  deleteApp,
  getApp,
  getAppVersion,
  listApps,
  notFound,
  publishApp,
  updateApp,
} from "@appstudio/core";
import type { AcsCall, AcsOperation } from "../acs-operation.js";
import { type AgentSettings, agentSettingsOf, publishedAgentOf, withAgentSettings } from "./agent-config-mapping.js";
import { bailianEnvelope, jsonParameter, optionalText, pageOf, requiredText } from "./bailian-envelope.js";
import { inWorkspace, scopedWorkspace } from "./workspace-scope.js";

/**
 * Bailian's agent operations over our agent apps: an agent's `code` is its App ID, "publish"
 * is our publish (a new immutable version), and every step goes through core's app use cases,
 * so `authorize()` decides exactly as in the management API. Workflow apps are not agents here,
 * as upstream has no workflow operations.
 */
const version = "2023-12-29";
const collection = "/:workspaceId/application/agents";
const member = `${collection}/:appCode`;

async function findAgent(call: AcsCall, workspaceId: string): Promise<App> {
  const appCode = call.params.appCode ?? "";
  const missing = () => notFound("Agent", appCode);
  const app = inWorkspace(await getApp(call.container.core, call.principal, appCode, workspaceId), workspaceId, missing);
  if (app.type !== "agent") throw missing();
  return app;
}

async function publishedConfigOf(call: AcsCall, app: App): Promise<AgentConfig> {
  if (app.publishedVersion === null) throw notFound("Published agent", app.id);
  return (await getAppVersion(call.container.core, call.principal, app.id, app.publishedVersion)).config as AgentConfig;
}

/** The named top-level fields of a create or update request. */
function agentFields(body: Record<string, unknown>) {
  const modelId = optionalText(body.modelId, "modelId")?.trim();
  return {
    name: optionalText(body.name, "name"),
    modelId: modelId === "" ? undefined : modelId,
    instructions: optionalText(body.instructions, "instructions"),
    applicationConfig: jsonParameter(body.applicationConfig, "applicationConfig"),
  };
}

async function listPublishedAgents(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const page = pageOf(call.query.pageNo, call.query.pageSize, { pageNo: "pageNo", pageSize: "pageSize" });
  const { core } = call.container;
  const apps = await listApps(core, call.principal, { workspaceId, type: "agent", publishedOnly: true, limit: page.limit, offset: page.offset });
  // listApps authorized reading the workspace, so each listed app's published version is read directly.
  const list = await Promise.all(
    apps.items.map(async (app) => {
      const published = app.publishedVersion === null ? undefined : await core.repos.apps.findVersion(app.id, app.publishedVersion);
      return publishedAgentOf(app, (published?.config ?? app.draft) as AgentConfig);
    }),
  );
  return bailianEnvelope(call.requestId, { list, pageNo: page.pageNo, pageSize: page.pageSize, total: apps.total });
}

async function getPublishedAgent(call: AcsCall) {
  const app = await findAgent(call, await scopedWorkspace(call));
  return bailianEnvelope(call.requestId, publishedAgentOf(app, await publishedConfigOf(call, app)));
}

async function createAndPublishAgent(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const { core } = call.container;
  const fields = agentFields(call.body);
  const name = requiredText(fields.name, "name");
  const base = defaultAgentConfig(fields.modelId ?? core.settings.defaultModel);
  const config = withAgentSettings(
    { ...base, ...(fields.instructions !== undefined ? { instructions: fields.instructions } : {}) },
    agentSettingsOf(fields.applicationConfig),
  );
  // Checked as strictly as publishing will, so a bad request leaves no half-made app behind.
  checkAppConfig("agent", config, true);
  const app = await createApp(core, call.principal, { workspaceId, type: "agent", name, config });
  try {
    await publishApp(core, call.principal, app.id);
  } catch (err) {
    await deleteApp(core, call.principal, app.id).catch(() => undefined);
    throw err;
  }
  return bailianEnvelope(call.requestId, app.id);
}

/**
 * UpdateAndPublishAgent replaces the whole `applicationConfig` (a part left out takes its
 * default); UpdateAndPublishAgentSelective changes only the parts sent. Both keep `name`,
 * `modelId` and `instructions` when they are absent, and keep what Bailian cannot express
 * (HTTP tools, topP, topK, seed).
 */
function updateAndPublish(selective: boolean) {
  return async (call: AcsCall) => {
    const workspaceId = await scopedWorkspace(call);
    const { core } = call.container;
    const app = await findAgent(call, workspaceId);
    const fields = agentFields(call.body);
    const current = app.draft as AgentConfig;
    const settings: AgentSettings = agentSettingsOf(fields.applicationConfig, selective ? current.knowledge : undefined);
    const base: AgentConfig = selective ? { ...current } : settingsCleared(current);
    const config = withAgentSettings(
      {
        ...base,
        ...(fields.modelId !== undefined ? { model: fields.modelId } : {}),
        ...(fields.instructions !== undefined ? { instructions: fields.instructions } : {}),
      },
      settings,
    );
    checkAppConfig("agent", config, true);
    await updateApp(core, call.principal, app.id, { ...(fields.name !== undefined ? { name: fields.name } : {}), config });
    await publishApp(core, call.principal, app.id);
    return bailianEnvelope(call.requestId, app.id);
  };
}

/** An agent configuration with every setting `applicationConfig` can carry back at its default. */
function settingsCleared(config: AgentConfig): AgentConfig {
  const { temperature: _t, maxTokens: _m, enableThinking: _e, knowledge: _k, longTermMemory: _l, ...kept } = config;
  return { ...kept, dialogRounds: defaultAgentConfig(config.model).dialogRounds };
}

async function deleteAgent(call: AcsCall) {
  const app = await findAgent(call, await scopedWorkspace(call));
  await deleteApp(call.container.core, call.principal, app.id);
  return bailianEnvelope(call.requestId, app.id);
}

export const agentOperations: AcsOperation[] = [
  { action: "ListPublishedAgent", version, method: "GET", path: collection, handle: listPublishedAgents },
  { action: "GetPublishedAgent", version, method: "GET", path: member, handle: getPublishedAgent },
  // Spelled as upstream spells it.
  { action: "CreateAndPulishAgent", version, method: "POST", path: collection, handle: createAndPublishAgent },
  { action: "UpdateAndPublishAgent", version, method: "PUT", path: member, handle: updateAndPublish(false) },
  { action: "UpdateAndPublishAgentSelective", version, method: "PUT", path: `${member}/updateAndPublishAgentSelective`, handle: updateAndPublish(true) },
  { action: "DeleteAgent", version, method: "DELETE", path: member, handle: deleteAgent },
];
