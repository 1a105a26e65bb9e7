import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";

const STRICT_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

/** Parses a CSP header into directive -> sources. */
function csp(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

describe("security headers (helmet)", () => {
  let server: TestServer;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), "appstudio-console-"));
    mkdirSync(join(consoleDir, "assets"));
    writeFileSync(join(consoleDir, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(consoleDir, "assets/app.js"), "console.log(1)");
    server = await startTestServer({ env: { APPSTUDIO_CONSOLE_DIR: consoleDir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const get = (path: string) => server.call("GET", path);

  it("sends the common hardening headers on every response, APIs and console alike", async () => {
    const responses = await Promise.all([
      get("/"),
      get("/openapi.json"),
      get("/healthz"),
      get("/manage/v1/whoami"),
      server.call("POST", "/api/v1/apps/x/completion", { body: {} }),
    ]);
    for (const res of responses) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("gives API responses, errors and the OpenAPI document a policy that allows nothing", async () => {
    for (const path of ["/openapi.json", "/healthz", "/manage/v1/whoami", "/manage/v1/no-such-route", "/api/v1/no-such-route"]) {
      expect((await get(path)).headers.get("content-security-policy"), path).toBe(STRICT_CSP);
    }
    const completion = await server.call("POST", "/api/v1/apps/x/completion", { body: {} });
    expect(completion.status).toBe(401);
    expect(completion.headers.get("content-security-policy")).toBe(STRICT_CSP);
  });

  it("lets console pages load their own scripts only, never inline ones, and never be framed", async () => {
    for (const path of ["/", "/index.html", "/apps/some-app/edit", "/assets/app.js"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const policy = csp(res.headers.get("content-security-policy"));
      expect(policy["script-src"], path).toEqual(["'self'"]);
      expect(policy["script-src-attr"], path).toEqual(["'none'"]);
      expect(policy["default-src"], path).toEqual(["'self'"]);
      expect(policy["connect-src"], path).toEqual(["'self'"]);
      expect(policy["object-src"], path).toEqual(["'none'"]);
      expect(policy["frame-ancestors"], path).toEqual(["'none'"]);
      expect(policy["style-src"], path).toEqual(["'self'", "'unsafe-inline'"]);
      // A console on plain HTTP (a LAN address) must not ask for its own files over HTTPS.
      expect(policy, path).not.toHaveProperty("upgrade-insecure-requests");
    }
  });
});
