import { createHash } from "node:crypto";
import { createTestDatabase, testDialects } from "@appstudio/storage/testing";
import { describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD } from "../src/testing/index.js";
import { addMember, createApiKey, createApp, createToken, createUser, createWorkspace, signIn } from "./support/accounts.js";

// A restart is a new process with a new data directory: it must be given the key the database was set up with.
const SHARED_KEY = { APPSTUDIO_MASTER_KEY: "the-master-key-this-database-was-set-up-with" };
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe.each(testDialects())("persistence and secrets (%s)", (dialect) => {
  it("keeps everything across a restart on the same database, and old credentials keep working", async () => {
    const database = await createTestDatabase(dialect);
    try {
      const first = await startTestServer({ dialect, database, env: SHARED_KEY });
      const t = first.adminToken;
      const ws = await createWorkspace(first, "persisted-team");
      const app = await createApp(first, ws, "persisted-app");
      await first.call("POST", `/manage/v1/apps/${app}/publish`, { token: t, body: { note: "v1" } });
      const edited = { model: "qwen-max", instructions: "edited after publish", dialogRounds: 2, tools: [] };
      expect((await first.call("PATCH", `/manage/v1/apps/${app}`, { token: t, body: { description: "described", config: edited } })).status).toBe(200);
      const key = await createApiKey(first, ws);
      const user = await createUser(first, { policies: ["ControlFullAccess"] });
      await addMember(first, ws, user.id, "admin");
      const userToken = await createToken(first, user);
      const paths = [
        `/manage/v1/workspaces/${ws}`,
        `/manage/v1/apps/${app}`,
        `/manage/v1/apps/${app}/versions`,
        `/manage/v1/api-keys/${key.id}`,
        `/manage/v1/users/${user.id}`,
        `/manage/v1/workspaces/${ws}/members`,
        "/manage/v1/workspaces?all=true",
        "/manage/v1/users",
      ];
      const before = await Promise.all(paths.map((p) => first.call("GET", p, { token: t })));
      const auditBefore = await first.call("GET", "/manage/v1/audit-events?limit=200", { token: t });
      const adminId = (await first.call("GET", "/manage/v1/whoami", { token: t })).body.user.id;
      await first.close();

      const second = await startTestServer({ dialect, database, env: SHARED_KEY });
      try {
        const after = await Promise.all(paths.map((p) => second.call("GET", p, { token: t })));
        for (const [i, res] of after.entries()) {
          expect(res.status, paths[i]).toBe(200);
          // The user list gained nothing; API key last-used may not have changed; everything else is identical.
          expect(withoutPorts(res.body), paths[i]).toEqual(withoutPorts(before[i]!.body));
        }
        expect(after[1]!.body).toMatchObject({ status: "changed", publishedVersion: 1, description: "described", draft: edited });
        expect(after[6]!.body.items.filter((w: { isDefault: boolean }) => w.isDefault)).toHaveLength(1);
        const auditAfter = await second.call("GET", "/manage/v1/audit-events?limit=200", { token: t });
        expect(auditAfter.body.items.slice(-auditBefore.body.items.length)).toEqual(auditBefore.body.items);
        expect((await second.call("GET", "/manage/v1/whoami", { token: t })).body.user.id).toBe(adminId);
        expect((await second.call("GET", "/manage/v1/whoami", { token: userToken.secret })).body.user.id).toBe(user.id);
        await signIn(second, user.loginName, user.password);
        const apps = await second.call("GET", "/api/v1/apps", { token: key.secret });
        expect(apps.status).toBe(200);
        expect(apps.body.items.map((a: { app_id: string }) => a.app_id)).toContain(app);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it("never shows a secret again after creation: not in responses, the audit log or the debug log", async () => {
    const lines: string[] = [];
    const server = await startTestServer({ dialect, log: { level: "trace", stream: { write: (line) => void lines.push(line) } } });
    try {
      const t = server.adminToken;
      const ws = await createWorkspace(server);
      await createApp(server, ws);
      const user = await createUser(server, { password: "first-password-1" });
      await addMember(server, ws, user.id, "admin");
      const token = await createToken(server, user);
      const key = await createApiKey(server, ws);
      const reset = await server.call("POST", `/manage/v1/api-keys/${key.id}/reset`, { token: t });
      expect(reset.status).toBe(200);
      const newKey: string = reset.body.secret;
      expect(newKey).toMatch(/^sk-[0-9a-f]{32,}$/);
      expect(newKey).not.toBe(key.secret);
      await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: t, body: { password: "second-password-2" } });
      const cookie = await signIn(server, user.loginName, "second-password-2");
      const changed = await server.call("POST", "/manage/v1/account/password", {
        headers: { cookie },
        body: { currentPassword: "second-password-2", newPassword: "third-password-3" },
      });
      expect(changed.status).toBe(200);
      const failed = await server.call("POST", "/manage/v1/session", { body: { loginName: user.loginName, password: "wrong-guess-password" } });
      expect(failed.status).toBe(401);
      await server.call("GET", "/api/v1/apps", { token: newKey });
      await server.call("GET", "/api/v1/apps", { token: key.secret });

      // The key reset replaced the stored hash: the old secret finds nothing, the new one the same key.
      const repos = server.container.core.repos;
      expect(await repos.apiKeys.findByHash(sha256(key.secret))).toBeUndefined();
      expect((await repos.apiKeys.findByHash(sha256(newKey)))?.id).toBe(key.id);
      expect((await server.call("GET", "/api/v1/apps", { token: key.secret })).status).toBe(401);

      const passwordHash = (await repos.users.findByLoginName(user.loginName))!.passwordHash;
      const secrets: Record<string, string> = {
        "admin password": TEST_ADMIN_PASSWORD,
        "admin token": t,
        "user passwords": "first-password-1|second-password-2|third-password-3|wrong-guess-password",
        "user token": token.secret,
        "old API key": key.secret,
        "new API key": newKey,
        "session cookie": cookie.split("=")[1]!,
        "password hash": passwordHash,
        "token hash": sha256(token.secret),
        "key hash": sha256(newKey),
      };
      const responses: string[] = [];
      for (const path of [
        "/manage/v1/users?limit=200",
        `/manage/v1/users/${user.id}`,
        "/manage/v1/tokens",
        "/manage/v1/api-keys?limit=200",
        `/manage/v1/api-keys/${key.id}`,
        "/manage/v1/audit-events?limit=200",
        "/manage/v1/whoami",
        `/manage/v1/workspaces/${ws}/members`,
      ]) {
        for (const auth of [{ token: t }, { headers: { cookie } }]) {
          const res = await server.call("GET", path, auth);
          responses.push(`${path}: ${JSON.stringify(res.body)}`);
        }
      }
      const audit = await repos.audit.list({ limit: 500, offset: 0 });
      expect(audit.total).toBeGreaterThan(8);
      const log = lines.join("");
      expect(log).toContain("incoming request");
      expect(log).toContain(`/manage/v1/users/${user.id}`);
      for (const [what, secret] of Object.entries(secrets)) {
        for (const part of secret.split("|")) {
          expect(
            responses.filter((r) => r.includes(part)),
            `${what} in a response`,
          ).toEqual([]);
          expect(JSON.stringify(audit.items).includes(part), `${what} in the audit log`).toBe(false);
          expect(log.includes(part), `${what} in the server log`).toBe(false);
        }
      }
    } finally {
      await server.close();
    }
  });
});

/** Base URLs name the port the server listens on, which a restart on port 0 changes. */
function withoutPorts(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body).replace(/(localhost):\d+/g, "$1:PORT"));
}
