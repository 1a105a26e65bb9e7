import type { Policy } from "@appstudio/core";
import { expect } from "vitest";
import type { TestServer } from "../../src/testing/index.js";

let counter = 0;
/** A login name / resource name that no other test in this process uses. */
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

export interface TestUser {
  id: string;
  loginName: string;
  password: string;
}

/** Creates a sub-account through the API (as the main account). */
export async function createUser(server: TestServer, options: { policies?: Policy[]; loginName?: string; password?: string } = {}): Promise<TestUser> {
  const loginName = options.loginName ?? uniqueName("user");
  const password = options.password ?? `pw-${loginName}-secret`;
  const res = await server.call("POST", "/manage/v1/users", {
    token: server.adminToken,
    body: { loginName, password, ...(options.policies ? { policies: options.policies } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, loginName, password };
}

/** Signs in through the console endpoint; returns the `name=value` cookie pair. */
export async function signIn(server: TestServer, loginName: string, password: string): Promise<string> {
  const res = await server.call("POST", "/manage/v1/session", { body: { loginName, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  expect(cookie).toBeTruthy();
  return cookie!;
}

/** Signs in and creates a personal access token, as a user of the console would. */
export async function createToken(server: TestServer, user: Pick<TestUser, "loginName" | "password">): Promise<{ id: string; secret: string }> {
  const cookie = await signIn(server, user.loginName, user.password);
  const res = await server.call("POST", "/manage/v1/tokens", { headers: { cookie }, body: { name: "test" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.token.id, secret: res.body.secret };
}

export async function createWorkspace(server: TestServer, name = uniqueName("ws")): Promise<string> {
  const res = await server.call("POST", "/manage/v1/workspaces", { token: server.adminToken, body: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function addMember(server: TestServer, workspaceId: string, userId: string, role: "admin" | "member"): Promise<void> {
  const res = await server.call("POST", `/manage/v1/workspaces/${workspaceId}/members`, { token: server.adminToken, body: { userId, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function createApp(server: TestServer, workspaceId: string, name = uniqueName("app")): Promise<string> {
  const res = await server.call("POST", "/manage/v1/apps", { token: server.adminToken, body: { workspaceId, type: "agent", name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function createApiKey(server: TestServer, workspaceId: string): Promise<{ id: string; secret: string }> {
  const res = await server.call("POST", "/manage/v1/api-keys", { token: server.adminToken, body: { workspaceId, description: "test key" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.key.id, secret: res.body.secret };
}
