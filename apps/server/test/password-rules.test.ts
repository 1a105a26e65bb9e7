import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestDatabase, testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { createUser, signIn, uniqueName } from "./support/accounts.js";
import { type CallResult, expectError } from "./support/error-body.js";

/** A 400 naming the field, with the reason a person can act on. */
function expectRefused(res: CallResult, field: string, reason: RegExp): void {
  expectError(res, 400, "InvalidParameter");
  expect(res.body.details.fields).toEqual([{ field, message: expect.stringMatching(reason) }]);
}

const COMMON = /^is one of the most common passwords/;

describe.each(testDialects())("weak passwords are refused wherever a password is set (%s)", (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(() => server?.close());

  const create = (loginName: string, password: string) => server.call("POST", "/manage/v1/users", { token: server.adminToken, body: { loginName, password } });

  it("creating a user: common, login name, whitespace-only, control characters, too short", async () => {
    const loginName = uniqueName("pw");
    expectRefused(await create(loginName, "Password123"), "password", COMMON);
    expectRefused(await create(loginName, loginName.toUpperCase()), "password", /^must not be the same as the login name$/);
    expectRefused(await create(loginName, "            "), "password", /^must not be only spaces$/);
    expectRefused(await create(loginName, "line\nbreak-in-password"), "password", /control characters/);
    expectRefused(await create(loginName, "short"), "password", /^must be at least 8 characters long$/);
    expect((await server.call("GET", `/manage/v1/users?search=${loginName}`, { token: server.adminToken })).body.total).toBe(0);
    expect((await create(loginName, "Ünïcödé passphrase ok")).status).toBe(201);
  });

  it("an administrator's password reset (PATCH /users/{id})", async () => {
    const user = await createUser(server);
    const reset = (password: string) => server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { password } });
    expectRefused(await reset("iloveyou"), "password", COMMON);
    expectRefused(await reset(user.loginName), "password", /login name/);
    expectRefused(await reset("tab\tinside-password"), "password", /control characters/);
    // The old password still works: nothing was changed.
    await signIn(server, user.loginName, user.password);
    expect((await reset("a much better passphrase")).status).toBe(200);
  });

  it("changing one's own password (POST /account/password)", async () => {
    const user = await createUser(server);
    const cookie = await signIn(server, user.loginName, user.password);
    const change = (newPassword: string) =>
      server.call("POST", "/manage/v1/account/password", { headers: { cookie }, body: { currentPassword: user.password, newPassword } });
    expectRefused(await change("qwertyuiop"), "newPassword", COMMON);
    expectRefused(await change("\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000"), "newPassword", /only spaces/);
    expectRefused(await change(user.loginName), "newPassword", /login name/);
    expect((await change("my own long passphrase")).status).toBe(200);
  });
});

describe("APPSTUDIO_ADMIN_PASSWORD on the first start", () => {
  it("a common one stops `npm start` with a configuration error (exit 2), not a stack trace", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "appstudio-weak-admin-"));
    try {
      const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "../src/main.ts")], {
        env: {
          ...process.env,
          PORT: "0",
          APPSTUDIO_HOST: "127.0.0.1",
          APPSTUDIO_DATA_DIR: dataDir,
          APPSTUDIO_ADMIN_PASSWORD: "password123",
          APPSTUDIO_PROBE_OLLAMA: "false",
          DATABASE_URL: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((done) => child.once("exit", done));
      expect(code, stderr).toBe(2);
      expect(stderr).toContain("Invalid configuration:\n  - adminPassword (APPSTUDIO_ADMIN_PASSWORD): is one of the most common passwords");
      expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("is ignored once the main account exists, so an old weak value does not block an upgrade", async () => {
    const database = await createTestDatabase("sqlite");
    // A restart: a new process (and data directory) given the master key the database was set up with.
    const key = { APPSTUDIO_MASTER_KEY: "the-master-key-this-database-was-set-up-with" };
    const first = await startTestServer({ database, env: key });
    await first.close();
    const again = await startTestServer({ database, env: { ...key, APPSTUDIO_ADMIN_PASSWORD: "password123" } });
    try {
      expect((await again.call("GET", "/manage/v1/whoami", { token: again.adminToken })).status).toBe(200);
    } finally {
      await again.close();
      await database.drop();
    }
  });
});
