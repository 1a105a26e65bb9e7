import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Action, actions, isAllowed, type Principal } from "@appstudio/core";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, createUser, signIn } from "./support/accounts.js";
import { actionRequests, actsOnExistingUser, isNotExposed } from "./support/action-requests.js";
import { type CallResult, expectError } from "./support/error-body.js";
import {
  createdPolicies,
  escalationActors,
  expectedCreate,
  expectedOnAccount,
  type Operation,
  operations,
  type TargetKind,
  targetKinds,
} from "./support/escalation-cases.js";
import {
  buildWorld,
  createActor,
  type Expected,
  expectedOutcome,
  type Grants,
  type PrincipalName,
  principals,
  type World,
} from "./support/permission-world.js";

const principalNames = Object.keys(principals) as PrincipalName[];
const exposed = actions.filter((a) => !isNotExposed(actionRequests[a]));

describe("permission matrix: coverage", () => {
  it("maps every action of the permission table to an HTTP request (or says why it has none)", () => {
    expect(Object.keys(actionRequests).sort()).toEqual([...actions].sort());
  });

  it("checks every exposed action somewhere, and no action it calls 'not exposed'", () => {
    // Once a use case authorizes a 'not exposed' action, a route exists and the matrix must exercise it;
    // an exposed action nobody authorizes would make its row of the matrix meaningless.
    const roots = ["../../../packages/core/src", "../src"].map((p) => join(import.meta.dirname, p));
    const sources = roots.flatMap(sourceFiles).map((file) => readFileSync(file, "utf8"));
    const checked = (action: Action) => sources.some((text) => new RegExp(`(authorize\\w*|isAllowed)\\([^)]*["']${action.replace(".", "\\.")}["']`).test(text));
    expect(actions.filter((a) => isNotExposed(actionRequests[a]) && checked(a))).toEqual([]);
    expect(exposed.filter((a) => !checked(a))).toEqual([]);
  });

  it("derives the same expectations as core's isAllowed for every enabled principal", () => {
    for (const name of principalNames) {
      const grants: Grants = principals[name];
      if (grants.disabled || grants.token) continue;
      const principal: Principal = {
        userId: "u-1",
        loginName: name,
        isMain: grants.isMain ?? false,
        disabled: false,
        policies: grants.policies,
        memberships: new Map(grants.roleInW ? [["ws-w", grants.roleInW]] : [["ws-other", "admin"]]),
        ip: null,
      };
      for (const action of actions) {
        // As the matrix requests do: accounts acted on are plain users, policies granted are rank 1.
        const target = actsOnExistingUser.includes(action) ? { userId: "u-target", userRank: 1 as const } : {};
        expect({ name, action, allowed: isAllowed(principal, action, { workspaceId: "ws-w", grantsRank: 1, ...target }) }).toEqual({
          name,
          action,
          allowed: expectedOutcome(grants, action).allowed,
        });
      }
    }
  });
});

describe.each(testDialects())("permission matrix over HTTP (%s)", (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(dialect);
  }, 120_000);
  afterAll(() => world?.close());

  describe.each(principalNames)("%s", (name) => {
    it.each(exposed.map((action) => [action, expectedOutcome(principals[name], action)] as const))("%s -> %j", async (action: Action, expected) => {
      const build = actionRequests[action];
      if (isNotExposed(build)) throw new Error("unreachable");
      const actor = world.actors[name];
      const request = await build(world, actor);
      const res = await world.server.call(request.method, request.path, { token: actor.token, body: request.body });
      const where = `${name} ${action}: ${request.method} ${request.path}`;
      if (expected.allowed) {
        expect(res.status, `${where} -> ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${where} -> ${JSON.stringify(res.body)}`).toBeLessThan(300);
      } else {
        expectError(res, expected.status, expected.code, where);
      }
    });
  });
});

