import { randomBytes } from "node:crypto";
import type { ApiKeyWithHash, App, Repositories, User, Workspace } from "@appstudio/core";

/** Builders for the storage contract tests: valid rows with unique keys, overridable per test. */
const rand = () => randomBytes(6).toString("hex");
const now = () => new Date().toISOString();

export const userRow = (over: Partial<User> = {}): User & { passwordHash: string } => ({
  id: `u-${rand()}`,
  loginName: `user-${rand()}`,
  displayName: "Some One",
  isMain: false,
  disabled: false,
  policies: [],
  createdAt: now(),
  updatedAt: now(),
  passwordHash: "hash",
  ...over,
});

export const workspaceRow = (over: Partial<Workspace> = {}): Workspace => ({
  id: `ws-${rand()}${rand().slice(0, 4)}`,
  name: `ws-${rand()}`,
  region: "local",
  isDefault: false,
  createdAt: now(),
  updatedAt: now(),
  ...over,
});

export const appRow = (workspaceId: string, over: Partial<App> = {}): App => ({
  id: randomBytes(16).toString("hex"),
  workspaceId,
  type: "agent",
  name: `app-${rand()}`,
  description: "",
  draft: { model: "m", instructions: "", dialogRounds: 3, tools: [] },
  draftChanged: true,
  publishedVersion: null,
  publishedAt: null,
  createdBy: "u-x",
  createdAt: now(),
  updatedAt: now(),
  ...over,
});

export const apiKeyRow = (workspaceId: string, over: Partial<ApiKeyWithHash> = {}): ApiKeyWithHash => ({
  id: `key-${rand()}`,
  workspaceId,
  prefix: "sk-abcd...ef01",
  description: "",
  createdBy: "u-x",
  createdAt: now(),
  lastUsedAt: null,
  disabled: false,
  ipAllowlist: [],
  appAllowlist: [],
  scope: "workspace",
  secretHash: rand() + rand(),
  ...over,
});

/** A user and a workspace, the two rows most other rows hang from. */
export async function seedUserAndWorkspace(repos: Repositories) {
  const user = userRow();
  const workspace = workspaceRow();
  await repos.users.create(user);
  await repos.workspaces.create(workspace);
  return { user, workspace };
}

/** Asserts a promise rejects with the core AppError Conflict (not a raw driver error). */
export async function conflictOf(write: Promise<unknown>): Promise<string | undefined> {
  try {
    await write;
  } catch (e) {
    return (e as { name?: string; code?: string }).name === "AppError" ? (e as { code: string }).code : `raw: ${String(e)}`;
  }
  return undefined;
}
