import { type Action, type MemberRole, type Policy, permissionTable } from "@appstudio/core";
import { createHash, randomBytes } from "node:crypto";
import { startFakeModelServer } from "@appstudio/core/testing";
import { expect } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../../src/testing/index.js";
import { addMember, createApiKey, createApp, createToken, createUser, createWorkspace } from "./accounts.js";

/** What a principal holds. The matrix derives every expected outcome from these grants alone. */
export interface Grants {
  isMain?: boolean;
  policies: Policy[];
  /** Role in workspace W, the workspace every action is exercised against. */
  roleInW?: MemberRole;
  disabled?: boolean;
  token?: "valid" | "revoked" | "expired";
}

export const principals = {
  main: { isMain: true, policies: ["FullAccess"] },
  fullAccess: { policies: ["FullAccess"] },
  controlFullAccess: { policies: ["ControlFullAccess"] },
  readOnlyAdminOfW: { policies: ["ReadOnlyAccess"], roleInW: "admin" },
  adminOfW: { policies: [], roleInW: "admin" },
  memberOfW: { policies: [], roleInW: "member" },
  // Admin of another workspace: grants elsewhere must not leak into W.
  nonMember: { policies: [] },
  // Every grant a sub-account can hold, then disabled: disabled must win over all of them.
  disabledUser: { policies: ["ControlFullAccess"], roleInW: "admin", disabled: true },
  revokedToken: { policies: ["FullAccess"], roleInW: "admin", token: "revoked" },
  expiredToken: { policies: ["FullAccess"], roleInW: "admin", token: "expired" },
} satisfies Record<string, Grants>;

export type PrincipalName = keyof typeof principals;

export type Expected = { allowed: true } | { allowed: false; status: number; code: string };

/**
 * The expected outcome, derived independently from the rules as the table's TSDoc states them
 * (not by calling core's isAllowed): a dead credential or a disabled account is refused before
 * anything else; `self` actions are open to every signed-in user; super administrators may do
 * everything; ReadOnlyAccess refuses writes whatever the role; otherwise a listed policy or a
 * listed role in the workspace grants it.
 */
export function expectedOutcome(grants: Grants, action: Action): Expected {
  const deny = { allowed: false as const, status: 403, code: "InsufficientPermissions" };
  if (grants.token === "revoked" || grants.token === "expired") return { allowed: false, status: 401, code: "NotAuthenticated" };
  if (grants.disabled) return { allowed: false, status: 403, code: "AccountDisabled" };
  const rule: { self?: true; policies: readonly Policy[]; roles: readonly MemberRole[]; write: boolean } = permissionTable[action];
  if (rule.self) return { allowed: true };
  if (grants.isMain || grants.policies.includes("FullAccess")) return { allowed: true };
  if (rule.write && grants.policies.includes("ReadOnlyAccess")) return deny;
  if (rule.policies.some((p) => grants.policies.includes(p))) return { allowed: true };
  if (grants.roleInW !== undefined && rule.roles.includes(grants.roleInW)) return { allowed: true };
  return deny;
}

export interface Actor {
  name: PrincipalName;
  grants: Grants;
  userId: string;
  loginName: string;
  password: string;
  token: string;
}

/** The shared fixtures: workspace W with one app and one key, a bystander user, and every principal. */
export interface World {
  server: TestServer;
  close(): Promise<void>;
  workspaceW: string;
  otherWorkspace: string;
  appInW: string;
  keyInW: string;
  bystander: string;
  actors: Record<PrincipalName, Actor>;
}

export async function buildWorld(dialect: "sqlite" | "postgres"): Promise<World> {
  // Apps run against a fake OpenAI-compatible server on 127.0.0.1 that answers every model.
  const model = await startFakeModelServer();
  const providers = JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]);
  const server = await startTestServer({ dialect, env: { APPSTUDIO_MAX_SUB_WORKSPACES: "1000", APPSTUDIO_PROVIDERS: providers } });
  const workspaceW = await createWorkspace(server);
  const otherWorkspace = await createWorkspace(server);
  const appInW = await createApp(server, workspaceW);
  const keyInW = (await createApiKey(server, workspaceW)).id;
  const bystander = (await createUser(server)).id;
  const whoami = await server.call("GET", "/manage/v1/whoami", { token: server.adminToken });
  const actors = {
    main: { name: "main", grants: principals.main, userId: whoami.body.user.id, loginName: "admin", password: TEST_ADMIN_PASSWORD, token: server.adminToken },
  } as Record<PrincipalName, Actor>;

  for (const [name, grants] of Object.entries(principals) as [PrincipalName, Grants][]) {
    if (grants.isMain) continue;
    const user = await createUser(server, { policies: grants.policies });
    if (grants.roleInW) await addMember(server, workspaceW, user.id, grants.roleInW);
    if (name === "nonMember") await addMember(server, otherWorkspace, user.id, "admin");
    const token = await createToken(server, user);
    actors[name] = { name, grants, userId: user.id, loginName: user.loginName, password: user.password, token: token.secret };
    if (grants.token === "revoked") {
      const res = await server.call("DELETE", `/manage/v1/tokens/${token.id}`, { token: token.secret });
      expect(res.status).toBe(200);
    }
    if (grants.token === "expired") actors[name].token = await insertExpiredToken(server, user.id);
    if (grants.disabled) {
      const res = await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { disabled: true } });
      expect(res.body.disabled).toBe(true);
    }
  }
  const close = async () => {
    await server.close();
    await model.close();
  };
  return { server, close, workspaceW, otherWorkspace, appInW, keyInW, bystander, actors };
}

/** No API issues an already-expired token, so this one is written straight to storage. */
async function insertExpiredToken(server: TestServer, userId: string): Promise<string> {
  const secret = `ast_${randomBytes(24).toString("hex")}`;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  await server.container.core.repos.tokens.create({
    id: `pat-expired${randomBytes(3).toString("hex")}`,
    userId,
    name: "expired",
    prefix: secret.slice(0, 7),
    createdAt: yesterday,
    expiresAt: new Date(Date.now() - 1000).toISOString(),
    lastUsedAt: null,
    secretHash: createHash("sha256").update(secret).digest("hex"),
  });
  return secret;
}