describe.each(testDialects())("escalation matrix: who may change whose account (%s)", (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(dialect);
  }, 120_000);
  afterAll(() => world?.close());

  const expectOutcome = (res: CallResult, expected: Expected, where: string) => {
    if (expected.allowed) expect(res.status, `${where} -> ${JSON.stringify(res.body)}`).toBe(res.status === 201 ? 201 : 200);
    else expectError(res, expected.status, expected.code, where);
  };

  /** The account acted on: the main account, the actor itself (a fresh twin, as self-changes are destructive), or a fresh account. */
  async function targetFor(actorName: PrincipalName, kind: TargetKind): Promise<{ id: string; actorToken: string; password: string }> {
    const actor = world.actors[actorName];
    if (kind === "main") return { id: world.actors.main.userId, actorToken: actor.token, password: actor.password };
    if (kind === "self") {
      if (actor.grants.isMain) return { id: actor.userId, actorToken: actor.token, password: actor.password };
      const twin = await createActor(world.server, world, actorName, actor.grants);
      return { id: twin.userId, actorToken: twin.token, password: twin.password };
    }
    return { id: (await createUser(world.server, { policies: targetKinds[kind].policies })).id, actorToken: actor.token, password: "" };
  }

  const cases = escalationActors.flatMap((actor) =>
    (Object.keys(targetKinds) as TargetKind[]).flatMap((target) =>
      (Object.keys(operations) as Operation[]).map((op) => [actor, target, op, expectedOnAccount(principals[actor], target, op)] as const),
    ),
  );

  it.each(cases)("%s -> %s account: %s -> %j", async (actorName, kind, op, expected) => {
    const target = await targetFor(actorName, kind);
    const self = kind === "self" || (kind === "main" && actorName === "main");
    const spec = operations[op];
    // Changing one's own password keeps it, so the main account stays usable for later cases.
    const body = op === "password" && self ? { password: target.password } : spec.body?.();
    const path = `/manage/v1/users/${target.id}`;
    const res = await world.server.call(body ? "PATCH" : "DELETE", path, { token: target.actorToken, ...(body ? { body } : {}) });
    expectOutcome(res, expected, `${actorName} ${op} ${kind}: ${body ? "PATCH" : "DELETE"} ${path}`);
  });

  it.each(escalationActors.flatMap((actor) => createdPolicies.map((policies) => [actor, policies, expectedCreate(principals[actor], policies)] as const)))(
    "%s creates an account with %j -> %j",
    async (actorName, policies, expected) => {
      const body = { loginName: `made-${actorName.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}`, password: "a-good-password", policies };
      expectOutcome(
        await world.server.call("POST", "/manage/v1/users", { token: world.actors[actorName].token, body }),
        expected,
        `${actorName} POST /users ${JSON.stringify(policies)}`,
      );
    },
  );

  it("ControlFullAccess cannot take over a super administrator by resetting the password (issue 13, item 3)", async () => {
    const boss = await createUser(world.server, { policies: ["FullAccess"] });
    const res = await world.server.call("PATCH", `/manage/v1/users/${boss.id}`, {
      token: world.actors.controlFullAccess.token,
      body: { password: "taken-over-password-1" },
    });
    expectError(res, 403, "InsufficientPermissions");
    expect(res.body.message).toContain("lower privilege than yours");
    expectError(
      await world.server.call("POST", "/manage/v1/session", { body: { loginName: boss.loginName, password: "taken-over-password-1" } }),
      401,
      "InvalidCredentials",
    );
    expect((await world.server.call("POST", "/manage/v1/session", { body: { loginName: boss.loginName, password: boss.password } })).status).toBe(200);
  });

  it("nobody creates a token for someone else, nor revokes or sees someone else's tokens", async () => {
    const victim = await createUser(world.server);
    const victimToken = await createToken(world.server, victim);
    const attacker = world.actors.fullAccess;
    const forged = await world.server.call("POST", "/manage/v1/tokens", { token: attacker.token, body: { name: "x", userId: victim.id } });
    expectError(forged, 400, "InvalidParameter");
    const revoke = await world.server.call("DELETE", `/manage/v1/tokens/${victimToken.id}`, { token: attacker.token });
    const missing = await world.server.call("DELETE", "/manage/v1/tokens/pat-doesnotexist0", { token: attacker.token });
    expectError(revoke, 404, "NotFound");
    expect(revoke.body.message.replace(victimToken.id, "ID")).toBe(missing.body.message.replace("pat-doesnotexist0", "ID"));
    const listed = await world.server.call("GET", "/manage/v1/tokens", { token: attacker.token });
    expect(listed.body.items.map((t: { id: string }) => t.id)).not.toContain(victimToken.id);
    expect((await world.server.call("GET", "/manage/v1/whoami", { token: victimToken.secret })).status).toBe(200);
  });

  it("ControlFullAccess that makes itself a workspace admin still cannot change, publish, delete or run apps (issue 13, item 4)", async () => {
    const control = world.actors.controlFullAccess;
    const call = (method: string, path: string, body?: unknown) =>
      world.server.call(method, `/manage/v1${path}`, { token: control.token, ...(body ? { body } : {}) });
    const join = await call("POST", `/workspaces/${world.workspaceW}/members`, { userId: control.userId, role: "admin" });
    expect(join.status, JSON.stringify(join.body)).toBe(200);
    try {
      expectError(await call("PATCH", `/apps/${world.appInW}`, { description: "edited by control" }), 403, "InsufficientPermissions");
      expectError(await call("POST", `/apps/${world.appInW}/publish`, {}), 403, "InsufficientPermissions");
      expectError(await call("POST", `/apps/${world.appInW}/test-run`, { input: { prompt: "hello" } }), 403, "InsufficientPermissions");
      expectError(await call("DELETE", `/apps/${world.appInW}`), 403, "InsufficientPermissions");
      expectError(await call("POST", "/apps", { workspaceId: world.workspaceW, type: "agent", name: "by-control" }), 403, "InsufficientPermissions");
      expect((await call("GET", `/apps/${world.appInW}`)).body.description).not.toBe("edited by control");
    } finally {
      await call("DELETE", `/workspaces/${world.workspaceW}/members/${control.userId}`);
    }
  });

  it("a password reset by a higher rank ends the account's sessions; a refused one leaves them alone", async () => {
    const user = await createUser(world.server, { policies: ["ControlFullAccess"] });
    const cookie = await signIn(world.server, user.loginName, user.password);
    const whoami = () => world.server.call("GET", "/manage/v1/whoami", { headers: { cookie } });
    const peer = world.actors.controlFullAccess.token;
    expectError(await world.server.call("PATCH", `/manage/v1/users/${user.id}`, { token: peer, body: { disabled: true } }), 403, "InsufficientPermissions");
    expect((await whoami()).status).toBe(200);
    expect(
      (await world.server.call("PATCH", `/manage/v1/users/${user.id}`, { token: world.actors.fullAccess.token, body: { password: "reset-by-boss-1" } })).status,
    ).toBe(200);
    expectError(await whoami(), 401, "NotAuthenticated");
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}
