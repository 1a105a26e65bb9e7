import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../src/testing/index.js";
import { createToken, createUser, signIn } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

// Small budgets so the tests reach them: per login name from one address, per address, per login name overall.
const ATTEMPTS = 3;
const PER_ADDRESS = 15;
const PER_ACCOUNT = 6;

describe.each(testDialects())("console sign-in and sessions (%s)", (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    // Behind a trusted proxy each test can sign in "from" its own address (X-Forwarded-For).
    server = await startTestServer({
      dialect,
      env: {
        APPSTUDIO_LOGIN_ATTEMPTS: String(ATTEMPTS),
        APPSTUDIO_LOGIN_ATTEMPTS_PER_ADDRESS: String(PER_ADDRESS),
        APPSTUDIO_LOGIN_ATTEMPTS_PER_ACCOUNT: String(PER_ACCOUNT),
        APPSTUDIO_TRUST_PROXY: "127.0.0.1",
      },
    });
  });
  afterAll(() => server?.close());

  const whoami = (cookie: string) => server.call("GET", "/manage/v1/whoami", { headers: { cookie } });
  const attempt = (loginName: string, password: string, ip?: string) =>
    server.call("POST", "/manage/v1/session", { body: { loginName, password }, ...(ip ? { headers: { "x-forwarded-for": ip } } : {}) });

  it("sets an HttpOnly, SameSite=Strict session cookie scoped to the whole site", async () => {
    const res = await attempt("admin", TEST_ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^appstudio_session=[0-9a-f]{64};/);
    const attributes = cookie
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=strict");
    expect(attributes).toContain("path=/");
    expect(attributes.some((a) => a.startsWith("expires="))).toBe(true);
    // Plain HTTP here; Secure is only set when the request came over HTTPS.
    expect(attributes).not.toContain("secure");
  });

  it("signs out: the cookie is cleared and the old session no longer works", async () => {
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    expect((await whoami(cookie)).status).toBe(200);
    const out = await server.call("DELETE", "/manage/v1/session", { headers: { cookie } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^appstudio_session=;.*Expires=Thu, 01 Jan 1970/i);
    expectError(await whoami(cookie), 401, "NotAuthenticated");
  });

  it("throttles repeated failed sign-ins of one login name from one address with 429 Throttling and retry-after, even for the right password", async () => {
    const user = await createUser(server);
    for (let i = 0; i < ATTEMPTS; i++) expectError(await attempt(user.loginName, "wrong-password", "10.0.0.1"), 401, "InvalidCredentials");
    const blocked = await attempt(user.loginName, user.password, "10.0.0.1");
    expectError(blocked, 429, "Throttling");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The login name stays locked from that address in any letter case...
    expectError(await attempt(user.loginName.toUpperCase(), user.password, "10.0.0.1"), 429, "Throttling");
    // ...while its owner elsewhere, and other accounts, are unaffected.
    expect((await attempt(user.loginName, user.password, "10.0.0.2")).status).toBe(200);
    expect((await attempt("admin", TEST_ADMIN_PASSWORD, "10.0.0.3")).status).toBe(200);
  });

  it("throttles one address guessing across many login names, unknown ones included, with a larger budget", async () => {
    const user = await createUser(server);
    // A few typos from a shared address do not lock it out...
    for (let i = 0; i < ATTEMPTS; i++) expectError(await attempt(`guess-a${i}`, "wrong-password", "10.0.1.1"), 401, "InvalidCredentials");
    expect((await attempt(user.loginName, user.password, "10.0.1.1")).status).toBe(200);
    // ...but guessing across accounts does, once the address's budget of failures is spent.
    for (let i = ATTEMPTS; i < PER_ADDRESS; i++) expectError(await attempt(`guess-b${i}`, "wrong-password", "10.0.1.1"), 401, "InvalidCredentials");
    expectError(await attempt(user.loginName, user.password, "10.0.1.1"), 429, "Throttling");
    expectError(await attempt("admin", TEST_ADMIN_PASSWORD, "10.0.1.1"), 429, "Throttling");
    expect((await attempt(user.loginName, user.password, "10.0.1.2")).status).toBe(200);
  });

  it("never counts successful sign-ins: twice the address budget of them from one address all succeed", async () => {
    const user = await createUser(server);
    for (let i = 0; i < PER_ADDRESS * 2 + 1; i++) {
      const res = await attempt(i % 2 ? user.loginName : "admin", i % 2 ? user.password : TEST_ADMIN_PASSWORD, "10.0.4.1");
      expect(res.status, `sign-in ${i + 1}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it("lets the owner in from an address that has not failed after attackers spent the account's budget from other addresses", async () => {
    const user = await createUser(server);
    for (let i = 0; i < PER_ACCOUNT; i++) expectError(await attempt(user.loginName, "wrong-password", `10.0.5.${i % 2}`), 401, "InvalidCredentials");
    // The attacking addresses are refused, even if they now guessed right, and so is a fresh one after one miss...
    expectError(await attempt(user.loginName, user.password, "10.0.5.0"), 429, "Throttling");
    expectError(await attempt(user.loginName, "wrong-password", "10.0.5.99"), 401, "InvalidCredentials");
    expectError(await attempt(user.loginName, user.password, "10.0.5.99"), 429, "Throttling");
    // ...while the owner, from an address without failures, signs in.
    expect((await attempt(user.loginName, user.password, "10.0.5.200")).status).toBe(200);
  });

  it("does not count failures of the server itself: a database outage during sign-in uses up no budget", async () => {
    const users = server.container.core.repos.users;
    const outage = vi.spyOn(users, "findByLoginName").mockRejectedValue(new Error("connection terminated unexpectedly"));
    try {
      for (let i = 0; i < PER_ADDRESS + 1; i++) {
        const res = await attempt("admin", TEST_ADMIN_PASSWORD, "10.0.6.1");
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: "ServiceUnavailable" });
      }
    } finally {
      outage.mockRestore();
    }
    expect((await attempt("admin", TEST_ADMIN_PASSWORD, "10.0.6.1")).status).toBe(200);
  });

  it("counts wrong current passwords on the password-change route against the same budgets", async () => {
    const user = await createUser(server);
    const cookie = await signIn(server, user.loginName, user.password);
    const change = (currentPassword: string) =>
      server.call("POST", "/manage/v1/account/password", { headers: { cookie }, body: { currentPassword, newPassword: "a-new-good-password-1" } });
    for (let i = 0; i < ATTEMPTS; i++) expectError(await change("wrong-password"), 401, "InvalidCredentials");
    expectError(await change(user.password), 429, "Throttling");
  });

  it("refuses a disabled user's sign-in with AccountDisabled and ends their session and tokens", async () => {
    const user = await createUser(server);
    const cookie = await signIn(server, user.loginName, user.password);
    const token = await createToken(server, user);
    expect((await whoami(cookie)).status).toBe(200);
    const disable = await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { disabled: true } });
    expect(disable.status).toBe(200);

    expectError(await attempt(user.loginName, user.password, "10.0.2.1"), 403, "AccountDisabled");
    expectError(await whoami(cookie), 401, "NotAuthenticated");
    expectError(await server.call("GET", "/manage/v1/whoami", { token: token.secret }), 403, "AccountDisabled");
    // A wrong password does not reveal that the account exists but is disabled.
    expectError(await attempt(user.loginName, "wrong-password", "10.0.2.2"), 401, "InvalidCredentials");

    // Enabling again revives the token, not the session that was ended.
    await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { disabled: false } });
    expectError(await whoami(cookie), 401, "NotAuthenticated");
    expect((await server.call("GET", "/manage/v1/whoami", { token: token.secret })).status).toBe(200);
  });

  it("ends a user's sessions when an administrator resets the password", async () => {
    const user = await createUser(server);
    const cookie = await signIn(server, user.loginName, user.password);
    const other = await signIn(server, user.loginName, user.password);
    const reset = await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { password: "reset-by-admin-1" } });
    expect(reset.status).toBe(200);
    expectError(await whoami(cookie), 401, "NotAuthenticated");
    expectError(await whoami(other), 401, "NotAuthenticated");
    expectError(await attempt(user.loginName, user.password, "10.0.3.1"), 401, "InvalidCredentials");
    expect((await whoami(await signIn(server, user.loginName, "reset-by-admin-1"))).status).toBe(200);
  });

  it("refuses requests without credentials or with a forged cookie", async () => {
    expectError(await server.call("GET", "/manage/v1/whoami"), 401, "NotAuthenticated");
    expectError(await whoami(`appstudio_session=${"0".repeat(64)}`), 401, "NotAuthenticated");
    expectError(await server.call("GET", "/manage/v1/whoami", { token: "ast_forged" }), 401, "NotAuthenticated");
  });
});
