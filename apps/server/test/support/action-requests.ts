import type { Action } from "@appstudio/core";
import { addMember, createApp, createUser, createWorkspace, uniqueName } from "./accounts.js";
import type { Actor, World } from "./permission-world.js";

interface HttpRequest {
  method: string;
  path: string;
  body?: unknown;
}

/** Builds the one request that exercises an action against workspace W (fresh fixtures for destructive ones). */
export type ActionRequest = (world: World, actor: Actor) => Promise<HttpRequest>;

/** Actions in the table with no management route yet; each names why, and a guard test keeps the list honest. */
export interface NotExposed {
  notExposed: string;
}

const M = "/manage/v1";

export const actionRequests: Record<Action, ActionRequest | NotExposed> = {
  "account.read-self": async () => ({ method: "GET", path: `${M}/whoami` }),
  // Same password in and out keeps the principal usable for the rest of the matrix.
  "account.change-own-password": async (_w, actor) => ({
    method: "POST",
    path: `${M}/account/password`,
    body: { currentPassword: actor.password, newPassword: actor.password },
  }),
  "token.manage-own": async () => ({ method: "POST", path: `${M}/tokens`, body: { name: "matrix" } }),
  "accesskey.manage-own": async () => ({ method: "POST", path: `${M}/access-keys`, body: {} }),
  // A fresh plain (rank 1) account: the actor must outrank it.
  "accesskey.manage": async (w) => ({ method: "POST", path: `${M}/access-keys`, body: { userId: (await createUser(w.server)).id } }),

  "user.list": async () => ({ method: "GET", path: `${M}/users` }),
  "user.read": async (w) => ({ method: "GET", path: `${M}/users/${w.bystander}` }),
  "user.create": async () => ({ method: "POST", path: `${M}/users`, body: { loginName: uniqueName("created"), password: "a-good-password" } }),
  "user.update": async (w) => ({ method: "PATCH", path: `${M}/users/${w.bystander}`, body: { displayName: uniqueName("Renamed") } }),
  "user.delete": async (w) => ({ method: "DELETE", path: `${M}/users/${(await createUser(w.server)).id}` }),
  "user.set-policies": async (w) => ({ method: "PATCH", path: `${M}/users/${(await createUser(w.server)).id}`, body: { policies: ["ReadOnlyAccess"] } }),

  "workspace.list-all": async () => ({ method: "GET", path: `${M}/workspaces?all=true` }),
  "workspace.read": async (w) => ({ method: "GET", path: `${M}/workspaces/${w.workspaceW}` }),
  "workspace.create": async () => ({ method: "POST", path: `${M}/workspaces`, body: { name: uniqueName("created") } }),
  "workspace.rename": async (w) => ({ method: "PATCH", path: `${M}/workspaces/${w.workspaceW}`, body: { name: uniqueName("renamed") } }),
  // A fresh, empty workspace in which the actor holds the same role as in W.
  "workspace.delete": async (w, actor) => {
    const fresh = await createWorkspace(w.server);
    if (actor.grants.roleInW) await addMember(w.server, fresh, actor.userId, actor.grants.roleInW);
    return { method: "DELETE", path: `${M}/workspaces/${fresh}` };
  },

  "member.list": async (w) => ({ method: "GET", path: `${M}/workspaces/${w.workspaceW}/members` }),
  "member.manage": async (w) => ({
    method: "POST",
    path: `${M}/workspaces/${w.workspaceW}/members`,
    body: { userId: (await createUser(w.server)).id, role: "member" },
  }),

  "app.read": async (w) => ({ method: "GET", path: `${M}/apps/${w.appInW}` }),
  "app.write": async (w) => ({ method: "PATCH", path: `${M}/apps/${w.appInW}`, body: { description: uniqueName("edited") } }),
  "app.publish": async (w) => ({ method: "POST", path: `${M}/apps/${w.appInW}/publish`, body: {} }),
  "app.delete": async (w) => ({ method: "DELETE", path: `${M}/apps/${await createApp(w.server, w.workspaceW)}` }),
  "app.run": async (w) => ({ method: "POST", path: `${M}/apps/${w.appInW}/test-run`, body: { input: { prompt: "hello" } } }),

  "knowledge.read": async (w) => ({ method: "GET", path: `${M}/knowledge-bases?workspaceId=${w.workspaceW}` }),
  "knowledge.write": async (w) => ({ method: "POST", path: `${M}/knowledge-bases`, body: { workspaceId: w.workspaceW, name: uniqueName("matrix-kb") } }),

  "apikey.read": async (w) => ({ method: "GET", path: `${M}/api-keys/${w.keyInW}` }),
  "apikey.manage": async (w) => ({ method: "POST", path: `${M}/api-keys`, body: { workspaceId: w.workspaceW, description: "matrix" } }),
  "apikey.manage-region": async (w) => ({
    method: "POST",
    path: `${M}/api-keys`,
    body: { workspaceId: w.workspaceW, description: "matrix", scope: "region" },
  }),

  "audit.read": async (w) => ({ method: "GET", path: `${M}/audit-events?workspaceId=${w.workspaceW}` }),
  "calllog.read": async (w) => ({ method: "GET", path: `${M}/call-logs?workspaceId=${w.workspaceW}` }),

  "provider.read": async (w) => ({ method: "GET", path: `${M}/providers?workspaceId=${w.workspaceW}` }),
  "provider.manage": async () => ({
    method: "POST",
    path: `${M}/providers`,
    body: { name: uniqueName("matrix"), baseUrl: "http://127.0.0.1:9/v1", models: [uniqueName("matrix-model")] },
  }),

  "memory.read": async (w) => ({ method: "GET", path: `${M}/memories?workspaceId=${w.workspaceW}` }),
  "memory.write": async (w) => ({ method: "POST", path: `${M}/memories`, body: { workspaceId: w.workspaceW, description: "matrix" } }),

  "mcp.read": async (w) => ({ method: "GET", path: `${M}/mcp-services?workspaceId=${w.workspaceW}` }),
  "mcp.manage": async (w) => ({
    method: "POST",
    path: `${M}/mcp-services`,
    body: { workspaceId: w.workspaceW, name: uniqueName("mcp"), url: "http://127.0.0.1:9/mcp" },
  }),
};

export const isNotExposed = (r: ActionRequest | NotExposed): r is NotExposed => "notExposed" in r;

/**
 * For requests that name a resource in the path: the action that lets a principal see it. A
 * principal without it gets the same 404 as for an ID that does not exist.
 */
export const lookedUpWith: Partial<Record<Action, Action>> = {
  "user.read": "user.read",
  "user.update": "user.read",
  "user.delete": "user.read",
  "user.set-policies": "user.read",
  "workspace.read": "workspace.read",
  "workspace.rename": "workspace.read",
  "workspace.delete": "workspace.read",
  "member.list": "workspace.read",
  "member.manage": "workspace.read",
  "app.read": "app.read",
  "app.write": "app.read",
  "app.publish": "app.read",
  "app.delete": "app.read",
  "app.run": "app.read",
  "apikey.read": "apikey.read",
};

/** Requests above that act on an existing (plain, rank 1) account, so the actor must outrank it. */
export const actsOnExistingUser: readonly Action[] = ["user.update", "user.delete", "user.set-policies", "accesskey.manage"];
