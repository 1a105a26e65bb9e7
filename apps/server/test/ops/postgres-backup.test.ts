import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../../src/testing/index.js";
import { completion, manage, seedOverHttp } from "./support/seed-over-http.js";

const KEY = "the-master-key-kept-with-the-postgres-backup-0001";

/**
 * The documented PostgreSQL procedure (docs/operations.md#backup-and-restore): pg_dump -Fc of a
 * database in use, pg_restore --no-owner into an empty one, a server started on it with the same
 * APPSTUDIO_MASTER_KEY. CI installs PostgreSQL and its client tools, so this never skips there.
 */
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("PostgreSQL backup and restore with pg_dump and pg_restore", () => {
  const dir = mkdtempSync(join(tmpdir(), "appstudio-pgdump-"));
  let model: FakeModelServer;
  let source: TestServer | undefined;
  let restored: TestServer | undefined;
  let target: TestDatabase | undefined;

  afterAll(async () => {
    await source?.close();
    await restored?.close();
    await target?.drop();
    await model?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("round trip: apps, versions, the old API key, sessions, knowledge bases and call logs", async () => {
    model = await startFakeModelServer({ apiKey: "sk-sealed-provider-key" });
    source = await startTestServer({ dialect: "postgres", env: { APPSTUDIO_MASTER_KEY: KEY } });
    const seeded = await seedOverHttp(source.url, TEST_ADMIN_PASSWORD);
    const base = source.url;
    await manage(base, seeded.token, "POST", "/manage/v1/providers", { name: "sealed", baseUrl: model.url, apiKey: "sk-sealed-provider-key", models: ["*"] });
    await manage(base, seeded.token, "POST", `/manage/v1/apps/${seeded.appId}/publish`, {});
    await manage(base, seeded.token, "POST", "/manage/v1/knowledge-bases", { workspaceId: seeded.workspaceId, name: "kept-kb" });
    const first = await completion(base, seeded, "remember: green");
    expect(first.status).toBe(200);
    const requestId = first.headers.get("x-request-id")!;
    const sessionId = (await first.json()).output.session_id;
    await source.container.callLog.flush();

    const dump = join(dir, "appstudio.dump");
    execFileSync("pg_dump", ["--format=custom", `--file=${dump}`, source.database.url]);
    target = await createTestDatabase("postgres");
    execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${target.url}`, dump]);
    await source.close();
    source = undefined;

    restored = await startTestServer({ dialect: "postgres", database: target, env: { APPSTUDIO_MASTER_KEY: KEY } });
    const url = restored.url;
    const before = model.requests.length;
    const call = await fetch(`${url}/api/v1/apps/${seeded.appId}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${seeded.key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "which colour?", session_id: sessionId } }),
    });
    expect(call.status).toBe(200);
    expect((await call.json()).output.session_id).toBe(sessionId);
    expect(model.requests[before]?.body.messages?.map((m) => m.content)).toContain("remember: green");
    expect((await manage(url, seeded.token, "GET", `/manage/v1/apps/${seeded.appId}/versions`)).items).toHaveLength(2);
    const kbs = await manage(url, seeded.token, "GET", `/manage/v1/knowledge-bases?workspaceId=${seeded.workspaceId}`);
    expect(kbs.items.map((k: { name: string }) => k.name)).toContain("kept-kb");
    expect(await manage(url, seeded.token, "GET", `/manage/v1/call-logs/${requestId}`)).toMatchObject({ requestId, status: 200 });
  }, 90_000);
});
