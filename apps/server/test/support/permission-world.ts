import { createHash, randomBytes } from "node:crypto";
import { type Action, type MemberRole, type PermissionRule, type Policy, permissionTable } from "@appstudio/core";
import { startFakeModelServer } from "@appstudio/core/testing";
import { expect } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../../src/testing/index.js";
import { addMember, createApiKey, createApp, createToken, createUser, createWorkspace } from "./accounts.js";
import { actsOnExistingUser, lookedUpWith } from "./action-requests.js";

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
  // The two-step path: a control-plane administrator holding a workspace role still may not touch app content.
  controlAdminOfW: { policies: ["ControlFullAccess"], roleInW: "admin" },
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

/** Privilege rank as docs/permissions.md states it: main > FullAccess > ControlFullAccess (without ReadOnlyAccess) > everyone else. */
export function rankOfGrants(grants: Pick<Grants, "isMain" | "policies">): number {
  if (grants.isMain) return 4;
  if (grants.policies.includes("FullAccess")) return 3;
  if (grants.policies.includes("ControlFullAccess") && !grants.policies.includes("ReadOnlyAccess")) return 2;
  return 1;
}

/**
 * Whether the table's grants allow an action in workspace W, read from the rules as the table's
 * TSDoc states them (not by calling core's isAllowed): `self` actions are open to every signed-in
 * user; super administrators may do everything; ReadOnlyAccess refuses writes and
 * ControlFullAccess refuses app content, whatever the role; otherwise a listed policy or a listed
 * role in the workspace grants it. Ranks (`outrank`) are left to the caller.
 */
export function grantedByTable(grants: Grants, action: Action): boolean {
  const rule: { self?: true; policies: readonly Policy[]; roles: readonly MemberRole[]; write: boolean; content?: true } = permissionTable[action];
  if (rule.self) return true;
  if (grants.isMain || grants.policies.includes("FullAccess")) return true;
  if (rule.write && grants.policies.includes("ReadOnlyAccess")) return false;
  if (rule.content && grants.policies.includes("ControlFullAccess")) return false;
  if (rule.policies.some((p) => grants.policies.includes(p))) return true;
  return grants.roleInW !== undefined && rule.roles.includes(grants.roleInW);
}

const deny = { allowed: false as const, status: 403, code: "InsufficientPermissions" };
const hidden = { allowed: false as const, status: 404, code: "NotFound" };

/**
 * The expected outcome of the matrix request for an action: a dead credential or a disabled
 * account is refused before anything else; a resource named in the path that the principal may
 * not read is a 404, as if it did not exist; then the table decides. Every account the matrix
 * acts on is a plain user (rank 1) and every policy it grants is rank 1, so `outrank` actions
 * need a rank of 2 or more; the escalation matrix covers the other ranks.
 */
export function expectedOutcome(grants: Grants, action: Action): Expected {
  if (grants.token === "revoked" || grants.token === "expired") return { allowed: false, status: 401, code: "NotAuthenticated" };
  if (grants.disabled) return { allowed: false, status: 403, code: "AccountDisabled" };
  const lookup = lookedUpWith[action];
  if (lookup && !grantedByTable(grants, lookup)) return hidden;
  if (!grantedByTable(grants, action)) return deny;
  const rule: PermissionRule = permissionTable[action];
  if (rule.outrank && actsOnExistingUser.includes(action) && rankOfGrants(grants) <= 1) return deny;
  return { allowed: true };
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
    if (!grants.isMain) actors[name] = await createActor(server, { workspaceW, otherWorkspace }, name, grants);
  }
  const close = async () => {
    await server.close();
    await model.close();
  };
  return { server, close, workspaceW, otherWorkspace, appInW, keyInW, bystander, actors };
}

/** A fresh user holding `grants` (policies, role in W, token state), set up through the API by the main account. */
export async function createActor(
  server: TestServer,
  where: { workspaceW: string; otherWorkspace: string },
  name: PrincipalName,
  grants: Grants,
): Promise<Actor> {
  const user = await createUser(server, { policies: grants.policies });
  if (grants.roleInW) await addMember(server, where.workspaceW, user.id, grants.roleInW);
  if (name === "nonMember") await addMember(server, where.otherWorkspace, user.id, "admin");
  const token = await createToken(server, user);
  const actor: Actor = { name, grants, userId: user.id, loginName: user.loginName, password: user.password, token: token.secret };
  if (grants.token === "revoked") {
    const res = await server.call("DELETE", `/manage/v1/tokens/${token.id}`, { token: token.secret });
    expect(res.status).toBe(200);
  }
  if (grants.token === "expired") actor.token = await insertExpiredToken(server, user.id);
  if (grants.disabled) {
    const res = await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { disabled: true } });
    expect(res.body.disabled).toBe(true);
  }
  return actor;
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
